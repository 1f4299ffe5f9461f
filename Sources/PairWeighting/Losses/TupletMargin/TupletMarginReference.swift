import Foundation

/// Tuplet margin loss, the plain way (Yu & Tao 2019; PML's `TupletMarginLoss`): one term per
/// ordered positive pair, its margin cosine against each of the anchor's negatives.
///
///     c_ap = cos(arccos S_ap − β)
///     ℓ_ap = log(1 + Σ_{n∈N_a} e^{s (S_an − c_ap)}),     L = (1/M) Σ ℓ_ap
///     W_ap = −(s/M) (Σ_n e^{s(S_an − c_ap)} / (1 + Σ_n e^{s(S_an − c_ap)})) dc_ap/dS_ap
///     W_an = (s/M) Σ_{p∈P_a} e^{s(S_an − c_ap)} / (1 + Σ_n e^{s(S_an' − c_ap)})
///
/// Each sum is taken relative to its largest exponent (s can be 512).
public struct TupletMarginReference: LossReference {
    public let settings: TupletMarginLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// One entry per ordered positive pair: `c_ap`, its slope, and `log(1 + Σ_n e^{s(S_an − c_ap)})`.
    public let terms: [(anchor: Int, positive: Int, cosine: Double, slope: Double, loss: Double)]
    public let value: Double
    public let gradient: Matrix

    init(settings: TupletMarginLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, scale = settings.scale
        var terms: [(anchor: Int, positive: Int, cosine: Double, slope: Double, loss: Double)] = []
        for a in 0..<n {
            let negatives = labels.negatives(of: a)
            for p in labels.positives(of: a) {
                let (cosine, slope) = settings.marginCosine(s[a, p])
                // log(1 + Σ e^{x_n}) with x_n = s(S_an − c): the 1 is e^0, shifted like the rest.
                let exponents = [0] + negatives.map { scale * (s[a, $0] - cosine) }
                let shift = exponents.max()!
                let loss = shift + Elementary.log(exponents.reduce(0.0) { $0 + Elementary.exp($1 - shift) })
                terms.append((a, p, cosine, slope, loss))
            }
        }
        let m = Double(terms.count)
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for term in terms {
            value += term.loss / m
            var negativeShare = 0.0
            for k in labels.negatives(of: term.anchor) {
                let share = Elementary.exp(scale * (s[term.anchor, k] - term.cosine) - term.loss)
                negativeShare += share
                gradient[term.anchor, k] += scale * share / m
            }
            gradient[term.anchor, term.positive] += -scale * negativeShare * term.slope / m
        }
        self.terms = terms
        self.value = value
        self.gradient = gradient
    }
}
