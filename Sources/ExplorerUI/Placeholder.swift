public enum ExplorerUIPlaceholder {}
