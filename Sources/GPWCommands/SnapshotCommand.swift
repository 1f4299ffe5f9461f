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
        /// `--format cast`: an asciinema recording of every frame instead of the last screen.
        var isRecording = false
    }

    /// The pace of a recording: each key and each size change shows for half a second, each
    /// clock tick (a training step while running) for a tenth, whatever the machine's speed.
    static func castMilliseconds(_ action: Action) -> Int {
        switch action {
        case .tick: return 100
        case .keyPressed, .resized: return 500
        case .exported, .exportFailed, .datasetLoaded, .datasetFailed, .recordingFailed: return 0
        }
    }

    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let request = try parse(&arguments)
        let text = try render(request)
        if let output = request.output {
            try OutputFile.write(Array(text.utf8), to: output)
        } else {
            try Output.write(text)
        }
    }

    /// Reads `[explorer options] [--size WxH] [--keys SCRIPT] [--format F] [-o FILE]`.
    static func parse(_ arguments: inout Arguments) throws(CommandError) -> Request {
        var size = defaultSize
        if let text = try arguments.value("--size") { size = try Self.size(text, flag: "--size") }
        let script = try arguments.values("--keys").joined(separator: " ")
        let actions: [Action]
        do {
            actions = try ActionScript.parse(script)
        } catch {
            throw .usage("--keys: \(error.description)")
        }
        var format = ExportFormat.plain
        var isRecording = false
        if let name = try arguments.value("--format") {
            if ["cast", "asciicast"].contains(name.lowercased()) {
                (format, isRecording) = (.ansi, true)
            } else {
                format = try ExportSettings.format(name, flag: "--format", alsoAccepted: ["cast"])
            }
        }
        let output = try arguments.value(anyOf: ["-o", "--output"])
        let options = try ExploreOptions.parse(&arguments)
        return Request(options: options, size: size, actions: actions, format: format, output: output, isRecording: isRecording)
    }

    /// A screen size `WxH` given to `flag`, both sides 1...``ActionScript/maximumSide`` (1000).
    static func size(_ text: String, flag: String) throws(CommandError) -> Size {
        guard let parsed = Size(parsing: text), parsed.width <= ActionScript.maximumSide, parsed.height <= ActionScript.maximumSide else {
            throw .usage("\(flag) \(text): expected WxH with both sides 1...\(ActionScript.maximumSide), e.g. 120x40")
        }
        return parsed
    }

    /// The export text for `request`.
    static func render(_ request: Request) throws -> String {
        if request.isRecording { return try recording(request).asciicast() }
        return try screen(request, commandFormat: request.format).serialised(as: request.format)
    }

    /// Every frame of `request`'s key script: the screen before the first key, then after each
    /// action (and after the return to `--size` when the script resized), drawn as exports draw
    /// them, timed by ``castMilliseconds(_:)``. Its command is the request's own line, so it
    /// records the same frames again.
    static func recording(_ request: Request) throws -> ScreenRecording {
        var state = try request.options.makeState(asciiLocale: false)
        var frames: [ScreenRecording.Frame] = []
        var time = 0
        prepare(&state, size: request.size, actions: request.actions) { action, shown in
            if let action { time += castMilliseconds(action) }
            frames.append(ScreenRecording.Frame(milliseconds: time, grid: ScreenExport.explorer(shown, format: .ansi, command: "").grid))
        }
        let command = SnapshotLine.command(options: request.options, ascii: state.settings.ascii, size: request.size,
                                           keys: ActionScript.text(request.actions), formatName: "cast")
        return ScreenRecording(frames: frames, command: command, caption: ScreenExport.explorer(state, format: .ansi, command: "").caption)
    }

    /// The screen for `request`, its reproduction line naming `commandFormat`.
    static func screen(_ request: Request, commandFormat: ExportFormat) throws -> ScreenExport {
        let state = try state(for: request)
        let command = SnapshotLine.command(options: request.options, state: state, format: commandFormat)
        return ScreenExport.explorer(state, format: request.format, command: command)
    }

    /// The state `request` shows: the options' fresh state, then ``prepare(_:size:actions:)``.
    static func state(for request: Request) throws -> AppState {
        var state = try request.options.makeState(asciiLocale: false)
        prepare(&state, size: request.size, actions: request.actions)
        return state
    }

    /// Lays `state` out at `size` and replays `actions` on it as the explorer would (effects
    /// performed, exports not), ending at `size`. `gpw snapshot` and `gpw explore --keys/--from`
    /// both start this way, so the explorer opens on exactly the snapshot's screen.
    ///
    /// - Parameter frame: sees the state after the first layout (with a nil action), after every
    ///   action, and after the return to `size`.
    static func prepare(_ state: inout AppState, size: Size, actions: [Action],
                        frame: ((Action?, AppState) -> Void)? = nil) {
        _ = reduce(&state, .resized(size))
        frame?(nil, state)
        replayHeadless(actions, on: &state, afterEach: frame.map { frame in { frame($0, $1) } })
        if state.viewSize != size {
            _ = reduce(&state, .resized(size))
            frame?(.resized(size), state)
        }
    }

    /// The request on the reproduction line of an export (`text` is the file, `file` names it):
    /// the first line `$ gpw snapshot ...` (plain, ASCII, ANSI), the command's code span
    /// (Markdown) or its `<code>`/`<desc>` element (HTML, SVG), within the first lines.
    static func request(reproducing text: String, file: String) throws(CommandError) -> Request {
        let prefix = "gpw snapshot"
        for (index, rawLine) in text.split(separator: "\n", maxSplits: 20, omittingEmptySubsequences: false).prefix(20).enumerated() {
            guard let command = reproductionCommand(in: rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine),
                  command == prefix || command.hasPrefix(prefix + " ") else { continue }
            let place = "\(file):\(index + 1)"
            do {
                let words = try DemoScript.words(String(command.dropFirst(prefix.count)), line: index + 1)
                var arguments = Arguments(words, command: "\(place): gpw snapshot")
                return try parse(&arguments)
            } catch let error as CommandError {
                throw CommandError("\(place): \(error.message)", status: .dataError)
            } catch {
                throw CommandError("\(place): \(error)", status: .dataError)
            }
        }
        throw CommandError("\(file): no 'gpw snapshot' line at the top; open a file that e or gpw snapshot wrote",
                           status: .dataError)
    }

    /// The command a reproduction line holds, without `$ `, code-span backticks or XML escapes.
    private static func reproductionCommand(in line: Substring) -> String? {
        if line.hasPrefix("$ ") { return String(line.dropFirst(2)) }
        if line.hasPrefix("`") {
            let ticks = line.prefix { $0 == "`" }.count
            let inner = line.dropFirst(ticks)
            guard inner.hasSuffix(String(repeating: "`", count: ticks)) else { return nil }
            let command = inner.dropLast(ticks)
            return String(command.hasPrefix(" ") && command.hasSuffix(" ") ? command.dropFirst().dropLast() : command)
        }
        for (open, close) in [("<code>$ ", "</code>"), ("<desc>$ ", "</desc>")] {
            if let start = line.range(of: open), let end = line.range(of: close, range: start.upperBound..<line.endIndex) {
                return xmlUnescaped(String(line[start.upperBound..<end.lowerBound]))
            }
        }
        return nil
    }

    /// Undoes ``ScreenExport/xmlEscaped(_:)`` on a command (which has no control characters).
    private static func xmlUnescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

}
