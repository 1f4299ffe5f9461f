/// Contrastive loss (Hadsell, Chopra & LeCun 2006), in similarity form.
///
/// Per ordered pair `(i, j)`, `i ≠ j`:
///
///     ℓ_ij = [m⁺ − S_ij]_+          for a positive pair (pos-margin m⁺)
///     ℓ_ij = [S_ij − m⁻]_+          for a negative pair (neg-margin m⁻)
///
/// Reductions:
/// - `batch` (default; the MS paper's and its authors' Deep_Metric code with m⁺ = 1, m⁻ = λ = 0.5):
///   `L = Σ ℓ_ij / N`, so every active pair weighs `∓1/N`.
/// - `nonzero` (pytorch-metric-learning's `ContrastiveLoss` with `CosineSimilarity`): the mean of
///   the positive terms that are > 0 plus the mean of the negative terms that are > 0, each part
///   0 when it has none; active pairs weigh `∓1/n±`.
///
/// Deep_Metric's own code adds `S_ij` (not `S_ij − m⁻`) for an active negative, so its value is
/// higher by `m⁻ · n⁻ / N` (docs/losses.md, "Where gpw differs from a reference, and why": 0.775 there, 0.525 here) and jumps at
/// `S = m⁻`; the weights are the same. gpw keeps the continuous hinge.
///
/// Weights: `W_ij = −c` on an active positive, `+c` on an active negative, 0 otherwise. Every
/// selected pair has the same magnitude: the loss uses only S (the paper's criticism).
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct ContrastiveLoss: PairLoss {
    public static let kind = LossKind(
        name: "contrastive",
        title: "Contrastive",
        citation: "Hadsell, Chopra & LeCun, CVPR 2006",
        equation: "L = [m+ - S_ij]_+ (positives) + [S_ij - m-]_+ (negatives), summed over pairs / N",
        weightFormula: "W_ij = -c if positive and S_ij < m+;  +c if negative and S_ij > m-;  c = 1/N (batch) or 1/n± (nonzero)",
        parameters: [
            .number("pos-margin", default: 1, range: -1...2, step: 0.05,
                    "positive pairs are pulled until S reaches it (1: always pulled)"),
            .number("neg-margin", default: 0.5, range: -1...1, step: 0.05,
                    "negative pairs above it are pushed (the paper's lambda)"),
            .choice("reduction", ["batch", "nonzero"], default: "batch",
                    "batch: sum over pairs / N (MS paper); nonzero: mean of active positives + mean of active negatives (PML)"),
        ],
        reproduces: [
            Reproduction(call: "ContrastiveLoss(pos_margin=1, neg_margin=0.3, distance=CosineSimilarity())",
                         spec: "contrastive:pos-margin=1,neg-margin=0.3,reduction=nonzero"),
        ],
        make: { ContrastiveLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        public enum Reduction: String, Sendable { case batch, nonzero }
        public var positiveMargin: Double, negativeMargin: Double
        public var reduction: Reduction

        init(_ spec: LossSpec) {
            positiveMargin = spec.number("pos-margin")
            negativeMargin = spec.number("neg-margin")
            reduction = Reduction(rawValue: spec.choice("reduction"))!
        }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    public var mines: Bool { false }
    public var similarityTypes: [String] { ["S"] }
    public var landmarks: [SimilarityLandmark] {
        SimilarityLandmark.margins(negative: settings.negativeMargin, positive: settings.positiveMargin)
    }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> ContrastiveReference {
        ContrastiveReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let positiveMargin = settings.positiveMargin, negativeMargin = settings.negativeMargin
        let perActivePair = settings.reduction == .nonzero
        var positiveSum = 0.0, negativeSum = 0.0
        var positiveCount = 0, negativeCount = 0
        result.value = result.withViews(similarity: similarity, labels: labels) { v in
            let (s, y, status) = (v.s, v.y, v.status)
            for i in 0..<n {
                for k in (i * n)..<(i * n + n) where k != i * n + i {
                    if y[i] == y[k - i * n] {
                        let term = positiveMargin - s[k]
                        if term > 0 { positiveSum += term; positiveCount += 1; status[k] = .active }
                    } else {
                        let term = s[k] - negativeMargin
                        if term > 0 { negativeSum += term; negativeCount += 1; status[k] = .active }
                    }
                }
            }
            let positiveScale = perActivePair ? (positiveCount > 0 ? 1 / Double(positiveCount) : 0) : 1 / Double(n)
            let negativeScale = perActivePair ? (negativeCount > 0 ? 1 / Double(negativeCount) : 0) : 1 / Double(n)
            for i in 0..<n {
                for k in (i * n)..<(i * n + n) where status[k] == .active {
                    v.g[k] = y[i] == y[k - i * n] ? -positiveScale : negativeScale
                }
            }
            return positiveSum * positiveScale + negativeSum * negativeScale
        }
    }
}
