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
