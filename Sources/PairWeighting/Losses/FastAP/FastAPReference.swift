/// FastAP, the plain way (Cakir et al. 2019, eqs. 6–9, PML's form): per anchor, the soft histograms
/// of its positives' and negatives' squared distances, the precision at every node, and the
/// derivative through the histograms back to each pair.
///
///     D_ij = 2 − 2 S_ij,  nodes m_k (k = 0…R) on [0, 4],  pulse_k(D) = [1 − |D − m_k|/Δ]_+
///     h⁺_k = Σ_{P_i} pulse_k,  h⁻_k = Σ_{N_i} pulse_k,  H⁺, H their cumulative sums (H of h⁺ + h⁻)
///     AP_i = (1/|P_i|) Σ_{h⁺_k>0} h⁺_k H⁺_k / H_k,   L = mean over anchors with classmates of 1 − AP_i
///     |P_i| ∂AP_i/∂h⁺_m = [h⁺_m>0] H⁺_m/H_m + Σ_{k≥m, h⁺_k>0} (h⁺_k − q_k)/H_k
///     |P_i| ∂AP_i/∂h⁻_m = −Σ_{k≥m, h⁺_k>0} q_k/H_k,      q_k = h⁺_k H⁺_k / H_k
///     ∂L/∂S_ij = (−2)(−c) ∂AP_i/∂D_ij = 2c Σ_m ∂AP_i/∂h^±_m pulse'_m(D_ij)
///
/// `pulse'_m(D) = −sign(D − m_m)/Δ` inside the pulse, 0 on its peak and outside (torch's subgradients).
public struct FastAPReference: LossReference {
    /// One anchor with classmates: its histograms and their derivatives.
    public struct Anchor: Sendable {
        public var index: Int
        public var positiveHistogram: [Double], negativeHistogram: [Double]
        /// `|P_i| ∂AP_i/∂h⁺_m` and `|P_i| ∂AP_i/∂h⁻_m`.
        public var positiveSlopes: [Double], negativeSlopes: [Double]
        public var precision: Double
        public var positiveCount: Int
    }

    public let settings: FastAPLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// `m_k`.
    public let nodes: [Double]
    /// The anchors with classmates.
    public let anchors: [Anchor]
    public let value: Double
    public let gradient: Matrix

    var delta: Double { 4 / Double(settings.bins) }

    /// `pulse_k(D)` and its slope.
    static func pulse(_ d: Double, _ node: Double, delta: Double) -> (value: Double, slope: Double) {
        let x = d - node, p = 1 - abs(x) / delta
        guard p > 0 else { return (0, 0) }
        return (p, x > 0 ? -1 / delta : (x < 0 ? 1 / delta : 0))
    }

    init(settings: FastAPLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, bins = settings.bins, nodes = FastAPLoss.nodes(bins: bins), delta = 4 / Double(bins)
        var anchors: [Anchor] = []
        for i in 0..<n where !labels.positives(of: i).isEmpty {
            func histogram(_ partners: [Int]) -> [Double] {
                nodes.map { m in partners.reduce(0.0) { $0 + Self.pulse(2 - 2 * s[i, $1], m, delta: delta).value } }
            }
            let hp = histogram(labels.positives(of: i)), hn = histogram(labels.negatives(of: i))
            var hPlus = [Double](repeating: 0, count: bins + 1), h = hPlus
            for k in 0...bins {
                hPlus[k] = (k > 0 ? hPlus[k - 1] : 0) + hp[k]
                h[k] = (k > 0 ? h[k - 1] : 0) + (hp[k] + hn[k])
            }
            let safe = (0...bins).map { hp[$0] * hPlus[$0] > 0 && h[$0] > 0 }
            var precisionSum = 0.0
            for k in 0...bins where safe[k] { precisionSum += hp[k] * hPlus[k] / h[k] }
            var gp = [Double](repeating: 0, count: bins + 1), gn = gp
            var a = 0.0, b = 0.0
            for k in stride(from: bins, through: 0, by: -1) {
                var direct = 0.0
                if safe[k] {
                    let q = hp[k] * hPlus[k] / h[k]
                    a += (hp[k] - q) / h[k]
                    b += q / h[k]
                    direct = hPlus[k] / h[k]
                }
                gp[k] = direct + a
                gn[k] = -b
            }
            let count = labels.positives(of: i).count
            anchors.append(Anchor(index: i, positiveHistogram: hp, negativeHistogram: hn, positiveSlopes: gp, negativeSlopes: gn,
                                  precision: precisionSum / Double(count), positiveCount: count))
        }
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        if !anchors.isEmpty {
            let c = 1 / Double(anchors.count)
            for anchor in anchors {
                let i = anchor.index
                value += c * (1 - anchor.precision)
                for j in 0..<n where j != i {
                    let g = labels.labels[i] == labels.labels[j] ? anchor.positiveSlopes : anchor.negativeSlopes
                    var sum = 0.0
                    for k in 0...bins { sum += g[k] * Self.pulse(2 - 2 * s[i, j], nodes[k], delta: delta).slope }
                    gradient[i, j] = 2 * c / Double(anchor.positiveCount) * sum
                }
            }
        }
        self.nodes = nodes
        self.anchors = anchors
        self.value = value
        self.gradient = gradient
    }
}
