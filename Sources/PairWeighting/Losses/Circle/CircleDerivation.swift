/// The inspector's account of one pair under circle loss, from the reference's numbers.
extension CircleReference {
    /// The pair's self-paced factor α, its share of its side's softmax, and the anchor's σ.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let m = settings.m, gamma = settings.gamma, sij = similarity[i, j]
        let positive = labels.labels[i] == labels.labels[j]
        guard let a = anchors.first(where: { $0.anchor == i }), let pair = a.pairs.first(where: { $0.other == j }) else {
            return PairDerivation(["circle: anchor \(i) lacks a positive or a negative: not averaged in, W = 0"], weight: 0)
        }
        let k = Double(anchors.count), u = a.logPositives + a.logNegatives
        let sigma = Elementary.sigmoid(u)
        let share = Elementary.exp(pair.z - (positive ? a.logPositives : a.logNegatives))
        let w = (positive ? -1 : 1) * sigma / k * share * gamma * pair.alpha
        let alphaLine: DerivationLine = positive
            ? "  S: a_p = [O_p - S_ij]_+ = [\(formatNumber(1 + m)) - \(value: sij)]_+ = \(value: pair.alpha)   (held constant)"
            : "  S: a_n = [S_ij - O_n]_+ = [\(value: sij) + \(formatNumber(m))]_+ = \(value: pair.alpha)   (held constant)"
        let zLine: DerivationLine = positive
            ? "  z = -gamma a_p (S_ij - D_p), D_p = \(formatNumber(1 - m)): z = \(value: pair.z)"
            : "  z = gamma a_n (S_ij - D_n), D_n = \(formatNumber(m)): z = \(value: pair.z)"
        return PairDerivation([
            "circle (m = \(formatNumber(m)), gamma = \(formatNumber(gamma))), K = \(anchors.count) anchors with both kinds of pair",
            alphaLine, zLine,
            "  \(positive ? "P" : "N"): softmax share among anchor \(i)'s \(positive ? "positives" : "negatives"): \(value: share)",
            "  \(positive ? "N" : "P"): sigmoid(LP + LN) = sigmoid(\(value: a.logPositives) + \(value: a.logNegatives)) = \(value: sigma)",
            "W = \(positive ? "-" : "+")(sigmoid/K) share gamma a: W = \(value: w)",
        ], weight: w)
    }
}
