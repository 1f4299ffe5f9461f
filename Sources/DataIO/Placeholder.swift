public enum DataIOPlaceholder {}
