/// Margin loss, the plain way (Wu et al. 2017, eq. 3 with β fixed): list the terms, then reduce.
///
///     d_ij = sqrt(2 − 2 S_ij)
///     each:     one term per ordered pair (i, j)
///     triplets: for every triplet (a, p, n), the positive term of (a, p) and the negative term of (a, n)
///     positive term [α + d − β]_+,  negative term [α + β − d]_+
///     L = Σ terms / D,  D = the number of terms > 0
///     ∂L/∂S_ij = Σ over the pair's active terms of ∓(1/D)(1/d_ij)
///
/// (`∂d/∂S = −1/d`, taken as 0 at `d = 0`, like torch's `cdist`.)
public struct MarginReference: LossReference {
    /// One term of the sum: a pair, counted once, or once per triplet it is in.
    public struct Term: Sendable {
        public var i: Int, j: Int
        public var isPositive: Bool
        /// `d_ij` and the hinge's value.
        public var distance: Double, value: Double
    }

    public let settings: MarginLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// Every term, in order (with `triplets`, a pair appears once per triplet).
    public let terms: [Term]
    /// `D`: the number of active terms.
    public let divisor: Int
    public let value: Double
    public let gradient: Matrix

    init(settings: MarginLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, (alpha, beta) = (settings.margin, settings.beta)
        func term(_ i: Int, _ j: Int, positive: Bool) -> Term {
            let d = MarginLoss.distance(s[i, j])
            return Term(i: i, j: j, isPositive: positive, distance: d, value: max(0, positive ? alpha + d - beta : alpha + beta - d))
        }
        var terms: [Term] = []
        for a in 0..<n {
            switch settings.pairs {
            case .each:
                for p in labels.positives(of: a) { terms.append(term(a, p, positive: true)) }
                for q in labels.negatives(of: a) { terms.append(term(a, q, positive: false)) }
            case .triplets:
                for p in labels.positives(of: a) {
                    for q in labels.negatives(of: a) {
                        terms.append(term(a, p, positive: true))
                        terms.append(term(a, q, positive: false))
                    }
                }
            }
        }
        let active = terms.filter { $0.value > 0 }
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        if !active.isEmpty {
            let c = 1 / Double(active.count)
            for t in active {
                value += t.value * c
                if t.distance > 0 { gradient[t.i, t.j] += (t.isPositive ? -c : c) / t.distance }
            }
        }
        self.terms = terms
        divisor = active.count
        self.value = value
        self.gradient = gradient
    }
}
