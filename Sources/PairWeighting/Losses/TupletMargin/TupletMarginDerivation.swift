/// The inspector's account of one pair under tuplet margin loss, from the reference's numbers.
extension TupletMarginReference {
    /// A positive: its margin cosine, the negatives' share of its term and the margin's slope. A
    /// negative: its share of every one of the anchor's positive terms.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let scale = settings.scale, sij = similarity[i, j], m = Double(terms.count)
        let mine = terms.filter { $0.anchor == i }
        let header: DerivationLine = "tuplet margin: one term per ordered positive pair against anchor \(i)'s \(labels.negatives(of: i).count) negatives, beta = \(formatNumber(settings.marginDegrees)) deg, s = \(formatNumber(scale)), M = \(terms.count)"
        func negativeShare(_ term: (anchor: Int, positive: Int, cosine: Double, slope: Double, loss: Double)) -> Double {
            labels.negatives(of: i).reduce(0.0) { $0 + Elementary.exp(scale * (similarity[i, $1] - term.cosine) - term.loss) }
        }
        if labels.labels[i] == labels.labels[j], let term = mine.first(where: { $0.positive == j }) {
            let share = negativeShare(term)
            let w = -scale * share * term.slope / m
            return PairDerivation([
                header,
                "  S: c = cos(arccos S_ij - beta) = cos(arccos \(value: sij) - beta) = \(value: term.cosine), slope dc/dS = \(value: term.slope)"
                    + (term.slope < 0 ? " (closer than the margin: pushed)" : ""),
                "  N: the negatives' share of log(1 + sum_n e^(s(S_in - c))) = \(value: share)",
                "W = -(s/M) share slope: W = \(value: w)",
            ], weight: w)
        }
        guard !mine.isEmpty else {
            return PairDerivation([header, "  anchor \(i) has no positive: no term uses its pairs, W = 0"], weight: 0)
        }
        var shares = 0.0
        for term in mine { shares += Elementary.exp(scale * (sij - term.cosine) - term.loss) }
        let w = scale * shares / m
        return PairDerivation([
            header,
            "  N, P: in anchor \(i)'s \(mine.count) terms, sum_p e^(s(S_ij - c_ip)) / (1 + sum_n ...) = \(value: shares)",
            "W = (s/M) sum: W = \(value: w)",
        ], weight: w)
    }
}
