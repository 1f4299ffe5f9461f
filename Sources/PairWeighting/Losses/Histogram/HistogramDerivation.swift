/// The inspector's account of one pair under this loss, from the reference's numbers.
extension HistogramReference {
    /// The pair's bin, and the other histogram's mass at the bin's edge node: that mass is the
    /// weight, so the positives decide a negative's (P).
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        guard i < j else {
            return PairDerivation(["histogram reads each unordered pair once, at (\(j),\(i)) in the upper triangle: W = 0 here"],
                                  weight: 0)
        }
        let isPositive = labels.labels[i] == labels.labels[j]
        guard isPositive || negativePairs.contains(where: { $0 == (i, j) }) else {
            return PairDerivation(["a negative pair of two classes with one sample each: never in a histogram, W = 0"], weight: 0)
        }
        let positives = positivePairs.count, negatives = negativePairs.count
        guard positives > 0 && negatives > 0 else {
            return PairDerivation(["no \(positives == 0 ? "positive" : "negative") pairs: the loss is empty, W = 0"], weight: 0)
        }
        let sij = similarity[i, j], bins = settings.bins
        let r = Self.bin(of: sij, delta: delta, bins: bins)
        let node = { (k: Int) in -1 + Double(k) * self.delta }
        var lines: [DerivationLine] = ["histogram: S_ij = \(value: sij) in bin \(r) of \(bins), nodes \(value: node(r)) .. \(value: node(r + 1))"]
        let signed: Double
        if isPositive {
            let mass = negativeHistogram[r]
            signed = -mass / (delta * Double(positives))
            lines.append("  P's mirror: the negatives' share at node \(r): h-_r = \(value: mass) (of \(negatives) negative pairs)")
            lines.append("W = -h-_r / (delta |P|), |P| = \(positives): W = \(value: signed)")
        } else {
            let mass = positiveHistogram[r + 1]
            signed = mass / (delta * Double(negatives))
            lines.append("  P: the positives' share at node \(r + 1): h+_(r+1) = \(value: mass) (of \(positives) positive pairs)")
            lines.append("W = +h+_(r+1) / (delta |N|), |N| = \(negatives): W = \(value: signed)")
        }
        return PairDerivation(lines, weight: signed)
    }
}
