import DataIO
import MetricTraining
import PairWeighting

/// The options `gpw train` and `gpw compare` share, read from the command line.
struct TrainingOptions {
    var data: String
    var split: DataSplit
    var configuration: TrainingConfiguration
    var steps: Int
    var evaluateEvery: Int
    var fullEvaluation: Bool
    var json: Bool
    var timings: Bool

    /// Default batch for the commands: 8 classes × 8 samples (data/README.md's baselines),
    /// larger than the explorer's 4 × 4, which is sized for showing every pair.
    static let defaultBatch = (8, 8)
    static let defaultSteps = 500

    /// Reads every shared option (not `--loss`, which each command reads itself).
    static func read(_ arguments: inout Arguments) throws(CommandError) -> TrainingOptions {
        guard let data = try arguments.value("--data") else {
            throw .usage("\(arguments.command) needs --data NAME|PATH (\(DatasetSelection.knownNames.joined(separator: ", ")), or a .csv/.npy file)")
        }
        let labels = try arguments.value("--labels")
        let trainClasses = try arguments.value("--train-classes")
        let testClasses = try arguments.value("--test-classes")
        var c = TrainingConfiguration()
        (c.classesPerBatch, c.samplesPerClass) = try arguments.shape("--batch") ?? defaultBatch
        if let text = try arguments.value("--optimizer") {
            guard let kind = OptimizerKind(rawValue: text) else {
                throw .usage("--optimizer \(text): expected one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            c.optimizer = kind
        }
        c.learningRate = try arguments.number("--lr", default: c.learningRate, range: 1e-12...1e6)
        c.weightDecay = try arguments.number("--weight-decay", default: c.weightDecay, range: 0...10)
        c.momentum = try arguments.number("--momentum", default: c.momentum, range: 0...0.999999)
        if let text = try arguments.value("--hidden") {
            let widths = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard text == "none" || (!widths.isEmpty && widths.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 4096 })) else {
                throw .usage("--hidden \(text): expected comma-separated widths in 1...4096, e.g. 128,64 (or 'none' for a linear map)")
            }
            c.hidden = text == "none" ? [] : widths.compactMap { $0 }
        }
        let suggestedEmbedding = (try? SyntheticPreset.parse(data))??.preset.suggestedEmbedding ?? c.embedding
        c.embedding = try arguments.integer("--embedding", default: suggestedEmbedding, range: 1...4096)
        c.seed = UInt64(try arguments.integer("--seed", default: Int(c.seed), range: 0...Int(Int32.max)))
        c.evaluationSubsetPerClass = try arguments.integer("--eval-subset", default: c.evaluationSubsetPerClass, range: 2...100_000)
        let steps = try arguments.integer("--steps", default: defaultSteps, range: 0...10_000_000)
        let every = try arguments.integer("--eval-every", default: max(1, steps / 5), range: 1...10_000_000)
        let full = arguments.flag("--full-eval")
        let json = arguments.flag("--json")
        let timings = arguments.flag("--timings")
        let split: DataSplit
        do {
            split = try DatasetSelection.split(data, labelsPath: labels, trainClasses: trainClasses, testClasses: testClasses)
        } catch {
            switch error {
            case .data(let e): throw CommandError(e.description, status: e.isContentError ? .dataError : .noInput)
            case .usage(let message): throw .usage(message)
            }
        }
        return TrainingOptions(data: data, split: split, configuration: c, steps: steps, evaluateEvery: every,
                               fullEvaluation: full, json: json, timings: timings)
    }

    /// A session for these options, with batch-shape errors as usage errors naming the numbers.
    func makeSession() throws(CommandError) -> TrainingSession {
        do {
            return try TrainingSession(split: split, configuration: configuration)
        } catch {
            throw .usage("--batch \(configuration.classesPerBatch)x\(configuration.samplesPerClass): \(error)")
        }
    }

    /// Parses a `--loss` value.
    static func loss(_ text: String) throws(CommandError) -> LossSpec {
        do { return try LossSpec.parse(text) } catch { throw .usage("--loss \(text): \(error)") }
    }
}
