/// Supervised contrastive loss, the plain way (Khosla et al. 2020, `L_out`; PML's `SupConLoss`):
/// per anchor with positives, a softmax over every other sample, the mean log-probability of its
/// positives, then the mean over those anchors.
///
///     LA_i = log Σ_{k≠i} e^{S_ik/τ},   log q_ik = S_ik/τ − LA_i
///     ℓ_i = −(1/|P_i|) Σ_{p∈P_i} log q_ip,      L = (1/K) Σ ℓ_i
///     W_ik = (q_ik − [k ∈ P_i]/|P_i|) / (K τ)
public struct SupConReference: LossReference {
    public let settings: SupConLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// Per anchor with a positive: `LA_i` and its loss `ℓ_i`.
    public let anchors: [(anchor: Int, logAll: Double, loss: Double)]
    public let value: Double
    public let gradient: Matrix

    init(settings: SupConLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, t = settings.temperature
        var anchors: [(anchor: Int, logAll: Double, loss: Double)] = []
        for i in 0..<n {
            let positives = labels.positives(of: i)
            guard !positives.isEmpty else { continue }
            let others = (0..<n).filter { $0 != i }
            let shift = others.map { s[i, $0] / t }.max()!
            let logAll = shift + Elementary.log(others.reduce(0.0) { $0 + Elementary.exp(s[i, $1] / t - shift) })
            var loss = 0.0
            for p in positives { loss -= (s[i, p] / t - logAll) / Double(positives.count) }
            anchors.append((i, logAll, loss))
        }
        let k = Double(anchors.count)
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for a in anchors {
            value += a.loss / k
            let positives = labels.positives(of: a.anchor)
            for j in 0..<n where j != a.anchor {
                let q = Elementary.exp(s[a.anchor, j] / t - a.logAll)
                gradient[a.anchor, j] = (q - (positives.contains(j) ? 1 / Double(positives.count) : 0)) / (k * t)
            }
        }
        self.anchors = anchors
        self.value = value
        self.gradient = gradient
    }
}
