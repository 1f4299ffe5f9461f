/// The inspector's account of one pair under this loss, from the reference's numbers.
extension AngularReference {
    /// A positive: its softmax shares over the anchor's negatives. A negative: its shares in the
    /// triplets where it is `S_an` and where it is `S_pn`.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let t = tanSquared, count = pairs.count
        let tText: DerivationLine = "t = tan^2(\(formatNumber(settings.alpha)) deg) = \(value: t)"
        guard count > 0 else { return PairDerivation(["no positive pairs: angular is empty, W = 0"], weight: 0) }
        let c = 1 / Double(count)
        if labels.labels[i] == labels.labels[j] {
            let pair = pairs.first { $0.anchor == i && $0.positive == j }!
            var sum = 0.0
            for share in pair.shares { sum += c * 2 * (1 + t) * share }
            let total = pair.shares.reduce(0, +)
            let signed = -sum
            return PairDerivation([
                "f_ijn = 4t (S_in + S_jn) - 2(1 + t) S_ij over the \(pair.negatives.count) negatives n of \(i); " + tText,
                "  S_ij = \(value: similarity[i, j]); largest f = \(value: pair.exponents.max() ?? 0)",
                "  softmax shares against the 1 (S, N): sum_n sigma_ijn = \(value: total)",
                "W = -c 2(1 + t) sum_n sigma, c = 1/\(count) positive pairs: W = \(value: signed)",
            ], weight: signed)
        }
        // (i, j) negative: as S_an in the pairs (i, p), and as S_pn in the pairs (b, i).
        var lines: [DerivationLine] = ["negative: 4t = \(value: 4 * t) times its shares; " + tText]
        var weight = 0.0, asAnchor = 0.0, asPositive = 0.0, roles = 0
        for pair in pairs where pair.anchor == i || pair.positive == i {
            guard let k = pair.negatives.firstIndex(of: j) else { continue }
            weight += c * 4 * t * pair.shares[k]
            if pair.anchor == i { asAnchor += pair.shares[k] } else { asPositive += pair.shares[k] }
            roles += 1
        }
        guard roles > 0 else {
            lines.append("\(i) has no classmate: (\(i),\(j)) is in no triplet, W = 0")
            return PairDerivation(lines, weight: 0)
        }
        lines.append("  as S_an in (\(i), p): sum_p sigma_ipj = \(value: asAnchor)   (S, N: softmax with the anchor's other negatives)")
        lines.append("  as S_pn in (b, \(i)): sum_b sigma_bij = \(value: asPositive)   (P: each set against S_bi)")
        lines.append("W = c 4t (sum + sum), c = 1/\(count) positive pairs: W = \(value: weight)")
        return PairDerivation(lines, weight: weight)
    }
}
