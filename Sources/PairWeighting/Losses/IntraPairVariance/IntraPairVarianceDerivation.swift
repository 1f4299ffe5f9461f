/// The inspector's account of one pair under this loss, from the reference's numbers.
extension IntraPairVarianceReference {
    /// The pair's hinge against its kind's scaled mean, and the mean hinge every pair of the kind
    /// gets back.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let isPositive = labels.labels[i] == labels.labels[j]
        let sij = similarity[i, j], r = hinges[i, j]
        var lines: [DerivationLine] = []
        let count: Int, shared: Double, signed: Double
        if isPositive {
            let eps = settings.positiveEpsilon, threshold = (1 - eps) * positiveMean
            count = positivePairs.count
            shared = (1 - eps) * positiveMeanHinge
            lines.append("positives' mean (P): mu+ = \(value: positiveMean) over \(count) positive pairs; threshold (1 - pos-eps) mu+ = \(value: threshold)")
            lines.append("own hinge (S): r = [threshold - S_ij]_+ = [\(value: threshold) - \(value: sij)]_+ = \(value: r)")
            lines.append("  shared back to every positive: (1 - pos-eps) mean r+ = \(value: shared)")
            signed = 2 / Double(count) * (shared - r)
            lines.append("W = (2/|P|)(shared - r) = (2/\(count)) (\(value: shared) - \(value: r)) = \(value: signed)"
                         + (signed > 0 ? "   (> 0: near or above the mean, pushed down)" : ""))
        } else {
            let eps = settings.negativeEpsilon, threshold = (1 + eps) * negativeMean
            count = negativePairs.count
            shared = (1 + eps) * negativeMeanHinge
            lines.append("negatives' mean (N): mu- = \(value: negativeMean) over \(count) negative pairs; threshold (1 + neg-eps) mu- = \(value: threshold)")
            lines.append("own hinge (S): r = [S_ij - threshold]_+ = [\(value: sij) - \(value: threshold)]_+ = \(value: r)")
            lines.append("  shared back to every negative: (1 + neg-eps) mean r- = \(value: shared)")
            signed = 2 / Double(count) * (r - shared)
            lines.append("W = (2/|N|)(r - shared) = (2/\(count)) (\(value: r) - \(value: shared)) = \(value: signed)"
                         + (signed < 0 ? "   (< 0: below the mean, pulled up)" : ""))
        }
        return PairDerivation(lines, weight: signed)
    }
}
