/// The inspector's account of one MS pair: was it mined, and how its softmax share came about,
/// from the reference's numbers.
extension MultiSimilarityReference {
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let anchor = anchors[i], sij = similarity[i, j]
        let isPositive = labels.labels[i] == labels.labels[j]
        var lines: [DerivationLine] = []
        if settings.mining {
            lines.append(anchor.mining.line(other: j, similarity: sij, isPositive: isPositive, epsilon: settings.epsilon))
        } else {
            lines.append("mining off: every pair of the anchor is kept")
        }
        let part = isPositive ? anchor.positives : anchor.negatives
        guard let w = part.weight(of: j) else {
            lines.append("not mined: W = 0 (the loss never looks at its value)")
            return PairDerivation(lines, weight: 0)
        }
        let scaleText = settings.reduction == .nonzero
            ? "1/\(anchors.filter(\.hasPairs).count) anchors with pairs" : "1/N = 1/\(labels.count)"
        let sign = isPositive ? "-" : "+", signed = (isPositive ? -1.0 : 1.0) * scale * w
        let kind = isPositive ? "positives" : "negatives"
        guard settings.weighting else {
            lines.append("weighting off: w = 1/|mined \(kind)| = 1/\(part.pairs.count) = \(value: w) (no S, no N)")
            lines.append("W = \(sign)c w, c = \(scaleText): W = \(value: signed)")
            return PairDerivation(lines, weight: signed)
        }
        // The terms as the formula writes them, unshifted: e^{z}.
        let own = Elementary.exp(part.exponents[part.pairs.firstIndex(of: j)!])
        var shared = 0.0
        for (k, z) in zip(part.pairs, part.exponents) where k != j { shared += Elementary.exp(z) }
        let others = part.pairs.count - 1
        let symbol = isPositive ? "-a" : "b", parameter = isPositive ? "alpha" : "beta"
        let setWord = settings.mining ? "mined" : "kept"
        let scaleParameter = isPositive ? settings.alpha : settings.beta
        lines.append("weighting (S, N): w = e^{\(symbol)(S-l)} / (1 + sum_\(setWord) e^{\(symbol)(S_ik-l)})")
        lines.append("  = \(value: own) / (1 + \(value: own) + \(value: shared)) = \(value: w)"
                     + "   (\(parameter) \(formatNumber(scaleParameter)), l = lambda \(formatNumber(settings.lambda)))")
        lines.append("  S: its own term \(value: own) against the virtual pair's 1 at S = lambda")
        lines.append("  \(isPositive ? "relative" : "N"): shares the sum with \(others) other \(setWord) "
                     + "\(others == 1 ? String(kind.dropLast()) : kind) (their terms \(value: shared))")
        lines.append("W = \(sign)c w, c = \(scaleText): W = \(value: signed)")
        return PairDerivation(lines, weight: signed)
    }
}
