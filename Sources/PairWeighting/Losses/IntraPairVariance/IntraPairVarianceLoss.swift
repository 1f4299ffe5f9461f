/// Intra-pair variance loss (Yu & Tao, "Deep Metric Learning with Tuplet Margin Loss", ICCV 2019),
/// with pytorch-metric-learning's `IntraPairVarianceLoss` semantics (cosine similarity).
///
/// Over the batch's ordered positive pairs `P` and negative pairs `N` (`i ≠ j`), with their mean
/// similarities `μ⁺ = mean_P S`, `μ⁻ = mean_N S`:
///
///     r⁺_ij = [(1 − ε⁺) μ⁺ − S_ij]_+            a positive far below its class's mean
///     r⁻_ij = [S_ij − (1 + ε⁻) μ⁻]_+            a negative far above the negatives' mean
///     L = mean_P (r⁺)² + mean_N (r⁻)²
///
/// It does not separate the classes: it squeezes each kind of pair towards its own mean, so it is
/// meant to be added to another loss (the paper adds it to the tuplet margin loss).
///
/// **Weights.** The means depend on every pair, so each weight has the pair's own part and a part
/// shared by all pairs of its kind (`R̄⁺ = mean_P r⁺`, `R̄⁻ = mean_N r⁻`):
///
///     W_ij = (2/|P|) [(1 − ε⁺) R̄⁺ − r⁺_ij]          positive
///     W_ij = (2/|N|) [r⁻_ij − (1 + ε⁻) R̄⁻]          negative
///
/// So a positive pair whose hinge is inactive (it is near or above the mean) is pushed *down* by
/// the shared part (`W > 0`), and a negative below the mean is pulled *up* (`W < 0`): the signs of
/// the other losses do not hold here (InvariantTests' documented exception). What does hold:
/// `Σ_P W = −2ε⁺ R̄⁺ ≤ 0` and `Σ_N W = −2ε⁻ R̄⁻ ≤ 0`. With no active hinge of a kind, that kind
/// weighs 0. Every pair of the batch is used; `S = ±1` is ordinary. An empty `P` (every class a
/// single sample) leaves only the negative part.
///
/// **Parameters** (defaults, PML's: pos-eps ε⁺ 0.01, neg-eps ε⁻ 0.01). The paper's own ε was not
/// checked for this entry; gpw uses PML's.
///
/// PML's `GenericPairLoss` returns 0 when the batch has at most one positive and at most one
/// negative *pair*; ordered pairs come in twos, so with two classes that never fires.
///
/// Similarity types: the pair's own `S` (its hinge), and its kind's mean: the positives' mean sets
/// a positive's weight (P, the MS paper's "positive relative"), the negatives' mean a negative's (N).
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct IntraPairVarianceLoss: PairLoss {
    public static let kind = LossKind(
        name: "intra-pair-variance",
        title: "Intra-pair variance",
        citation: "Yu & Tao, ICCV 2019",
        equation: "L = mean_P [(1 - eps+) mean_P(S) - S_ij]_+^2 + mean_N [S_ij - (1 + eps-) mean_N(S)]_+^2",
        weightFormula: "W_ij = (2/|P|) [(1 - eps+) mean_P(r+) - r+_ij] (positive);  (2/|N|) [r-_ij - (1 + eps-) mean_N(r-)] (negative);  r = the hinges",
        parameters: [
            .number("pos-eps", default: 0.01, range: 0...1, step: 0.01, "positives more than this fraction below their mean similarity are pulled"),
            .number("neg-eps", default: 0.01, range: 0...1, step: 0.01, "negatives more than this fraction above their mean similarity are pushed"),
        ],
        reproduces: [
            Reproduction(call: "IntraPairVarianceLoss(pos_eps=0.01, neg_eps=0.01)", spec: "intra-pair-variance:pos-eps=0.01,neg-eps=0.01"),
            Reproduction(call: "IntraPairVarianceLoss(pos_eps=0.1, neg_eps=0.05)", spec: "intra-pair-variance:pos-eps=0.1,neg-eps=0.05"),
        ],
        make: { IntraPairVarianceLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        /// `ε⁺`, `ε⁻`.
        public var positiveEpsilon: Double, negativeEpsilon: Double

        init(_ spec: LossSpec) {
            positiveEpsilon = spec.number("pos-eps")
            negativeEpsilon = spec.number("neg-eps")
        }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    public var mines: Bool { false }
    /// S: the pair's own hinge; P: a positive's weight is set against the positives' mean; N: a
    /// negative's against the negatives' mean.
    public var similarityTypes: [String] { ["S", "N", "P"] }
    public var landmarks: [SimilarityLandmark] { [] }
    public var landmarkNote: String? { "intra-pair variance's thresholds are the batch's mean similarities scaled by 1 -+ eps: no fixed line" }

    public func reference(similarity: Matrix, labels: PairLabels) -> IntraPairVarianceReference {
        IntraPairVarianceReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let (pe, ne) = (settings.positiveEpsilon, settings.negativeEpsilon)
        result.value = result.withViews(similarity: similarity, labels: labels) { v in
            // Pass 1: the means.
            var positiveSum = 0.0, negativeSum = 0.0, positiveCount = 0, negativeCount = 0
            for i in 0..<n {
                let row = v.row(i)
                for j in v.positives(of: i) { positiveSum += row[j] }
                for j in v.negatives(of: i) { negativeSum += row[j] }
                positiveCount += v.positives(of: i).count
                negativeCount += v.negatives(of: i).count
            }
            let positiveThreshold = positiveCount > 0 ? (1 - pe) * (positiveSum / Double(positiveCount)) : 0
            let negativeThreshold = negativeCount > 0 ? (1 + ne) * (negativeSum / Double(negativeCount)) : 0
            // Pass 2: the hinges (kept in G), their sums and squares.
            var positiveHinges = 0.0, positiveSquares = 0.0, negativeHinges = 0.0, negativeSquares = 0.0
            for i in 0..<n {
                let row = v.row(i), g = v.gradientRow(i)
                for j in v.positives(of: i) {
                    let r = positiveThreshold - row[j]
                    if r > 0 { g[j] = r; positiveHinges += r; positiveSquares += r * r }
                }
                for j in v.negatives(of: i) {
                    let r = row[j] - negativeThreshold
                    if r > 0 { g[j] = r; negativeHinges += r; negativeSquares += r * r }
                }
            }
            // Pass 3: W = (2/|P|)((1 − ε⁺) R̄⁺ − r), W = (2/|N|)(r − (1 + ε⁻) R̄⁻).
            let positiveScale = positiveCount > 0 ? 2 / Double(positiveCount) : 0
            let negativeScale = negativeCount > 0 ? 2 / Double(negativeCount) : 0
            let positiveShared = positiveCount > 0 ? (1 - pe) * (positiveHinges / Double(positiveCount)) : 0
            let negativeShared = negativeCount > 0 ? (1 + ne) * (negativeHinges / Double(negativeCount)) : 0
            for i in 0..<n {
                let g = v.gradientRow(i), status = v.status + i * n
                for j in v.positives(of: i) {
                    g[j] = positiveScale * (positiveShared - g[j])
                    status[j] = g[j] != 0 ? .active : .inactive
                }
                for j in v.negatives(of: i) {
                    g[j] = negativeScale * (g[j] - negativeShared)
                    status[j] = g[j] != 0 ? .active : .inactive
                }
            }
            return positiveSquares * (positiveScale / 2) + negativeSquares * (negativeScale / 2)
        }
    }
}
