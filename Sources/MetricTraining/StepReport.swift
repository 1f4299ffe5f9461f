import PairWeighting

/// One P × K batch: which training rows, their labels and (standardised) features.
public struct Batch: Sendable, Equatable {
    /// Row indices into the training split.
    public var indices: [Int]
    /// The rows' labels.
    public var labels: PairLabels
    /// `[P·K, D]`.
    public var features: Matrix
}

/// Everything one training step saw, for the explorer and the commands.
public struct StepReport: Sendable {
    /// The step just taken (1 for the first).
    public var step: Int
    /// The training loss on the batch, before the update.
    public var loss: Double
    /// The training loss's pair weights `G = ∂L/∂S` on the batch, before the update.
    public var weights: PairWeights
    /// Raw embeddings `[N, E]` of the batch, before the update.
    public var embeddings: Matrix
    /// `S` of the batch, before the update.
    public var similarity: Matrix
    /// `‖∂L/∂θ‖` of the loss alone (weight decay not included).
    public var gradientNorm: Double
    /// `‖θ‖` after the update.
    public var parameterNorm: Double
}
