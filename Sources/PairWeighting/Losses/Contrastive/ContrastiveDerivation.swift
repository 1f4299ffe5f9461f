/// The inspector's account of one pair under this loss, from the reference's numbers.
extension ContrastiveReference {
    /// The hinge test of the pair and its scale: every active pair of a kind weighs the same.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let sij = similarity[i, j], isPositive = labels.labels[i] == labels.labels[j]
        let active = isPositive ? activePositives.contains { $0.i == i && $0.j == j } : activeNegatives.contains { $0.i == i && $0.j == j }
        let test: DerivationLine = isPositive
            ? "S_ij \(value: sij) \(active ? "<" : ">=") m+ \(value: settings.positiveMargin)"
            : "S_ij \(value: sij) \(active ? ">" : "<=") m- \(value: settings.negativeMargin)"
        var lines: [DerivationLine] = ["hinge (S only): " + test + ": \(active ? "active" : "inactive, W = 0")"]
        guard active else { return PairDerivation(lines, weight: 0) }
        let scale = isPositive ? positiveScale : negativeScale
        let scaleText = settings.reduction == .nonzero
            ? "1/\(isPositive ? activePositives.count : activeNegatives.count) active \(isPositive ? "positives" : "negatives")"
            : "1/N = 1/\(labels.count)"
        let signed = (isPositive ? -1.0 : 1.0) * scale
        lines.append("W = \(isPositive ? "-" : "+")c, c = \(scaleText): W = \(value: signed); every active pair weighs the same")
        return PairDerivation(lines, weight: signed)
    }
}
