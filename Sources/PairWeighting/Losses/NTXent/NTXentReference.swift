/// NT-Xent, the plain way (Chen et al. 2020, PML's `NTXentLoss`): one softmax cross-entropy per
/// ordered positive pair, over that positive and the anchor's negatives, then the mean.
///
///     for each positive (a, p):  D_ap = e^{S_ap/τ} + Σ_{n∈N_a} e^{S_an/τ},  q_ap = e^{S_ap/τ} / D_ap
///                                ℓ_ap = −log q_ap
///     L = (1/M) Σ ℓ_ap
///     W_ap = −(1 − q_ap)/(Mτ)  (1 − q_ap summed from the negatives' terms, never by subtraction),   W_an = (1/(Mτ)) Σ_{p∈P_a} e^{S_an/τ} / D_ap
///
/// Each softmax is computed shifted by its largest logit (τ can be 0.01).
public struct NTXentReference: LossReference {
    public let settings: NTXentLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// One entry per ordered positive pair: `log D_ap`, `q_ap` and the negatives' share `1 − q_ap`.
    public let terms: [(anchor: Int, positive: Int, logDenominator: Double, share: Double, negativeShare: Double)]
    public let value: Double
    public let gradient: Matrix

    init(settings: NTXentLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, t = settings.temperature
        var terms: [(anchor: Int, positive: Int, logDenominator: Double, share: Double, negativeShare: Double)] = []
        for a in 0..<n {
            let negatives = labels.negatives(of: a)
            for p in labels.positives(of: a) {
                let logits = [s[a, p] / t] + negatives.map { s[a, $0] / t }
                let shift = logits.max()!
                let logD = shift + Elementary.log(logits.reduce(0) { $0 + Elementary.exp($1 - shift) })
                let negativeShare = negatives.reduce(0.0) { $0 + Elementary.exp(s[a, $1] / t - logD) }
                terms.append((a, p, logD, Elementary.exp(s[a, p] / t - logD), negativeShare))
            }
        }
        let m = Double(terms.count)
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for term in terms {
            value += (term.logDenominator - s[term.anchor, term.positive] / t) / m
            gradient[term.anchor, term.positive] += -term.negativeShare / (m * t)
            for k in labels.negatives(of: term.anchor) {
                gradient[term.anchor, k] += Elementary.exp(s[term.anchor, k] / t - term.logDenominator) / (m * t)
            }
        }
        self.terms = terms
        self.value = value
        self.gradient = gradient
    }
}
