/// Triplet loss, the plain way: list the selected triplets `(a, p, n)`, take each hinge
/// `[S_an − S_ap + m]_+`, reduce.
///
/// Selection (``TripletLoss``'s doc comment): `all`, every `p ∈ P_a`, `n ∈ N_a`; `hard`, per
/// anchor its least similar positive and most similar negative (first index on ties);
/// `semihard`, the triplets with `0 < S_ap − S_an ≤ m`. Each active triplet adds `+c` to `W_an`
/// and `−c` to `W_ap`; `c = 1/T⁺` (nonzero), `1/T` (all), `1/N` (batch).
public struct TripletReference: LossReference {
    /// One selected triplet and its hinge.
    public struct Triplet: Sendable {
        public var anchor: Int, positive: Int, negative: Int
        /// `S_an − S_ap + m` (active when > 0).
        public var hinge: Double
        public var isActive: Bool { hinge > 0 }
    }

    public let settings: TripletLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// Every selected triplet, anchor by anchor.
    public let triplets: [Triplet]
    /// `c`.
    public let scale: Double
    public let value: Double
    public let gradient: Matrix

    /// `c` of a reduction: `1/T⁺`, `1/T` or `1/N` (0 when there is nothing to average).
    static func scale(_ reduction: TripletLoss.Settings.Reduction, selected: Int, active: Int, count n: Int) -> Double {
        switch reduction {
        case .nonzero: return active > 0 ? 1 / Double(active) : 0
        case .all: return selected > 0 ? 1 / Double(selected) : 0
        case .batch: return 1 / Double(n)
        }
    }

    /// The triplets of anchor `a` that the selection keeps.
    static func select(_ selection: TripletLoss.Settings.Selection, anchor a: Int, similarity s: Matrix,
                       labels: PairLabels, margin: Double) -> [(p: Int, n: Int)] {
        let positives = labels.positives(of: a), negatives = labels.negatives(of: a)
        switch selection {
        case .all:
            return positives.flatMap { p in negatives.map { (p, $0) } }
        case .hard:
            guard var p = positives.first, var q = negatives.first else { return [] }
            for k in positives where s[a, k] < s[a, p] { p = k }
            for k in negatives where s[a, k] > s[a, q] { q = k }
            return [(p, q)]
        case .semihard:
            return positives.flatMap { p in
                negatives.filter { q in s[a, p] - s[a, q] > 0 && s[a, p] - s[a, q] <= margin }.map { (p, $0) }
            }
        }
    }

    init(settings: TripletLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count
        var triplets: [Triplet] = []
        for a in 0..<n {
            for (p, q) in Self.select(settings.selection, anchor: a, similarity: s, labels: labels, margin: settings.margin) {
                triplets.append(Triplet(anchor: a, positive: p, negative: q, hinge: s[a, q] - s[a, p] + settings.margin))
            }
        }
        let c = Self.scale(settings.reduction, selected: triplets.count, active: triplets.filter(\.isActive).count, count: n)
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for t in triplets where t.isActive {
            value += c * t.hinge
            gradient[t.anchor, t.negative] += c
            gradient[t.anchor, t.positive] -= c
        }
        self.triplets = triplets
        scale = c
        self.value = value
        self.gradient = gradient
    }
}

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
