/// Why an input file was refused. Every message names the file, and the line where there is one.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// Something is wrong at a given line (1-based) of a text file.
    case malformed(file: String, line: Int, reason: String)
    /// Something is wrong with a binary or whole file (no line to name).
    case invalid(file: String, reason: String)
    /// No bundled dataset, preset or file by that name.
    case unknownDataset(name: String, known: [String])

    /// The message; file names have their control characters (and raw non-UTF-8 bytes) escaped,
    /// and quoted file content is escaped and cut where it is quoted (``Quoting``).
    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(Quoting.escaped(file)): cannot read: \(reason)"
        case .malformed(let file, let line, let reason): return "\(Quoting.escaped(file)):\(line): \(reason)"
        case .invalid(let file, let reason): return "\(Quoting.escaped(file)): \(reason)"
        case .unknownDataset(let name, let known):
            return "no dataset or file \(Quoting.quoted(name, limit: 200)); bundled: \(known.joined(separator: ", ")), or a path to a .csv, .npy or .npz file"
        }
    }

    /// True for problems with the file's content (exit 65) rather than its availability (exit 66).
    public var isContentError: Bool {
        switch self {
        case .malformed, .invalid: return true
        case .unreadable, .unknownDataset: return false
        }
    }
}
