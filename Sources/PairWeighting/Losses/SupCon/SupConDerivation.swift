/// The inspector's account of one pair under SupCon, from the reference's numbers.
extension SupConReference {
    /// The pair's softmax share among the anchor's other samples, less `1/|P_i|` for a positive.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let t = settings.temperature, sij = similarity[i, j], k = Double(anchors.count)
        let header: DerivationLine = "SupCon: anchor \(i)'s softmax over its \(labels.count - 1) other samples, t = \(formatNumber(t)), K = \(anchors.count) anchors with positives"
        guard let a = anchors.first(where: { $0.anchor == i }) else {
            return PairDerivation([header, "  anchor \(i) has no positive: it is not averaged in, W = 0"], weight: 0)
        }
        let q = Elementary.exp(sij / t - a.logAll)
        let share: DerivationLine = "  q = e^(S_ij/t) / sum_{k != i} e^(S_ik/t) = e^(\(value: sij)/t - \(value: a.logAll)) = \(value: q)   (S against N, P)"
        guard labels.labels[i] == labels.labels[j] else {
            let w = q / (k * t)
            return PairDerivation([header, share, "W = q / (K t): W = \(value: w)"], weight: w)
        }
        let count = labels.positives(of: i).count
        let w = (q - 1 / Double(count)) / (k * t)
        return PairDerivation([
            header, share,
            "  a positive is pulled below its even share 1/|P_i| = 1/\(count), pushed above it\(w > 0 ? " (pushed)" : "")",
            "W = (q - 1/|P_i|) / (K t): W = \(value: w)",
        ], weight: w)
    }
}
