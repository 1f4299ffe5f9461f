/// The inspector's account of one pair under NT-Xent, from the reference's numbers.
extension NTXentReference {
    /// A positive: its own cross-entropy's softmax share. A negative: its share of the softmax of
    /// every one of the anchor's positive pairs.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let t = settings.temperature, sij = similarity[i, j], m = Double(terms.count)
        let mine = terms.filter { $0.anchor == i }
        let header: DerivationLine = "NT-Xent: one softmax per ordered positive pair over it and the anchor's \(labels.negatives(of: i).count) negatives, t = \(formatNumber(t)), M = \(terms.count) positive pairs"
        if labels.labels[i] == labels.labels[j], let term = mine.first(where: { $0.positive == j }) {
            let w = -term.negativeShare / (m * t)
            return PairDerivation([
                header,
                "  q = e^(S_ij/t) / D_ij = e^(\(value: sij)/t) / e^(\(value: term.logDenominator)) = \(value: term.share)",
                "  1 - q = the negatives' share = \(value: term.negativeShare)   (S against N)",
                "W = -(1 - q) / (M t): W = \(value: w)",
            ], weight: w)
        }
        guard !mine.isEmpty else {
            return PairDerivation([header, "  anchor \(i) has no positive: no softmax uses its pairs, W = 0"], weight: 0)
        }
        var shares = 0.0
        for term in mine { shares += Elementary.exp(sij / t - term.logDenominator) }
        let w = shares / (m * t)
        return PairDerivation([
            header,
            "  negative in anchor \(i)'s \(mine.count) softmaxes: sum_p e^(S_ij/t) / D_ip = \(value: shares)   (N, P)",
            "W = (1/(M t)) sum_p e^(S_ij/t) / D_ip: W = \(value: w)",
        ], weight: w)
    }
}
