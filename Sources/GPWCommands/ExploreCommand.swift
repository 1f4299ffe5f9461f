import DataIO
import ExplorerUI
import Foundation
import MetricTraining
import NcursesTerminal
import PairWeighting
import TUICore

/// `gpw explore` (and `gpw` alone): the interactive explorer.
enum ExploreCommand {
    static let headlessHint = "use 'gpw snapshot' (a rendered screen after a key script) or 'gpw weights' (the numbers) instead"

    /// Where the explorer opens: its options, and a prepared state (`--keys`, `--from`).
    struct Start {
        var options: ExploreOptions
        var exportSettings: ExportSettings
        /// Replayed before the first frame (`--from`'s key script, then `--keys`).
        var actions: [Action] = []
        /// The size the actions are replayed at: an export's (`--from`); nil: the terminal's.
        var size: Size?
    }

    /// Reads `[explorer options] [--keys SCRIPT] [--export-dir DIR] [--export-format F]` or
    /// `--from FILE [--keys SCRIPT] [--no-color] [--export-dir DIR] [--export-format F]`.
    static func parse(_ arguments: Arguments) throws(CommandError) -> Start {
        var arguments = arguments
        let exportSettings = try ExportSettings.parse(&arguments)
        let script = try arguments.values("--keys").joined(separator: " ")
        let keys: [Action]
        do {
            keys = try ActionScript.parse(script)
        } catch {
            throw .usage("--keys: \(error.description)")
        }
        guard let file = try arguments.value("--from") else {
            return Start(options: try ExploreOptions.parse(&arguments), exportSettings: exportSettings, actions: keys)
        }
        let noColor = arguments.flag("--no-color")
        do {
            try arguments.finish()
        } catch {
            throw .usage("\(error.message) (with --from FILE the explorer's options come from the file's "
                         + "gpw snapshot line; add only --keys, --no-color, --export-dir, --export-format)")
        }
        let text: String
        do {
            text = try TextFile.read(path: file)
        } catch {
            throw CommandError("--from " + error.description, status: error.isContentError ? .dataError : .noInput)
        }
        var request = try SnapshotCommand.request(reproducing: text, file: file)
        request.options.noColor = request.options.noColor || noColor
        return Start(options: request.options, exportSettings: exportSettings, actions: request.actions + keys,
                     size: request.size)
    }

    /// Brings the options' fresh `state` to where the explorer opens on a terminal of
    /// `terminalSize`: the prepared keys replayed at the export's size (or the terminal's), the
    /// same path as `gpw snapshot` (``SnapshotCommand/prepare(_:size:actions:)``).
    static func prepare(_ state: inout AppState, for start: Start, terminalSize: Size) {
        SnapshotCommand.prepare(&state, size: start.size ?? terminalSize, actions: start.actions)
    }

    static func run(_ arguments: Arguments) throws {
        let start = try parse(arguments)
        let exports = ExportContext(directory: start.exportSettings.directory, options: start.options)
        try drive(options: start.options, exports: exports) { asciiLocale, size in
            var state = try start.options.makeState(asciiLocale: asciiLocale)
            state.exportFormat = start.exportSettings.format
            prepare(&state, for: start, terminalSize: size)
            return state
        }
    }

    /// Opens the terminal and runs the explorer until `q` or a signal, the terminal restored on
    /// every path. `makeState` builds the first state for the terminal's locale (ASCII glyphs when
    /// it is not UTF-8) and size; it runs once before the terminal is taken, so a bad option is
    /// reported on a normal screen.
    static func drive(options: ExploreOptions, exports: ExportContext,
                      makeState: (_ asciiLocale: Bool, _ size: Size) throws -> AppState) throws {
        var state = try makeState(false, SnapshotCommand.defaultSize)
        guard isatty(1) == 1, isatty(0) == 1 else {
            throw CommandError("gpw explore needs an interactive terminal (stdout is not a terminal); \(headlessHint)",
                               status: .failure)
        }
        let utf8 = NcursesTerminal.prepareLocale()
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal.open(noColor: options.noColor, mouse: options.mouse)
        } catch {
            throw CommandError("gpw explore cannot drive this terminal (\(error)); \(headlessHint)", status: .failure)
        }
        var driver = terminal
        defer { terminal.close() }
        state = try makeState(!utf8, terminal.size)
        let crashAfter = testCrashIteration()
        var iteration = 0
        try runExplorer(&state, on: &driver, exports: exports) {
            iteration += 1
            if let crashAfter, iteration == crashAfter { fatalError("GPW_TEST_CRASH: forced crash inside the explorer loop") }
            return terminalStopSignal.load(ordering: .relaxed) != 0
        }
        let signal = terminalStopSignal.load(ordering: .relaxed)
        if signal != 0 {
            terminal.close()
            exit(128 + signal)
        }
    }
}

/// In debug builds only, `GPW_TEST_CRASH=N` makes the explorer trap at loop iteration N (1 if N
/// is not a number), so tests can check that a crash restores the terminal. Release builds
/// ignore it.
private func testCrashIteration() -> Int? {
    #if DEBUG
    guard let text = ProcessInfo.processInfo.environment["GPW_TEST_CRASH"], !text.isEmpty else { return nil }
    return max(1, Int(text) ?? 1)
    #else
    return nil
    #endif
}

/// The explorer's command-line options.
struct ExploreOptions {
    /// What embeds the batch: the features as they are under a linear head that starts at the
    /// identity, or the MLP on standardised features.
    enum Head: String, CaseIterable, Sendable { case raw, mlp }

    var data = "letters"
    /// `--labels FILE` for a `.npy` (or an `.npz` without labels).
    var labels: String?
    /// `--head`, when given; otherwise ``resolvedHead`` picks by the kind of data.
    var head: Head?
    var classes = 4
    var samples = 4
    var seed: UInt64 = 1
    var losses: [String] = LossCatalog.defaultSpecNames
    var noColor = false
    var ascii = false
    /// The colour scheme at start (`--theme dark|light|mono`; `T` cycles).
    var theme = Theme.dark
    /// Clicks and the wheel go to the explorer (`--no-mouse` leaves them to the terminal, to select text).
    var mouse = true
    /// The length and batch shape of a `c` comparison (`--compare-steps N`, `--compare-batch PxK`).
    var compareSteps = ControlLadders.compareSteps
    var compareShape: BatchShape?

    /// `NO_COLOR` set and not empty (no-color.org).
    static var environmentNoColor: Bool { !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty }

    static func parse(_ arguments: inout Arguments) throws(CommandError) -> ExploreOptions {
        var options = ExploreOptions()
        options.data = try arguments.value("--data") ?? options.data
        options.labels = try arguments.value("--labels")
        if let name = try arguments.choice("--head") { options.head = Head(rawValue: name) }
        if let (p, k) = try arguments.shape("--batch") {
            guard p >= 2 else { throw .usage("--batch \(p)x\(k): a batch needs at least 2 classes (P >= 2)") }
            guard k >= 2 else { throw .usage("--batch \(p)x\(k): K must be at least 2; with one sample per class a batch has no positive pair") }
            guard p * k <= 80 else { throw .usage("--batch \(p)x\(k): at most 80 samples (the paper's 16x5)") }
            (options.classes, options.samples) = (p, k)
        }
        options.seed = try arguments.unsigned("--seed", default: 1)
        let specs = try arguments.lossSpecs()
        for spec in specs {
            do { _ = try LossSpec.parse(spec) } catch { throw .usage("--loss \(spec): \(error)") }
        }
        if !specs.isEmpty { options.losses = specs }
        options.noColor = arguments.flag("--no-color") || environmentNoColor
        options.ascii = arguments.flag("--ascii")
        options.mouse = !arguments.flag("--no-mouse")
        options.compareSteps = try arguments.integer("--compare-steps", default: ControlLadders.compareSteps)
        if let (p, k) = try arguments.shape("--compare-batch") {
            guard p >= 2, k >= 2, p * k <= ControlLadders.maximumBatch else {
                throw .usage("--compare-batch \(p)x\(k): P and K at least 2, at most \(ControlLadders.maximumBatch) samples")
            }
            options.compareShape = BatchShape(classes: p, samples: k)
        }
        if let name = try arguments.value("--theme") {
            guard let theme = Theme(rawValue: name) else {
                throw .usage("--theme \(name): expected one of \(Theme.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.theme = theme
        }
        try arguments.finish()
        return options
    }

    /// The head in use: `--head`, else `raw` for a `.npy` or `.npz` (a user's embeddings are
    /// shown as they are) and `mlp` for everything else (features to learn an embedding of).
    var resolvedHead: Head {
        head ?? (data.hasSuffix(".npy") || data.hasSuffix(".npz") ? .raw : .mlp)
    }

    func makeState(asciiLocale: Bool) throws -> AppState {
        // A missing file is 66 and a malformed one 65, as in every other command.
        let split: DataSplit
        do {
            split = try DatasetSelection.split(data, labelsPath: labels, standardise: resolvedHead == .mlp)
        } catch {
            throw CommandError(dataset: error)
        }
        var configuration = TrainingConfiguration()
        if resolvedHead == .raw {
            configuration.hidden = []
            configuration.embedding = split.train.dimension
            configuration.startsAtIdentity = true
        }
        configuration.classesPerBatch = classes
        configuration.samplesPerClass = samples
        configuration.seed = seed
        let session: TrainingSession
        do {
            session = try TrainingSession(split: split, configuration: configuration)
        } catch {
            throw CommandError("--data \(data) --batch \(classes)x\(samples): \(error)", status: .usage)
        }
        var settings = ExplorerSettings(datasetName: data, lossSpecs: losses, ascii: ascii || asciiLocale)
        settings.theme = theme
        var state = AppState(session: session, settings: settings)
        state.setCompare(steps: compareSteps, shape: compareShape)
        return state
    }
}
