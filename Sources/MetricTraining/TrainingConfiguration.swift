/// Every hyper-parameter of a training run, with the explorer's defaults.
public struct TrainingConfiguration: Sendable, Equatable {
    /// `P`: classes per batch. Small by default so the explorer can show every pair.
    public var classesPerBatch = 4
    /// `K`: samples per class.
    public var samplesPerClass = 4
    /// Hidden layer widths (ReLU after each).
    public var hidden = [64]
    /// Embedding width (before L2 normalisation).
    public var embedding = 16
    /// Update rule.
    public var optimizer: OptimizerKind = .adam
    /// Step size.
    public var learningRate = 1e-3
    /// Coupled L2 weight decay (PyTorch's `weight_decay`).
    public var weightDecay = 1e-4
    /// SGD's momentum `μ` (unused by Adam).
    public var momentum = 0.9
    /// Fixes the initial weights, the batch stream and the evaluation subset.
    public var seed: UInt64 = 1
    /// Rows per unseen class in the default evaluation subset (chosen once from the seed).
    public var evaluationSubsetPerClass = 50

    /// The defaults.
    public init() {}

    /// `P · K`.
    public var batchSize: Int { classesPerBatch * samplesPerClass }
    /// The model starts as the identity (one linear `D -> D` layer, weight I, bias 0), so step 0
    /// shows the input embeddings as they are and training moves a linear head away from them.
    /// Needs `hidden` empty and `embedding` equal to the input width.
    public var startsAtIdentity = false
    /// Each batch is a random training class and its `P − 1` nearest classes (by class-mean
    /// cosine on the training features), instead of `P` random classes.
    public var hardBatches = false

    /// Checks the values that no step could recover from.
    func validate() throws(TrainingError) {
        guard hidden.allSatisfy({ $0 >= 1 }) else { throw .invalidConfiguration("hidden widths must be at least 1 (got \(hidden.map(String.init).joined(separator: ",")))") }
        guard embedding >= 1 else { throw .invalidConfiguration("the embedding width must be at least 1 (got \(embedding))") }
        guard learningRate.isFinite, learningRate > 0 else { throw .invalidConfiguration("the learning rate must be positive (got \(learningRate))") }
        guard weightDecay.isFinite, weightDecay >= 0 else { throw .invalidConfiguration("weight decay must be ≥ 0 (got \(weightDecay))") }
        guard momentum.isFinite, momentum >= 0, momentum < 1 else { throw .invalidConfiguration("momentum must be in [0, 1) (got \(momentum))") }
        guard evaluationSubsetPerClass >= 2 else { throw .invalidConfiguration("the evaluation subset needs at least 2 rows per class (got \(evaluationSubsetPerClass))") }
    }
}
