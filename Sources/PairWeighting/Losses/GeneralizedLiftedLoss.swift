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
public struct GeneralizedLiftedLoss: PairLoss {
    public static let kind = LossKind(
        name: "generalized-lifted",
        title: "Generalised lifted structure",
        citation: "Hermans, Beyer & Leibe 2017 (after Song et al., CVPR 2016)",
        similarityTypes: ["N"],
        equation: "L = (1/N) sum_i [log sum_{P_i} e^(m+ - S_ik) + log sum_{N_i} e^(S_ik - m-)]_+",
        weightFormula: "W_ij = -c softmax_{P_i}(-S)_j (positives);  +c softmax_{N_i}(S)_j (negatives), for anchors whose hinge is active",
        parameters: [
            .number("pos-margin", default: 1, range: -2...2, step: 0.05, "m+: positives are pulled towards it"),
            .number("neg-margin", default: 0, range: -2...2, step: 0.05, "m-: negatives are pushed below it"),
            .choice("reduction", ["batch", "nonzero"], default: "batch",
                    "batch: mean over all N anchors (PML); nonzero: mean over anchors whose term > 0"),
        ],
        mines: false,
        make: { GeneralizedLiftedLoss(spec: $0) })

    public let spec: LossSpec
    public var mines: Bool { false }
    let positiveMargin: Double, negativeMargin: Double, perActiveAnchor: Bool

    public init(spec: LossSpec) {
        self.spec = spec
        positiveMargin = spec.number("pos-margin")
        negativeMargin = spec.number("neg-margin")
        perActiveAnchor = spec.choice("reduction") == "nonzero"
    }

    public func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let partners = labels.partners
        let width = max(partners.largestPart, 1)
        var total = 0.0
        // Raw pointers; the softmax weights go straight into G's row (scaled by c, or cleared for
        // an inactive hinge, once every term is known); LogSumExp batches its exps four at a time.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * width + n) { scratch in
            let z = scratch.baseAddress!, w = z + width, terms = w + width
            s.storage.withUnsafeBufferPointer { s in
            partners.positives.withUnsafeBufferPointer { positives in
            partners.negatives.withUnsafeBufferPointer { negatives in
            result.gradient.storage.withUnsafeMutableBufferPointer { g in
                for i in 0..<n {
                    let row = s.baseAddress! + i * n, gRow = g.baseAddress! + i * n
                    let pos = positives.baseAddress! + partners.positiveStart[i]
                    let neg = negatives.baseAddress! + partners.negativeStart[i]
                    let np = partners.positiveStart[i + 1] - partners.positiveStart[i]
                    let nn = partners.negativeStart[i + 1] - partners.negativeStart[i]
                    for k in 0..<np { z[k] = positiveMargin - row[pos[k]] }
                    let positivePart = LogSumExp.plain(UnsafeBufferPointer(start: z, count: np),
                                                       weights: UnsafeMutableBufferPointer(start: w, count: np))
                    for k in 0..<np { gRow[pos[k]] = -w[k] }
                    for k in 0..<nn { z[k] = row[neg[k]] - negativeMargin }
                    let negativePart = LogSumExp.plain(UnsafeBufferPointer(start: z, count: nn),
                                                       weights: UnsafeMutableBufferPointer(start: w, count: nn))
                    for k in 0..<nn { gRow[neg[k]] = w[k] }
                    terms[i] = max(0, positivePart + negativePart)
                }
            }
            }
            }
            }
            var activeAnchors = 0
            for i in 0..<n where terms[i] > 0 { activeAnchors += 1; total += terms[i] }
            let c = perActiveAnchor ? (activeAnchors > 0 ? 1 / Double(activeAnchors) : 0) : 1 / Double(n)
            result.value = total * c
            result.scaleAndSettleUnselected(rowFactor: { terms[$0] > 0 ? c : 0 })
        }
    }
}
