import DataIO

/// A failure a command reports as `error: …` on stderr, with a conventional exit status.
public struct CommandError: Error, CustomStringConvertible, Sendable {
    /// `sysexits.h` names, as argument parsers use them.
    public enum Status: Int32, Sendable {
        /// The run failed (training diverged, a terminal could not be opened).
        case failure = 1
        /// Bad command line: unknown flag, bad value, unknown loss (EX_USAGE).
        case usage = 64
        /// Bad input data: a malformed file (EX_DATAERR).
        case dataError = 65
        /// An input file could not be opened (EX_NOINPUT).
        case noInput = 66
        /// An output file could not be written (EX_CANTCREAT).
        case cannotCreate = 73
    }

    public var message: String
    public var status: Status

    public init(_ message: String, status: Status) {
        self.message = message
        self.status = status
    }

    /// A command-line mistake.
    public static func usage(_ message: String) -> CommandError { CommandError(message, status: .usage) }

    public var description: String { message }
}

extension CommandError {
    /// A `--data` problem: a usage error (64), a malformed file (65) or a missing one (66).
    init(dataset error: DatasetSelectionError) {
        switch error {
        case .data(let e): self.init(e.description, status: e.isContentError ? .dataError : .noInput)
        case .usage(let message): self = .usage(message)
        }
    }
}
