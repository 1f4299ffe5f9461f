import ExplorerUI
import Foundation
import PairWeighting
import TUICore

/// What the explorer's `e` needs from outside the model: a directory, the clock, and the
/// command-line options that the reproduction line repeats.
struct ExportContext {
    /// Where exports go (`--export-dir`, default the current directory).
    var directory: String
    /// The options the explorer started with.
    var options: ExploreOptions
    /// The clock, read only here (the model stays clock-free); tests pass a fixed one.
    var now: () -> Date = Date.init
    /// The demo playing (`gpw demo --play`): it builds each block's state, and an export repeats
    /// the block's own options; its words are not part of the export (the line cannot redraw them).
    var player: DemoPlayer?
    /// The `F` recording (one per explorer; a class, since the run loop and the effects share it).
    var recorder = LiveRecorder()

    /// Writes `state`'s screen in `format` and returns the action that reports the result
    /// (the path, or why it failed) to the model.
    static func perform(_ context: ExportContext, state: AppState, format: ExportFormat) -> Action {
        var state = state
        state.caption = nil
        let command = SnapshotLine.command(options: context.player?.currentOptions ?? context.options, state: state, format: format)
        let text = ScreenExport.explorer(state, format: format, command: command).serialised(as: format)
        do {
            let path = try ExportWriter.save(text, directory: context.directory,
                                             base: ExportWriter.baseName(at: context.now()),
                                             fileExtension: format.fileExtension)
            return .exported(path: path)
        } catch {
            return .exportFailed(error.description)
        }
    }
}

extension ExportContext {
    /// Starts the `F` recording; on failure answers the model with why.
    static func startRecording(_ context: ExportContext, state: inout AppState) -> [Effect] {
        let command = SnapshotLine.command(options: context.options, state: state, format: .plain)
        do {
            try context.recorder.start(state, directory: context.directory, command: command)
            return []
        } catch {
            return reduce(&state, .recordingFailed(error.description))
        }
    }

    /// Stops the `F` recording and names the file: the action that reports it.
    static func stopRecording(_ context: ExportContext, state: AppState) -> Action {
        do {
            return .exported(path: try context.recorder.stop(state, directory: context.directory,
                                                             base: ExportWriter.baseName(at: context.now())))
        } catch {
            return .recordingFailed(error.description)
        }
    }
}

/// The `gpw snapshot ...` line that redraws a state: the options the explorer started with
/// (every loss with its non-default parameters), the size, the key log and the format,
/// shell-quoted.
enum SnapshotLine {
    static func command(options: ExploreOptions, state: AppState, format: ExportFormat) -> String {
        // The options the session *started* with: the key log replays every change since
        // (the teaching keys change losses, parameters, data, batch shape and seed).
        command(options: options, ascii: state.settings.ascii, size: state.viewSize,
                keys: ActionScript.reproduction(of: state), formatName: format == .plain ? nil : format.name)
    }

    /// The line for explicit parts: `keys` a script, `formatName` nil for plain text.
    static func command(options: ExploreOptions, ascii: Bool, size: Size, keys: String, formatName: String?) -> String {
        var words = ["gpw", "snapshot", "--data", options.data]
        if let labels = options.labels { words += ["--labels", labels] }
        if let head = options.head { words += ["--head", head.rawValue] }
        words += ["--batch", "\(options.classes)x\(options.samples)", "--seed", "\(options.seed)"]
        // Parameters that differ from their defaults (`ms:lambda=1`); the header shows the rest.
        for text in options.losses { words += ["--loss", (try? LossSpec.parse(text))?.compactDescription ?? text] }
        if ascii { words.append("--ascii") }
        if options.theme != .dark { words += ["--theme", options.theme.rawValue] }
        if options.compareSteps != ControlLadders.compareSteps { words += ["--compare-steps", "\(options.compareSteps)"] }
        if let shape = options.compareShape { words += ["--compare-batch", "\(shape)"] }
        words += ["--size", "\(size)"]
        if !keys.isEmpty { words += ["--keys", keys] }
        if let formatName { words += ["--format", formatName] }
        return words.map(shellQuoted).joined(separator: " ")
    }

    /// `word` as one shell word: unchanged when it is plain, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || "_-.,:=/+@%".unicodeScalars.contains(c)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
