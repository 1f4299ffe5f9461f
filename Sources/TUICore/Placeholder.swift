public enum TUICorePlaceholder {}
