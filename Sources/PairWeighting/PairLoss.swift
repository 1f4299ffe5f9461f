/// A pair-based loss seen through General Pair Weighting: a function of the similarity matrix
/// `S` whose derivative `∂L/∂S_ij` is the weight of pair `(i, j)`.
///
/// A loss lives in its own folder under `Losses/` and owns everything gpw knows about it:
/// - its catalogue entry and typed settings (the only code that reads its parameters by name);
/// - the **fast code**, ``computeWeights(similarity:labels:into:)``, which every command and the
///   explorer run;
/// - its **plain reference**, ``reference(similarity:labels:)``: the textbook form, explicit loops
///   over listed pairs and triplets, written to be read beside the paper's equation. The tests hold
///   the fast code to it on every entry, and hold both to finite differences;
/// - its **per-pair derivation** (``LossReference/derivation(anchor:other:)``), computed from the
///   reference's intermediate quantities: what the explorer's inspector shows, the formula with
///   this batch's numbers;
/// - what the plots mark on the similarity axis (``landmarks``) and which of the MS paper's
///   similarity types this setting uses.
///
/// Nothing here has a default: a new loss that forgets a part does not compile. Callers use
/// ``evaluate(similarity:labels:)``, which checks shapes and handles batches with nothing to
/// contrast, and ``explain(anchor:other:similarity:labels:)``.
public protocol PairLoss: Sendable {
    /// The plain reference's evaluation of one batch, with its intermediate quantities.
    associatedtype Reference: LossReference

    /// The parameters this loss was built from.
    var spec: LossSpec { get }
    /// True when this setting selects pairs before weighting them (mining, triplet or pair
    /// selection), so that a pair can be `notSelected`.
    var mines: Bool { get }
    /// The similarity types this setting uses to weight a pair (the MS paper's table): a subset of
    /// `S` (self), `N` (negative relative), `P` (positive relative), in that order.
    var similarityTypes: [String] { get }
    /// Similarity values this setting's parameters pin down (margins, λ), for the plots' axes.
    var landmarks: [SimilarityLandmark] { get }
    /// A remark for the plots when the loss has no fixed landmark worth a line (triplet's
    /// margin is relative), or nil.
    var landmarkNote: String? { get }

    /// Adds the loss value and the weights `∂L/∂S` of a batch with at least two classes to
    /// `result`, which arrives zeroed, and marks pair statuses.
    func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights)

    /// The plain reference on a batch with at least two classes.
    func reference(similarity: Matrix, labels: PairLabels) -> Reference
}

/// The plain reference's evaluation of one batch: the value, `G = ∂L/∂S`, and what is needed to
/// explain any one pair.
public protocol LossReference: Sendable {
    /// The reduced loss `L`.
    var value: Double { get }
    /// `∂L/∂S`, `[N, N]`, row = anchor.
    var gradient: Matrix { get }
    /// Why the pair `(anchor, other)`, `anchor ≠ other`, weighs what it does: the formula with
    /// this batch's numbers, and the weight recomputed from them.
    func derivation(anchor: Int, other: Int) -> PairDerivation
}

/// A similarity value a loss's parameters pin down, drawn as a line across the plots.
public struct SimilarityLandmark: Sendable, Equatable {
    /// The similarity.
    public var at: Double
    /// A short name: `lambda`, `m-`.
    public var name: String

    public init(at: Double, name: String) {
        self.at = at
        self.name = name
    }

    /// A margin pair's two lines, `m-` then `m+` (contrastive and both lifted structures).
    static func margins(negative: Double, positive: Double) -> [SimilarityLandmark] {
        [SimilarityLandmark(at: negative, name: "m-"), SimilarityLandmark(at: positive, name: "m+")]
    }
}

/// The note every loss attaches to a batch with one class: nothing to separate.
let oneClassNote = "one class in the batch: no negative pairs, nothing to separate; loss 0"

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
            if n > 0 { result.notes.append(oneClassNote) }
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

    /// The plain reference's value and `∂L/∂S`, with the same one-class rule as ``evaluate(similarity:labels:)``.
    public func referenceEvaluation(similarity: Matrix, labels: PairLabels) -> (value: Double, gradient: Matrix) {
        precondition(similarity.rows == labels.count && similarity.columns == labels.count)
        guard labels.classCount >= 2 else { return (0, Matrix(rows: labels.count, columns: labels.count)) }
        let reference = reference(similarity: similarity, labels: labels)
        return (reference.value, reference.gradient)
    }

    /// Why this loss weighs the pair `(anchor, other)` as it does on this batch, recomputed by the
    /// plain reference (never read from the fast code's result).
    public func explain(anchor: Int, other: Int, similarity: Matrix, labels: PairLabels) -> PairDerivation {
        guard anchor != other else { return PairDerivation(["self pair: never weighted"], weight: 0) }
        guard labels.classCount >= 2 else { return PairDerivation([DerivationLine(oneClassNote)], weight: 0) }
        return reference(similarity: similarity, labels: labels).derivation(anchor: anchor, other: other)
    }
}
