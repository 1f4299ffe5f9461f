/// Lifted structure, the plain way (Song et al. 2016, PML's form): for every ordered positive pair
/// `(i, j)`, one log over the negatives of both rows.
///
///     Z_ij = Σ_{k∈N_i} e^{S_ik − m⁻} + Σ_{l∈N_j} e^{S_jl − m⁻}
///     J_ij = log Z_ij + m⁺ − S_ij,          L = c Σ_{(i,j)} [J_ij]_+² / 2
///     W_ij −= c J_ij,   W_ik += c J_ij e^{S_ik − m⁻} / Z_ij (k ∈ N_i),   W_jl += c J_ij e^{S_jl − m⁻} / Z_ij (l ∈ N_j)
///
/// `c = 1/|P|` over ordered positive pairs (`pairs`) or `1/N` (`batch`). With `S ≤ 1` and
/// `m⁻ ≥ −2` no exponential here exceeds `e^3`.
public struct LiftedStructureReference: LossReference {
    /// One ordered positive pair.
    public struct Pair: Sendable {
        public var i: Int, j: Int
        /// `Z_ij`.
        public var z: Double
        /// `J_ij` (active when > 0).
        public var term: Double
    }

    /// The note for a batch without positive pairs.
    static let noPositivesNote = "no positive pairs: lifted structure has no terms; loss 0"

    public let settings: LiftedStructureLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// Every ordered positive pair, anchor by anchor.
    public let pairs: [Pair]
    /// `c`.
    public let scale: Double
    public let value: Double
    public let gradient: Matrix

    init(settings: LiftedStructureLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, mNeg = settings.negativeMargin
        func rowSum(_ r: Int) -> Double { labels.negatives(of: r).reduce(0) { $0 + Elementary.exp(s[r, $1] - mNeg) } }
        var pairs: [Pair] = []
        for i in 0..<n {
            for j in labels.positives(of: i) {
                let z = rowSum(i) + rowSum(j)
                pairs.append(Pair(i: i, j: j, z: z, term: Elementary.log(z) + settings.positiveMargin - s[i, j]))
            }
        }
        let c = pairs.isEmpty ? 0 : (settings.reduction == .pairs ? 1 / Double(pairs.count) : 1 / Double(n))
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for pair in pairs where pair.term > 0 {
            let (i, j, big) = (pair.i, pair.j, pair.term)
            value += c * big * big / 2
            gradient[i, j] -= c * big
            for k in labels.negatives(of: i) { gradient[i, k] += c * big * Elementary.exp(s[i, k] - mNeg) / pair.z }
            for l in labels.negatives(of: j) { gradient[j, l] += c * big * Elementary.exp(s[j, l] - mNeg) / pair.z }
        }
        self.pairs = pairs
        scale = c
        self.value = value
        self.gradient = gradient
    }

    /// The pair `(i, j)`'s record. - Precondition: it is a positive pair.
    func pair(_ i: Int, _ j: Int) -> Pair { pairs.first { $0.i == i && $0.j == j }! }
}
