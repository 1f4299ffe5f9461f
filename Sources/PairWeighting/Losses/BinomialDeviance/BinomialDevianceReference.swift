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

extension BinomialDevianceReference {
    /// The mining test (with mining on), then the pair's own sigmoid: S alone sets its weight.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let sij = similarity[i, j], isPositive = labels.labels[i] == labels.labels[j]
        let mining = anchors[i].mining, mined = settings.mining
        let set = isPositive ? mining.keptPositives : mining.keptNegatives
        var lines: [DerivationLine] = []
        if mined {
            lines.append(mining.line(other: j, similarity: sij, isPositive: isPositive, epsilon: settings.epsilon))
            guard set.contains(j) else {
                lines.append("not mined: W = 0 (the loss never looks at its value)")
                return PairDerivation(lines, weight: 0)
            }
        }
        let lambda = settings.lambda
        let z = isPositive ? settings.alpha * (lambda - sij) : settings.beta * (sij - lambda)
        let sigma = Elementary.sigmoid(z)
        let k = isPositive ? settings.alpha : settings.beta
        let scaleText = settings.reduction == .nonzero
            ? "1/\(anchors.filter { $0.loss != 0 }.count) anchors" + (mined ? " with mined pairs" : "")
            : "1/N = 1/\(labels.count)"
        let share = k / Double(set.count)
        let signed = (isPositive ? -1.0 : 1.0) * scale * share * sigma
        let sign = isPositive ? "-" : "+", name = isPositive ? "alpha" : "beta"
        let setName = (mined ? "|mined " : "|") + (isPositive ? "P_i|" : "N_i|")
        let inner = isPositive ? "sigma(alpha(l - S))" : "sigma(beta(S - l))"
        lines += [
            "S only: W = \(sign)c \(name)/\(setName) \(inner), l \(formatNumber(lambda))",
            "  c = \(scaleText); \(formatNumber(k))/\(set.count) = \(value: share); sigma(\(value: z)) = \(value: sigma)",
            "W = \(sign)\(value: scale) x \(value: share) x \(value: sigma) = \(value: signed)",
        ]
        return PairDerivation(lines, weight: signed)
    }
}
