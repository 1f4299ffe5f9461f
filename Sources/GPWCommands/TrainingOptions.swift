import DataIO
import MetricTraining
import PairWeighting

/// The options `gpw train` and `gpw compare` share, read from the command line.
struct TrainingOptions {
    /// The largest training batch, `P x K` (see ``Options/batch``).
    static let maximumBatch = 4096

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

    /// The largest network the commands build (weights, gradients and two Adam moments take
    /// 32 bytes per parameter: 16 million parameters is 512 MB).
    static let maximumParameters = 16_000_000
    /// The most hidden layers `--hidden` may list.
    static let maximumHiddenLayers = 16

    /// Reads every shared option (not `--loss`, which each command reads itself) and loads the data.
    static func read(_ arguments: inout Arguments) throws(CommandError) -> TrainingOptions {
        try read(&arguments, loadSplit: loadSplit)
    }

    /// The same, with the data loader injectable (the flag fuzz test uses a tiny split).
    static func read(_ arguments: inout Arguments,
                     loadSplit: (_ data: String, _ labels: String?, _ train: String?, _ test: String?) throws(CommandError) -> DataSplit) throws(CommandError) -> TrainingOptions {
        guard let data = try arguments.value("--data") else {
            throw .usage("\(arguments.command) needs --data NAME|PATH (\(DatasetSelection.knownNames.joined(separator: ", ")), or a .csv, .npy or .npz file)")
        }
        let labels = try arguments.value("--labels")
        let trainClasses = try arguments.value("--train-classes")
        let testClasses = try arguments.value("--test-classes")
        var c = TrainingConfiguration()
        (c.classesPerBatch, c.samplesPerClass) = try arguments.shape("--batch") ?? defaultBatch
        guard c.samplesPerClass >= 2 else {
            throw .usage("--batch \(c.classesPerBatch)x\(c.samplesPerClass): K must be at least 2; with one sample per class a batch has no positive pair to learn from")
        }
        if let text = try arguments.value("--optimizer") {
            guard let kind = OptimizerKind(rawValue: text) else {
                throw .usage("--optimizer \(text): expected one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            c.optimizer = kind
        }
        c.learningRate = try arguments.number("--lr", default: c.learningRate)
        c.weightDecay = try arguments.number("--weight-decay", default: c.weightDecay)
        c.momentum = try arguments.number("--momentum", default: c.momentum)
        if let text = try arguments.value("--hidden") {
            let widths = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard text == "none" || (!widths.isEmpty && widths.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 4096 })) else {
                throw .usage("--hidden \(text): expected comma-separated widths in 1...4096, e.g. 128,64 (or 'none' for a linear map)")
            }
            guard widths.count <= maximumHiddenLayers else {
                throw .usage("--hidden \(text): \(widths.count) layers; at most \(maximumHiddenLayers)")
            }
            c.hidden = text == "none" ? [] : widths.compactMap { $0 }
        }
        let suggestedEmbedding = (try? SyntheticPreset.parse(data))??.preset.suggestedEmbedding ?? c.embedding
        c.embedding = try arguments.integer("--embedding", default: suggestedEmbedding)
        c.seed = try arguments.unsigned("--seed", default: c.seed)
        c.hardBatches = arguments.flag("--hard-batches")
        c.evaluationSubsetPerClass = try arguments.integer("--eval-subset", default: c.evaluationSubsetPerClass)
        let steps = try arguments.integer("--steps", default: defaultSteps)
        let every = try arguments.integer("--eval-every", default: max(1, steps / 5))
        let full = arguments.flag("--full-eval")
        let json = arguments.flag("--json")
        let timings = arguments.flag("--timings")
        let split = try loadSplit(data, labels, trainClasses, testClasses)
        let parameters = parameterCount(inputs: split.train.features.columns, hidden: c.hidden, embedding: c.embedding)
        guard parameters <= maximumParameters else {
            throw .usage("--hidden \(c.hidden.isEmpty ? "none" : c.hidden.map(String.init).joined(separator: ",")) --embedding \(c.embedding): "
                + "the network would have \(parameters) parameters for \(split.train.features.columns) input features; at most \(maximumParameters)")
        }
        return TrainingOptions(data: data, split: split, configuration: c, steps: steps, evaluateEvery: every,
                               fullEvaluation: full, json: json, timings: timings)
    }

    /// Loads and splits `--data` (with `--labels`, `--train-classes`, `--test-classes`).
    static func loadSplit(_ data: String, _ labels: String?, _ trainClasses: String?, _ testClasses: String?) throws(CommandError) -> DataSplit {
        do {
            return try DatasetSelection.split(data, labelsPath: labels, trainClasses: trainClasses, testClasses: testClasses)
        } catch {
            throw CommandError(dataset: error)
        }
    }

    /// Weights and biases of `inputs -> hidden… -> embedding` (saturating: never traps).
    static func parameterCount(inputs: Int, hidden: [Int], embedding: Int) -> Int {
        let widths = [inputs] + hidden + [embedding]
        var total = 0
        for (a, b) in zip(widths, widths.dropFirst()) {
            let (product, o1) = a.multipliedReportingOverflow(by: b)
            let (sum, o2) = total.addingReportingOverflow(product)
            let (withBias, o3) = sum.addingReportingOverflow(b)
            if o1 || o2 || o3 { return Int.max }
            total = withBias
        }
        return total
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
