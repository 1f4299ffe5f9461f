import DataIO
import ExplorerUI
import Foundation
import TUICore

/// `gpw demo FILE... [--ascii] [-o FILE]`: turns demo scripts (demos/*.md) into a Markdown
/// handout: the prose as written, every ```` ```gpw-snapshot ```` block replaced by its screen
/// (a caption, the `gpw snapshot` command, the screen in a fenced block).
enum DemoCommand {
    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let ascii = arguments.flag("--ascii")
        let output = try arguments.value(anyOf: ["-o", "--output"])
        let files = arguments.positionals()
        try arguments.finish()
        guard !files.isEmpty else { throw CommandError.usage("gpw demo: name a demo file, e.g. gpw demo demos/01-gpw-idea.md") }
        var handouts: [String] = []
        for file in files {
            let text: String
            do {
                text = String(decoding: try FileReading.bytes(path: file), as: UTF8.self)
            } catch {
                throw CommandError(error.description, status: error.isContentError ? .dataError : .noInput)
            }
            handouts.append(try handout(text, file: file, ascii: ascii))
        }
        let joined = handouts.joined(separator: "\n---\n\n")
        if let output {
            try SnapshotCommand.write(joined, to: output)
        } else {
            try Output.write(joined)
        }
    }

    /// The Markdown handout for one demo's text (`file` names it in errors).
    static func handout(_ text: String, file: String, ascii: Bool) throws(CommandError) -> String {
        let script: DemoScript
        do {
            script = try DemoScript(parsing: text)
        } catch {
            throw CommandError("\(file): \(error.description)", status: .dataError)
        }
        var out = ""
        for part in script.parts {
            switch part {
            case .prose(let prose):
                out += prose + "\n"
            case .snapshot(let words, let line):
                let place = "\(file):\(line)"
                if let bad = words.first(where: { ["-o", "--output", "--format"].contains($0) || $0.hasPrefix("--format=") }) {
                    throw CommandError("\(place): \(bad) is not allowed in a demo block (the handout is Markdown)", status: .dataError)
                }
                var arguments = Arguments(words + (ascii ? ["--ascii"] : []), command: "\(place): gpw snapshot")
                do {
                    // The command beside the screen is the plain one a reader would type.
                    let request = try SnapshotCommand.parse(&arguments)
                    out += try SnapshotCommand.screen(request, commandFormat: .plain).markdown()
                } catch let error as CommandError {
                    throw CommandError("\(place): \(error.message)", status: .dataError)
                } catch {
                    throw CommandError("\(place): \(error)", status: .dataError)
                }
            }
        }
        return out
    }
}
