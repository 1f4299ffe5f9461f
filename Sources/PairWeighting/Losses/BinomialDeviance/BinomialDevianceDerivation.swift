/// The inspector's account of one pair under this loss, from the reference's numbers.
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
