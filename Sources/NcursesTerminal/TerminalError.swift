/// Why the explorer could not take over the terminal.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// stdout (or stdin) is a pipe or a file.
    case notATerminal
    /// `TERM` is unset, `dumb`, or cannot move the cursor.
    case dumbTerminal(term: String)
    /// terminfo has no entry for `TERM`.
    case unknownTerminal(term: String)

    public var description: String {
        switch self {
        case .notATerminal: return "stdout is not a terminal"
        case .dumbTerminal(let term): return "TERM=\(term) cannot move the cursor"
        case .unknownTerminal(let term): return "TERM=\(term) is not in the terminfo database"
        }
    }
}
