import DataIO
import Foundation
import PairWeighting

/// The `gpw` command line: dispatches to one command and turns errors into messages and exit codes.
public enum GPW {
    /// Runs `gpw` with `arguments` (without the program name) and returns the exit status.
    public static func main(_ arguments: [String]) -> Int32 {
        AllocatorTuning.apply()
        var rest = arguments
        let name = rest.isEmpty ? "explore" : rest.removeFirst()
        do {
            try KernelChoice.apply()
            // `gpw CMD --help` / `-h`: the command's generated help, before anything is read.
            let overview = Options.help.spellings.contains(name)
            if !overview, let info = CommandTable.command(named: name.hasPrefix("-") ? "explore" : name),
               Help.isRequested(in: name.hasPrefix("-") ? arguments : rest, for: info) {
                try Output.write(info.helpText)
                return 0
            }
            if !overview, let info = CommandTable.command(named: name.hasPrefix("-") ? "explore" : name) {
                try Arguments.checkSpellings(name.hasPrefix("-") ? arguments : rest,
                                             command: name.hasPrefix("-") ? "gpw" : "gpw \(name)", info: info)
            }
            switch name {
            case "losses": try LossesCommand.run(Arguments(rest, command: "gpw losses"))
            case "weights": try WeightsCommand.run(Arguments(rest, command: "gpw weights"))
            case "help", "-h", "--help":
                var arguments = Arguments(name == "help" ? rest : [], command: "gpw help")
                let man = arguments.flag("--man")
                let topics = arguments.positionals()
                try arguments.finish()
                if man {
                    guard topics.isEmpty else { throw CommandError.usage("gpw help --man takes no command name") }
                    try Output.write(ManPage.roff(version: version))
                } else if let topic = topics.first {
                    guard topics.count == 1 else { throw CommandError.usage("gpw help takes one command name; got \(topics.joined(separator: " "))") }
                    guard let info = CommandTable.command(named: topic) else {
                        let near = Arguments.nearest(topic, among: commandNames).map { "; did you mean \($0)?" } ?? ""
                        throw CommandError.usage("gpw help \(topic): no such command\(near); commands: \(commandNames.joined(separator: ", "))")
                    }
                    try Output.write(info.helpText)
                } else {
                    try Output.write(Help.text)
                }
            case "--version", "version":
                try Arguments(rest, command: "gpw version").finish()
                try Output.out("gpw \(version) (kernels: \(Kernels.active.rawValue); this CPU runs \(Kernels.available.map(\.rawValue).joined(separator: ", ")))")
            case "completions": try Completions.run(Arguments(rest, command: "gpw completions"))
            default:
                if let command = extraCommands[name] {
                    try command(Arguments(rest, command: "gpw \(name)"))
                } else if name.hasPrefix("-"), let explore = extraCommands["explore"] {
                    try explore(Arguments(arguments, command: "gpw"))
                } else {
                    let near = Arguments.nearest(name, among: commandNames).map { "; did you mean \($0)?" } ?? ""
                    throw CommandError.usage("unknown command '\(name)'\(near); commands: \(commandNames.joined(separator: ", "))")
                }
            }
            return 0
        } catch let error as CommandError {
            Output.err(message(error.message))
            return error.status.rawValue
        } catch {
            Output.err(message("\(error)"))
            return 1
        }
    }

    /// The process's arguments without the program name, read from `argv` so that bytes that
    /// are not UTF-8 (a Latin-1 file name) survive (``SystemPath``); `CommandLine.arguments`
    /// would replace them with U+FFFD.
    public static func commandLineArguments() -> [String] {
        (1..<Int(CommandLine.argc)).compactMap { i in CommandLine.unsafeArgv[i].map { SystemPath.argument(UnsafePointer($0)) } }
    }

    /// The `error: …` line for `text`: one line whatever it quotes, control characters escaped
    /// (a file name or a command-line word cannot reach the terminal as an escape sequence), and
    /// at most ``maximumMessageLength`` characters.
    static func message(_ text: String) -> String {
        "error: " + Quoting.excerpt(text, limit: maximumMessageLength)
    }

    /// The longest error message printed (the longest real one, the list of keys, is about 600).
    static let maximumMessageLength = 2000

    /// gpw's version.
    public static let version = "0.1.0"

    /// Commands registered by the other command files (train, compare, explore, snapshot, bench).
    static let extraCommands: [String: @Sendable (Arguments) throws -> Void] = registeredCommands()

    static var commandNames: [String] { CommandTable.all.map(\.name) }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// Writing to stdout and stderr with `write(2)`, never through `FileHandle` (whose `write` traps on
/// a closed descriptor, a full disk or a closed pipe).
enum Output {
    /// Writes `text` and a newline to standard output.
    /// - Throws: exit 73 naming the reason when stdout cannot take it (closed, disk full). A
    ///   closed pipe (`gpw weights | head`) ends the process by SIGPIPE instead, silently, as
    ///   `cat` would, even when the parent left SIGPIPE ignored.
    static func out(_ text: String) throws(CommandError) {
        try write(text + "\n")
    }

    /// Writes `text` as it is (no newline added) to standard output; see ``out(_:)``.
    static func write(_ text: String) throws(CommandError) {
        let code = writeAll(Array(text.utf8), to: 1)
        guard code != 0 else { return }
        if code == EPIPE {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
        }
        throw CommandError("cannot write to standard output: \(String(cString: strerror(code)))", status: .cannotCreate)
    }

    /// Writes `text` and a newline to standard error; a failure is ignored (there is nowhere
    /// left to report it), so even the error message cannot trap.
    static func err(_ text: String) {
        _ = writeAll(Array((text + "\n").utf8), to: 2)
    }

    /// Writes `text` to standard error as it is, best effort.
    static func errRaw(_ text: String) {
        _ = writeAll(Array(text.utf8), to: 2)
    }

    /// Writes every byte to `fd`, retrying short writes and EINTR; 0 or the `errno` that stopped it.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer -> Int32 in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                offset += n
            }
            return 0
        }
    }
}
