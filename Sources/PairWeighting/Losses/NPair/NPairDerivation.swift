/// The inspector's account of one pair under this loss, from the reference's numbers.
extension NPairReference {
    /// Whether the pair is (a chosen anchor, a chosen positive); then its softmax share among the
    /// anchor's logits, less 1 for its own positive.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        guard let row = pairs.firstIndex(where: { $0.anchor == i }), pairs.contains(where: { $0.positive == j }) else {
            return PairDerivation([
                "N-pair: each class's first two samples are (anchor, positive): \(pairs.count) pairs",
                "  (\(i),\(j)) is not (a chosen anchor, a chosen positive): W = 0, never looked at",
            ], weight: 0)
        }
        let sij = similarity[i, j], m = Double(pairs.count)
        let total = pairs.reduce(0.0) { $0 + Elementary.exp(similarity[i, $1.positive]) }
        let softmax = Elementary.exp(sij) / total
        let own = pairs[row].positive == j
        let signed = (softmax - (own ? 1 : 0)) / m
        let numerator: DerivationLine = own ? "(\(value: softmax) - 1)" : "\(value: softmax)"
        return PairDerivation([
            "N-pair: anchor \(i)'s logits are its similarities to the \(pairs.count) chosen positives",
            "  softmax of S_ij = \(value: sij) among them: \(value: softmax)"
                + (own ? " (its own positive: target 1)" : " (another class's positive: N, P)"),
            "W = " + numerator + " / M, M = \(pairs.count): W = \(value: signed)",
        ], weight: signed)
    }
}
