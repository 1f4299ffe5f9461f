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
        let width = partners.largestPart
        var z = [Double](repeating: 0, count: width)
        var positiveWeights = [Double](repeating: 0, count: n * width)
        var negativeWeights = [Double](repeating: 0, count: n * width)
        var terms = [Double](repeating: 0, count: n)
        z.withUnsafeMutableBufferPointer { z in
            positiveWeights.withUnsafeMutableBufferPointer { pw in
                negativeWeights.withUnsafeMutableBufferPointer { nw in
                    for i in 0..<n {
                        let pos = partners.positives(of: i), neg = partners.negatives(of: i)
                        for (k, j) in pos.enumerated() { z[k] = positiveMargin - s[i, j] }
                        let positivePart = LogSumExp.plain(UnsafeBufferPointer(rebasing: z[0..<pos.count]),
                                                           weights: UnsafeMutableBufferPointer(rebasing: pw[(i * width)..<(i * width + pos.count)]))
                        for (k, j) in neg.enumerated() { z[k] = s[i, j] - negativeMargin }
                        let negativePart = LogSumExp.plain(UnsafeBufferPointer(rebasing: z[0..<neg.count]),
                                                           weights: UnsafeMutableBufferPointer(rebasing: nw[(i * width)..<(i * width + neg.count)]))
                        terms[i] = max(0, positivePart + negativePart)
                    }
                }
            }
        }
        let activeAnchors = terms.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let c = perActiveAnchor ? (activeAnchors > 0 ? 1 / Double(activeAnchors) : 0) : 1 / Double(n)
        var total = 0.0
        for i in 0..<n where terms[i] > 0 {
            total += terms[i]
            for (k, j) in partners.positives(of: i).enumerated() { result.gradient[i, j] = -c * positiveWeights[i * width + k] }
            for (k, j) in partners.negatives(of: i).enumerated() { result.gradient[i, j] = c * negativeWeights[i * width + k] }
        }
        result.value = total * c
        result.settleStatuses()
    }
}
