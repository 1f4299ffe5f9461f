import ExplorerUI
import Foundation
import TUICore

/// `gpw snapshot`: what the explorer shows after a key script at a size, with no terminal.
///
/// The same pure path as the explorer's `e`: state from the same options, the script through the
/// same reducer, ``ScreenExport/explorer(_:format:command:)`` and the same serialisers — so its
/// output is byte for byte the explorer's export after the same keys at the same size.
enum SnapshotCommand {
    static let defaultSize = Size(width: 80, height: 24)

    /// One parsed snapshot request.
    struct Request {
        var options: ExploreOptions
        var size: Size
        var actions: [Action]
        var format: ExportFormat
        var output: String?
    }

    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let request = try parse(&arguments)
        let text = try render(request)
        if let output = request.output {
            try write(text, to: output)
        } else {
            try Output.write(text)
        }
    }

    /// Reads `[explorer options] [--size WxH] [--keys SCRIPT] [--format F] [-o FILE]`.
    static func parse(_ arguments: inout Arguments) throws(CommandError) -> Request {
        var size = defaultSize
        if let text = try arguments.value("--size") {
            guard let parsed = Size(parsing: text), parsed.width <= ActionScript.maximumSide, parsed.height <= ActionScript.maximumSide else {
                throw .usage("--size \(text): expected WxH with both sides 1...\(ActionScript.maximumSide), e.g. 120x40")
            }
            size = parsed
        }
        let script = try arguments.values("--keys").joined(separator: " ")
        let actions: [Action]
        do {
            actions = try ActionScript.parse(script)
        } catch {
            throw .usage("--keys: \(error.description)")
        }
        var format = ExportFormat.plain
        if let name = try arguments.value("--format") { format = try ExportSettings.format(name, flag: "--format") }
        let output = try arguments.value(anyOf: ["-o", "--output"])
        let options = try ExploreOptions.parse(&arguments)
        return Request(options: options, size: size, actions: actions, format: format, output: output)
    }

    /// The export text for `request`.
    static func render(_ request: Request) throws -> String {
        try screen(request, commandFormat: request.format).serialised(as: request.format)
    }

    /// The screen for `request`, its reproduction line naming `commandFormat`.
    static func screen(_ request: Request, commandFormat: ExportFormat) throws -> ScreenExport {
        var state = try request.options.makeState(asciiLocale: false)
        _ = reduce(&state, .resized(request.size))
        replayHeadless(request.actions, on: &state)
        if state.viewSize != request.size { _ = reduce(&state, .resized(request.size)) }
        let command = SnapshotLine.command(options: request.options, state: state, format: commandFormat)
        return ScreenExport.explorer(state, format: request.format, command: command)
    }

    /// Writes `text` to `path` atomically (a temporary file in the same directory, then rename).
    /// A path that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written in place:
    /// renaming over it would replace the device with a regular file (as root, `-o /dev/null`
    /// used to delete /dev/null for the whole machine).
    static func write(_ text: String, to path: String) throws {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            guard info.st_mode & S_IFMT != S_IFDIR else {
                throw CommandError("-o \(path): cannot write: is a directory", status: .cannotCreate)
            }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw CommandError("-o \(path): cannot write (\(String(cString: strerror(errno))))", status: .cannotCreate)
            }
            defer { close(fd) }
            let code = Output.writeAll(Array(text.utf8), to: fd)
            guard code == 0 else {
                throw CommandError("-o \(path): cannot write (\(String(cString: strerror(code))))", status: .cannotCreate)
            }
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandError("-o \(path): cannot write (\((error as NSError).localizedDescription))", status: .cannotCreate)
        }
    }
}
