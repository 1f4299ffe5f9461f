/// Binomial deviance, the plain way: per anchor, the mean softplus over its (mined) positives and
/// over its (mined) negatives, then the reduction.
///
///     ℓ_i = mean_{k∈P̃_i} softplus(α(λ − S_ik)) + mean_{k∈Ñ_i} softplus(β(S_ik − λ))
///     W_ij = −c (α/|P̃_i|) σ(α(λ − S_ij)),   W_ik = +c (β/|Ñ_i|) σ(β(S_ik − λ))
///
/// with `P̃ = P`, `Ñ = N` unless `mining=on` (``MSMining``); `c = 1/N`, or one over the anchors
/// whose term is non-zero (`reduction=nonzero`).
public struct BinomialDevianceReference: LossReference {
    /// One anchor: its mining, and `ℓ_i`.
    public struct Anchor: Sendable {
        var mining: MSMining.Anchor
        /// `ℓ_i`.
        public var loss: Double
    }

    public let settings: BinomialDevianceLoss.Settings
    let similarity: Matrix, labels: PairLabels
    public let anchors: [Anchor]
    /// `c`.
    public let scale: Double
    public let value: Double
    public let gradient: Matrix

    init(settings: BinomialDevianceLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count
        var anchors: [Anchor] = []
        var unscaled = Matrix(rows: n, columns: n)
        for i in 0..<n {
            let mining = MSMining.Anchor(anchor: i, similarity: s, labels: labels, epsilon: settings.epsilon, mining: settings.mining)
            var loss = 0.0
            let positives = mining.keptPositives, negatives = mining.keptNegatives
            for j in positives {
                let z = settings.alpha * (settings.lambda - s[i, j])
                loss += Elementary.softplus(z) / Double(positives.count)
                unscaled[i, j] = -settings.alpha / Double(positives.count) * Elementary.sigmoid(z)
            }
            for j in negatives {
                let z = settings.beta * (s[i, j] - settings.lambda)
                loss += Elementary.softplus(z) / Double(negatives.count)
                unscaled[i, j] = settings.beta / Double(negatives.count) * Elementary.sigmoid(z)
            }
            anchors.append(Anchor(mining: mining, loss: loss))
        }
        let active = anchors.filter { $0.loss != 0 }.count
        let c = settings.reduction == .nonzero ? (active > 0 ? 1 / Double(active) : 0) : 1 / Double(n)
        self.anchors = anchors
        scale = c
        value = c * anchors.reduce(0) { $0 + $1.loss }
        gradient = Matrix(rows: n, columns: n, storage: unscaled.storage.map { $0 * c })
    }
}
