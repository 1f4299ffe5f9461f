/// A pair-based loss seen through General Pair Weighting: a function of the similarity matrix
/// `S` whose derivative `∂L/∂S_ij` is the weight of pair `(i, j)`.
///
/// Implementations write only ``computeWeights(similarity:labels:into:)``; callers use
/// ``evaluate(similarity:labels:)``, which checks shapes and handles batches with nothing to
/// contrast.
public protocol PairLoss: Sendable {
    /// The parameters this loss was built from.
    var spec: LossSpec { get }
    /// True when the loss selects pairs before weighting them (mining).
    var mines: Bool { get }
    /// Adds the loss value and the weights `∂L/∂S` of a batch with at least two classes to
    /// `result`, which arrives zeroed, and marks pair statuses.
    func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights)
}

extension PairLoss {
    /// The loss, its weights and pair statuses on one batch.
    ///
    /// A batch with a single class has no negative pair: nothing to separate, so every loss is
    /// 0 with zero weights, and a note says so.
    /// - Precondition: `similarity` is `[N, N]` with `N == labels.count`.
    public func evaluate(similarity: Matrix, labels: PairLabels) -> PairWeights {
        let n = labels.count
        precondition(similarity.rows == n && similarity.columns == n,
                     "similarity is \(similarity.rows)x\(similarity.columns), labels give N = \(n)")
        var result = PairWeights(count: n, mines: mines)
        guard labels.classCount >= 2 else {
            if n > 0 { result.notes.append("one class in the batch: no negative pairs, nothing to separate; loss 0") }
            return result
        }
        computeWeights(similarity: similarity, labels: labels, into: &result)
        if !labels.hasPositivePairs {
            result.notes.append("no two samples share a class: no positive pairs in the batch")
        }
        return result
    }

    /// Evaluates on raw embeddings (`[N, D]`) and also returns `∂L/∂X` through the normalisation.
    public func evaluate(embeddings: Matrix, labels: PairLabels) -> (weights: PairWeights, embeddingGradient: Matrix) {
        let forward = CosineSimilarity.forward(embeddings)
        let weights = evaluate(similarity: forward.similarity, labels: labels)
        return (weights, CosineSimilarity.embeddingGradient(pairWeights: weights.gradient, forward: forward))
    }
}
