/// Circle loss, the plain way (Sun et al. 2020, eq. 4 with eq. 8's margins; PML's `CircleLoss`):
/// per anchor with both kinds of pair, the self-paced factors α, the two log-sum-exps, softplus.
///
///     α_p = [1 + m − S_ip]_+,  z_p = −γ α_p (S_ip − (1 − m));   α_n = [S_in + m]_+,  z_n = γ α_n (S_in − m)
///     ℓ_i = softplus(log Σ_p e^{z_p} + log Σ_n e^{z_n}),   L = (1/K) Σ ℓ_i
///     W_ip = −(σ(LP_i + LN_i)/K) (e^{z_p}/Σ_p e^{z_p}) γ α_p,   W_in = +(σ(LP_i + LN_i)/K) (e^{z_n}/Σ_n e^{z_n}) γ α_n
///
/// α is read from `factorsAt` (the similarity itself, except in the gradient test's frozen form).
public struct CircleReference: LossReference {
    public let settings: CircleLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// Per anchor with a positive and a negative: `LP_i`, `LN_i`, and each pair's `α` and `z`.
    public let anchors: [(anchor: Int, logPositives: Double, logNegatives: Double, pairs: [(other: Int, alpha: Double, z: Double)])]
    public let value: Double
    public let gradient: Matrix

    init(settings: CircleLoss.Settings, similarity s: Matrix, labels: PairLabels, factorsAt f: Matrix) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, m = settings.m, gamma = settings.gamma
        func logSumExp(_ z: [Double]) -> Double {
            let shift = z.max()!
            return shift + Elementary.log(z.reduce(0.0) { $0 + Elementary.exp($1 - shift) })
        }
        var anchors: [(anchor: Int, logPositives: Double, logNegatives: Double, pairs: [(other: Int, alpha: Double, z: Double)])] = []
        for i in 0..<n {
            let positives = labels.positives(of: i), negatives = labels.negatives(of: i)
            guard !positives.isEmpty, !negatives.isEmpty else { continue }
            var pairs: [(other: Int, alpha: Double, z: Double)] = []
            for p in positives {
                let alpha = max(0, 1 + m - f[i, p])
                pairs.append((p, alpha, -gamma * alpha * (s[i, p] - (1 - m))))
            }
            for q in negatives {
                let alpha = max(0, f[i, q] + m)
                pairs.append((q, alpha, gamma * alpha * (s[i, q] - m)))
            }
            let lp = logSumExp(pairs.prefix(positives.count).map(\.z)), ln = logSumExp(pairs.suffix(negatives.count).map(\.z))
            anchors.append((i, lp, ln, pairs))
        }
        let k = Double(anchors.count)
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for a in anchors {
            let u = a.logPositives + a.logNegatives
            value += Elementary.softplus(u) / k
            for pair in a.pairs {
                let positive = labels.labels[pair.other] == labels.labels[a.anchor]
                let share = Elementary.exp(pair.z - (positive ? a.logPositives : a.logNegatives))
                gradient[a.anchor, pair.other] = (positive ? -1 : 1) * Elementary.sigmoid(u) / k * share * gamma * pair.alpha
            }
        }
        self.anchors = anchors
        self.value = value
        self.gradient = gradient
    }
}
