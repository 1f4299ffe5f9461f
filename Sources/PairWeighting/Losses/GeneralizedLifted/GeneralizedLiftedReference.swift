/// Generalised lifted structure, the plain way (Hermans et al. 2017, PML's form): per anchor, a
/// hinge on two log-sum-exps, and softmax weights inside each.
///
///     ℓ_i = [ log Σ_{k∈P_i} e^{m⁺ − S_ik} + log Σ_{k∈N_i} e^{S_ik − m⁻} ]_+      (an empty sum's log counts 0)
///     W_ij = −c e^{m⁺ − S_ij} / Σ_{P_i} e^{m⁺ − S_ik},   W_ik = +c e^{S_ik − m⁻} / Σ_{N_i} e^{S_il − m⁻}
///
/// for anchors whose hinge is active; `c = 1/N`, or one over the active anchors (`nonzero`).
/// Margins and similarities lie in `[−2, 2]` and `[−1, 1]`: no exponential here exceeds `e^4`.
public struct GeneralizedLiftedReference: LossReference {
    public let settings: GeneralizedLiftedLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// `ℓ_i` before the hinge, per anchor.
    public let terms: [Double]
    /// `c`.
    public let scale: Double
    public let value: Double
    public let gradient: Matrix

    init(settings: GeneralizedLiftedLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, mPos = settings.positiveMargin, mNeg = settings.negativeMargin
        var terms: [Double] = [], softmax = Matrix(rows: n, columns: n)
        for i in 0..<n {
            let positives = labels.positives(of: i), negatives = labels.negatives(of: i)
            let zp = positives.reduce(0) { $0 + Elementary.exp(mPos - s[i, $1]) }
            let zn = negatives.reduce(0) { $0 + Elementary.exp(s[i, $1] - mNeg) }
            terms.append((positives.isEmpty ? 0 : Elementary.log(zp)) + (negatives.isEmpty ? 0 : Elementary.log(zn)))
            for j in positives { softmax[i, j] = -Elementary.exp(mPos - s[i, j]) / zp }
            for j in negatives { softmax[i, j] = Elementary.exp(s[i, j] - mNeg) / zn }
        }
        let active = terms.filter { $0 > 0 }.count
        let c = settings.reduction == .nonzero ? (active > 0 ? 1 / Double(active) : 0) : 1 / Double(n)
        var gradient = Matrix(rows: n, columns: n)
        for i in 0..<n where terms[i] > 0 {
            for j in 0..<n { gradient[i, j] = c * softmax[i, j] }
        }
        self.terms = terms
        scale = c
        value = c * terms.reduce(0) { $0 + max(0, $1) }
        self.gradient = gradient
    }
}
