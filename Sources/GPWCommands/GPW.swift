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
            switch name {
            case "losses": try LossesCommand.run(Arguments(rest, command: "gpw losses"))
            case "weights": try WeightsCommand.run(Arguments(rest, command: "gpw weights"))
            case "help", "-h", "--help":
                try Arguments(rest, command: "gpw help").finish()
                Output.out(Help.text)
            case "--version", "version":
                try Arguments(rest, command: "gpw version").finish()
                Output.out("gpw \(version) (kernels: \(Kernels.active.rawValue); this CPU runs \(Kernels.available.map(\.rawValue).joined(separator: ", ")))")
            default:
                if let command = extraCommands[name] {
                    try command(Arguments(rest, command: "gpw \(name)"))
                } else if name.hasPrefix("-"), let explore = extraCommands["explore"] {
                    try explore(Arguments(arguments, command: "gpw"))
                } else {
                    throw CommandError.usage("unknown command '\(name)'; commands: \(commandNames.joined(separator: ", "))")
                }
            }
            return 0
        } catch let error as CommandError {
            Output.err("error: \(error.message)")
            return error.status.rawValue
        } catch {
            Output.err("error: \(error)")
            return 1
        }
    }

    /// gpw's version.
    public static let version = "0.1.0"

    /// Commands registered by the other command files (train, compare, explore, snapshot, bench).
    static let extraCommands: [String: @Sendable (Arguments) throws -> Void] = registeredCommands()

    static var commandNames: [String] { (["explore", "losses", "weights", "help"] + extraCommands.keys).uniqued().sorted() }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// Writing to stdout and stderr (unbuffered enough for progress lines).
enum Output {
    static func out(_ text: String) {
        FileHandle.standardOutput.write((text + "\n").data(using: .utf8) ?? Data())
    }

    static func err(_ text: String) {
        FileHandle.standardError.write((text + "\n").data(using: .utf8) ?? Data())
    }
}
