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

    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let exportSettings = try ExportSettings.parse(&arguments)
        let options = try ExploreOptions.parse(&arguments)
        var state = try options.makeState(asciiLocale: false)
        guard isatty(1) == 1, isatty(0) == 1 else {
            throw CommandError("gpw explore needs an interactive terminal (stdout is not a terminal); \(headlessHint)",
                               status: .failure)
        }
        let utf8 = NcursesTerminal.prepareLocale()
        if !utf8 { state = try options.makeState(asciiLocale: true) }
        state.exportFormat = exportSettings.format
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal.open(noColor: options.noColor)
        } catch {
            throw CommandError("gpw explore cannot drive this terminal (\(error)); \(headlessHint)", status: .failure)
        }
        var driver = terminal
        defer { terminal.close() }
        let exports = ExportContext(directory: exportSettings.directory, options: options)
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
    var data = "letters"
    var classes = 4
    var samples = 4
    var seed: UInt64 = 1
    var losses: [String] = LossCatalog.defaultSpecNames
    var noColor = false
    var ascii = false

    static func parse(_ arguments: inout Arguments) throws(CommandError) -> ExploreOptions {
        var options = ExploreOptions()
        options.data = try arguments.value("--data") ?? options.data
        if let (p, k) = try arguments.shape("--batch") {
            guard p >= 2 else { throw .usage("--batch \(p)x\(k): a batch needs at least 2 classes (P >= 2)") }
            guard k >= 2 else { throw .usage("--batch \(p)x\(k): K must be at least 2; with one sample per class a batch has no positive pair") }
            guard p * k <= 80 else { throw .usage("--batch \(p)x\(k): at most 80 samples (the paper's 16x5)") }
            (options.classes, options.samples) = (p, k)
        }
        options.seed = UInt64(try arguments.integer("--seed", default: 1, range: 0...Int.max))
        let specs = try arguments.values("--loss")
        for spec in specs {
            do { _ = try LossSpec.parse(spec) } catch { throw .usage("--loss \(spec): \(error)") }
        }
        if !specs.isEmpty { options.losses = specs }
        let environmentNoColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        options.noColor = arguments.flag("--no-color") || environmentNoColor
        options.ascii = arguments.flag("--ascii")
        try arguments.finish()
        return options
    }

    func makeState(asciiLocale: Bool) throws -> AppState {
        // A missing file is 66 and a malformed one 65, as in every other command.
        let split = try TrainingOptions.loadSplit(data, nil, nil, nil)
        var configuration = TrainingConfiguration()
        configuration.classesPerBatch = classes
        configuration.samplesPerClass = samples
        configuration.seed = seed
        let session: ExplorerSession
        do {
            session = try ExplorerSession(split: split, configuration: configuration)
        } catch {
            throw CommandError("--data \(data) --batch \(classes)x\(samples): \(error)", status: .usage)
        }
        let settings = ExplorerSettings(datasetName: data, lossSpecs: losses, ascii: ascii || asciiLocale)
        return AppState(session: session, settings: settings)
    }
}
