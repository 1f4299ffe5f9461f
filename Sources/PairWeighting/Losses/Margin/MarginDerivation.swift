/// The inspector's account of one pair under this loss, from the reference's numbers.
extension MarginReference {
    /// The pair's distance, its hinge against β ± α, how often it counts, and `1/d`.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let isPositive = labels.labels[i] == labels.labels[j]
        let mine = terms.filter { $0.i == i && $0.j == j && $0.isPositive == isPositive }
        let sij = similarity[i, j], d = MarginLoss.distance(sij)
        let (alpha, beta) = (settings.margin, settings.beta)
        var lines: [DerivationLine] = ["d_ij = sqrt(2 - 2 S_ij) = sqrt(2 - 2 * \(value: sij)) = \(value: d)"]
        guard let first = mine.first else {
            lines.append("(\(i),\(j)) is in no triplet: anchor \(i) has no positive; W = 0")
            return PairDerivation(lines, weight: 0)
        }
        let m = mine.count
        lines.append(isPositive
            ? "positive hinge (S only): [margin + d - beta]_+ = [\(formatNumber(alpha)) + \(value: d) - \(formatNumber(beta))]_+ = \(value: first.value)"
            : "negative hinge (S only): [margin + beta - d]_+ = [\(formatNumber(alpha)) + \(formatNumber(beta)) - \(value: d)]_+ = \(value: first.value)")
        guard first.value > 0 else {
            lines.append("inactive (\(isPositive ? "d <= beta - margin" : "d >= beta + margin")): W = 0")
            return PairDerivation(lines, weight: 0)
        }
        let countText = settings.pairs == .triplets
            ? "m = \(m) (once per \(isPositive ? "negative" : "positive") of anchor \(i): every triplet adds it)" : "m = 1"
        lines.append("  counts \(countText); D = \(divisor) active terms in the batch")
        guard d > 0 else {
            lines.append("d = 0: dd/dS = -1/d is infinite; gpw (like torch's cdist) weighs it 0: W = 0")
            return PairDerivation(lines, weight: 0)
        }
        let signed = (isPositive ? -1.0 : 1.0) * Double(m) / Double(divisor) / d
        lines.append("W = \(isPositive ? "-" : "+")m / (D d) = \(isPositive ? "-" : "")\(m) / (\(divisor) * \(value: d)) = \(value: signed)"
                     + "   (dd/dS = -1/d: the nearer the pair, the larger |W|)")
        return PairDerivation(lines, weight: signed)
    }
}
