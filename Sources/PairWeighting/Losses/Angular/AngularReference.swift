/// Angular loss, the plain way (Wang et al. 2017, eq. 8 on unit rows): for every ordered positive
/// pair `(a, p)` the softmax of its triplets' `f` against a virtual `0`, then the mean.
///
///     t = tan²α
///     for each positive pair (a, p) and each n ∈ N_a:  f_apn = 4t (S_an + S_pn) − 2(1 + t) S_ap
///     ℓ_ap = log(1 + Σ_n e^{f_apn}),   σ_apn = e^{f_apn} / (1 + Σ_n e^{f_apn})
///     L = (1/|P|) Σ ℓ_ap
///     ∂L/∂S_ap −= (1/|P|) 2(1 + t) σ_apn,   ∂L/∂S_an += (1/|P|) 4t σ_apn,   ∂L/∂S_pn += (1/|P|) 4t σ_apn
///
/// computed shifted by `M = max(0, max_n f_apn)`.
public struct AngularReference: LossReference {
    /// One anchor–positive pair: its triplets' `f` and shares, and its term.
    public struct Pair: Sendable {
        public var anchor: Int, positive: Int
        /// `N_a`, in index order, with `f_apn` and `σ_apn`.
        public var negatives: [Int], exponents: [Double], shares: [Double]
        /// `ℓ_ap`.
        public var loss: Double
    }

    public let settings: AngularLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// `t = tan²α`.
    public let tanSquared: Double
    /// Every ordered positive pair, in order.
    public let pairs: [Pair]
    public let value: Double
    public let gradient: Matrix

    init(settings: AngularLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, t = settings.tanSquared
        var pairs: [Pair] = []
        for a in 0..<n {
            let negatives = labels.negatives(of: a)
            for p in labels.positives(of: a) {
                let f = negatives.map { 4 * t * (s[a, $0] + s[p, $0]) - 2 * (1 + t) * s[a, p] }
                let shift = max(0, f.max() ?? 0)
                let exps = f.map { Elementary.exp($0 - shift) }
                let sum = Elementary.exp(-shift) + exps.reduce(0, +)
                pairs.append(Pair(anchor: a, positive: p, negatives: negatives, exponents: f,
                                  shares: exps.map { $0 / sum }, loss: shift + Elementary.log(sum)))
            }
        }
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        if !pairs.isEmpty {
            let c = 1 / Double(pairs.count)
            for pair in pairs {
                value += c * pair.loss
                for (q, share) in zip(pair.negatives, pair.shares) {
                    gradient[pair.anchor, pair.positive] -= c * 2 * (1 + t) * share
                    gradient[pair.anchor, q] += c * 4 * t * share
                    gradient[pair.positive, q] += c * 4 * t * share
                }
            }
        }
        tanSquared = t
        self.pairs = pairs
        self.value = value
        self.gradient = gradient
    }
}
