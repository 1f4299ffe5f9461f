/// Generalised lifted structure loss (Hermans, Beyer & Leibe 2017, "In Defense of the Triplet
/// Loss"), per anchor, in similarity form: pytorch-metric-learning's
/// `GeneralizedLiftedStructureLoss` with `CosineSimilarity` (m⁺ = pos-margin, m⁻ = neg-margin):
///
///     ℓ_i = [ log Σ_{k∈P_i} e^{m⁺ − S_ik} + log Σ_{k∈N_i} e^{S_ik − m⁻} ]_+
///
/// An empty set's log-sum-exp counts 0 (PML's masked log-sum-exp), so an anchor without
/// positives keeps its negative term inside the hinge.
///
/// Parameters (defaults): pos-margin 1, neg-margin 0 (both −2...2; PML's Euclidean defaults are
/// 0 and 1, these are the MS paper's similarity form with λ = 1), reduction batch.
///
/// Reductions: `batch` (default, PML): mean over all N anchors, `c = 1/N`; `nonzero`: mean over
/// the anchors whose term is > 0, `c = 1/#{i: ℓ_i > 0}`.
///
/// Weights, for an anchor whose hinge is active:
///
///     W_ij = −c · softmax_{k∈P_i}(m⁺ − S_ik)_j = −c / Σ_{k∈P_i} e^{S_ij − S_ik}
///     W_ij = +c · softmax_{k∈N_i}(S_ik − m⁻)_j = +c / Σ_{k∈N_i} e^{S_ik − S_ij}
///
/// The margins cancel out of the weights: they are purely relative, each part's magnitudes summing
/// to `c` (the MS paper's "N" for negatives). With m⁺ = λ, m⁻ = 0 this is the MS paper's
/// similarity-form lifted loss divided by N. Cost `O(N²)`.
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct GeneralizedLiftedLoss: PairLoss {
    public static let kind = LossKind(
        name: "generalized-lifted",
        title: "Generalised lifted structure",
        citation: "Hermans, Beyer & Leibe 2017 (after Song et al., CVPR 2016)",
        equation: "L = (1/N) sum_i [log sum_{P_i} e^(m+ - S_ik) + log sum_{N_i} e^(S_ik - m-)]_+",
        weightFormula: "W_ij = -c softmax_{P_i}(-S)_j (positives);  +c softmax_{N_i}(S)_j (negatives), for anchors whose hinge is active",
        parameters: [
            .number("pos-margin", default: 1, range: -2...2, step: 0.05, "m+: positives are pulled towards it"),
            .number("neg-margin", default: 0, range: -2...2, step: 0.05, "m-: negatives are pushed below it"),
            .choice("reduction", ["batch", "nonzero"], default: "batch",
                    "batch: mean over all N anchors (PML); nonzero: mean over anchors whose term > 0"),
        ],
        reproduces: [
            Reproduction(call: "GeneralizedLiftedStructureLoss(neg_margin=0, pos_margin=1, distance=CosineSimilarity())",
                         spec: "generalized-lifted:pos-margin=1,neg-margin=0"),
        ],
        make: { GeneralizedLiftedLoss(spec: $0) })

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
    /// Softmax weights within each part: N.
    public var similarityTypes: [String] { ["N"] }
    public var landmarks: [SimilarityLandmark] {
        SimilarityLandmark.margins(negative: settings.negativeMargin, positive: settings.positiveMargin)
    }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> GeneralizedLiftedReference {
        GeneralizedLiftedReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let positiveMargin = settings.positiveMargin, negativeMargin = settings.negativeMargin
        let width = max(labels.partners.largestPart, 1)
        var total = 0.0
        // The softmax weights go straight into G's row (scaled by c, or cleared for an inactive
        // hinge, once every term is known); LogSumExp batches its exps four at a time.
        withScratch(doubles: 2 * width + n, ints: 0) { scratch, _ in
            let z = scratch, w = z + width, terms = w + width
            result.withViews(similarity: similarity, labels: labels) { v in
                for i in 0..<n {
                    let row = v.row(i), gRow = v.gradientRow(i)
                    let pos = v.positives(of: i), neg = v.negatives(of: i)
                    for (k, j) in pos.enumerated() { z[k] = positiveMargin - row[j] }
                    let positivePart = LogSumExp.plain(UnsafeBufferPointer(start: z, count: pos.count),
                                                       weights: UnsafeMutableBufferPointer(start: w, count: pos.count))
                    for (k, j) in pos.enumerated() { gRow[j] = -w[k] }
                    for (k, j) in neg.enumerated() { z[k] = row[j] - negativeMargin }
                    let negativePart = LogSumExp.plain(UnsafeBufferPointer(start: z, count: neg.count),
                                                       weights: UnsafeMutableBufferPointer(start: w, count: neg.count))
                    for (k, j) in neg.enumerated() { gRow[j] = w[k] }
                    terms[i] = max(0, positivePart + negativePart)
                }
            }
            var activeAnchors = 0
            for i in 0..<n where terms[i] > 0 { activeAnchors += 1; total += terms[i] }
            let c = settings.reduction == .nonzero ? (activeAnchors > 0 ? 1 / Double(activeAnchors) : 0) : 1 / Double(n)
            result.value = total * c
            result.scaleAndSettleUnselected(rowFactor: { terms[$0] > 0 ? c : 0 })
        }
    }
}
