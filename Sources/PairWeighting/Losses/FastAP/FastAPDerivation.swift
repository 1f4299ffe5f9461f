/// The inspector's account of one pair under this loss, from the reference's numbers.
extension FastAPReference {
    /// The pair's distance and nodes, and the anchor's histogram slopes there.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        guard let anchor = anchors.first(where: { $0.index == i }) else {
            return PairDerivation(["anchor \(i) has no classmate: no AP to rank, W = 0"], weight: 0)
        }
        let isPositive = labels.labels[i] == labels.labels[j]
        let d = 2 - 2 * similarity[i, j], delta = self.delta, c = 1 / Double(anchors.count)
        let g = isPositive ? anchor.positiveSlopes : anchor.negativeSlopes
        var lines: [DerivationLine] = [
            "D_ij = 2 - 2 S_ij = \(value: d); anchor \(i): AP = \(value: anchor.precision) over \(anchor.positiveCount) positives",
        ]
        var sum = 0.0, touched: [DerivationLine] = []
        for k in nodes.indices {
            let slope = Self.pulse(d, nodes[k], delta: delta).slope
            sum += g[k] * slope
            if slope != 0 { touched.append("node \(k) at D = \(value: nodes[k]): slope \(value: slope), g = \(value: g[k])") }
        }
        guard !touched.isEmpty else {
            lines.append("D sits on a node (a kink): torch's subgradient 0, W = 0")
            return PairDerivation(lines, weight: 0)
        }
        let kind = isPositive ? "g+ = |P| dAP/dh+ (P: the positives below and at it)" : "g- = |P| dAP/dh- (N and P: the histograms below and at it)"
        lines.append(DerivationLine("  " + kind))
        for line in touched { lines.append("  " + line) }
        let signed = 2 * c / Double(anchor.positiveCount) * sum
        lines.append("W = (2c/|P_i|) sum_k g_k pulse'_k = (2/\(anchors.count) / \(anchor.positiveCount)) * \(value: sum) = \(value: signed)")
        return PairDerivation(lines, weight: signed)
    }
}
