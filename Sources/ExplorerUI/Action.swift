import TUICore

/// Something that happened: a key, a tick of the clock, a new terminal size.
public enum Action: Sendable, Equatable {
    /// A key was pressed.
    case keyPressed(Key)
    /// The input timed out: running training advances, nothing else changes.
    case tick
    /// The terminal is now this size.
    case resized(Size)
}

/// Work the reducer asks the run loop to do outside the model.
public enum Effect: Sendable, Equatable {
    /// Leave the explorer.
    case quit
}
