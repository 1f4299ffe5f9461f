/// The inspector's account of one pair under this loss, from the reference's numbers.
extension TripletReference {
    /// Which of the anchor's selected triplets hold the pair, and how many are active: the count
    /// is the weight, so the other set (P) decides it.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let isPositive = labels.labels[i] == labels.labels[j]
        let selection = settings.selection, margin = settings.margin
        let mine = triplets.filter { $0.anchor == i && (isPositive ? $0.positive : $0.negative) == j }
        let involved = mine.filter(\.isActive).count
        let scaleText: String
        switch settings.reduction {
        case .all: scaleText = "1/\(triplets.count) triplets"
        case .batch: scaleText = "1/N = 1/\(labels.count)"
        case .nonzero: scaleText = "1/\(triplets.filter(\.isActive).count) active triplets"
        }
        let signed = (isPositive ? -1.0 : 1.0) * scale * Double(involved)
        let rule = isPositive ? "negatives n with S_in > S_ij - m" : "positives p with S_ij > S_ip - m"
        var lines: [DerivationLine] = []
        switch selection {
        case .hard: lines.append("hard: one triplet per anchor, its least similar positive and most similar negative")
        case .semihard: lines.append("semihard: triplets with 0 < S_ap - S_an <= m (m \(value: margin))")
        case .all: break
        }
        if selection != .all && mine.isEmpty {
            lines.append("(\(i),\(j)) is in none of anchor \(i)'s selected triplets: W = 0")
            return PairDerivation(lines, weight: 0)
        }
        lines.append("P: active \(selection == .all ? "" : "selected ")triplets with this pair: \(involved) (\(rule), m \(value: margin))")
        lines.append("W = \(isPositive ? "-" : "+")c x \(involved), c = \(scaleText): W = \(value: signed)")
        return PairDerivation(lines, weight: signed)
    }
}
