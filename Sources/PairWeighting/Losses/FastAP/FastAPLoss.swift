/// FastAP (Cakir, He, Xia, Kulis & Sclaroff, "Deep Metric Learning to Rank", CVPR 2019), with
/// pytorch-metric-learning's `FastAPLoss` semantics: average precision of each anchor's ranking,
/// made differentiable by soft histograms of the squared distance.
///
/// On unit rows the squared Euclidean distance is linear in the similarity (PML's
/// `LpDistance(power=2)`): `D_ij = 2 − 2 S_ij ∈ [0, 4]`, `∂D/∂S = −2`. With `R` = bins,
/// `Δ = 4/R` and nodes `m_k = kΔ`, `k = 0…R` (torch's `linspace(0, 4, R + 1)`), each pair spreads one
/// unit of mass over the two nodes around its distance, `pulse_k(D) = [1 − |D − m_k|/Δ]_+`. For an
/// anchor `i` with classmates (`P_i`, and `N_i` its negatives; self excluded):
///
///     h⁺_k = Σ_{j∈P_i} pulse_k(D_ij),  h⁻_k = Σ_{j∈N_i} pulse_k(D_ij)
///     H⁺_k = Σ_{l≤k} h⁺_l,  H_k = Σ_{l≤k} (h⁺_l + h⁻_l)
///     AP_i = (1/|P_i|) Σ_{k: h⁺_k > 0} h⁺_k H⁺_k / H_k            (the paper's eq. 9)
///     L = mean over anchors with classmates of (1 − AP_i)
///
/// **Weights.** With `q_k = h⁺_k H⁺_k / H_k` on the nodes `h⁺_k > 0` and
///
///     g⁺_m = [h⁺_m > 0] H⁺_m / H_m + Σ_{k≥m, h⁺_k>0} (h⁺_k − q_k) / H_k     (= ∂(|P_i| AP_i)/∂h⁺_m)
///     g⁻_m = −Σ_{k≥m, h⁺_k>0} q_k / H_k                                       (= ∂(|P_i| AP_i)/∂h⁻_m)
///
/// a pair's weight reads its two nodes' `g` through the pulse slopes `∓1/Δ` (`c` = 1 / anchors with
/// classmates):
///
///     W_ij = (2c/|P_i|) Σ_k g^±_k pulse'_k(D_ij)        (g⁺ for a positive, g⁻ for a negative)
///
/// For a pair in bin `r` (`m_r < D < m_{r+1}`) that is `(2c/(|P_i| Δ)) (g_{r+1} − g_r)`. A positive
/// is usually pulled and a negative pushed, but not always: moving mass between two bins changes the
/// precision of the bins between them, so either sign can occur (InvariantTests' documented
/// exception). Rows of anchors without classmates weigh 0.
///
/// **Nodes and ties.** A distance exactly on a node (`S = 1`: `D = 0`; `S = −1`: `D = 4`; `S = 0` with
/// even `R`) sits on a kink: gpw takes torch's subgradient there (`|x|'(0) = 0`, `relu'(0) = 0`), so
/// such a pair weighs 0, as in PML. PML builds the nodes in the default dtype; gpw in Double, which
/// matches torch's float64 `linspace` for the bin counts the fixtures use.
///
/// **Parameters** (defaults, PML's): bins 10 (integer 2…100). The paper's own bin count was not
/// checked for this entry.
///
/// Similarity types: a pair's weight is the other pairs' histogram at its nodes: the positives'
/// (P) and the negatives' (N) masses below and at its distance; its own similarity only picks the
/// bin (no S weighting within a bin).
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct FastAPLoss: PairLoss {
    public static let kind = LossKind(
        name: "fastap",
        title: "FastAP",
        citation: "Cakir, He, Xia, Kulis & Sclaroff, CVPR 2019",
        equation: "L = mean_i (1 - AP_i),  AP_i = (1/|P_i|) sum_k h+_k H+_k / H_k  (soft histograms of D = 2 - 2S over R bins on [0, 4])",
        weightFormula: "W_ij = (2c/|P_i|) sum_k g+-_k pulse'_k(D_ij), g+_m = dAP/dh+_m, g-_m = dAP/dh-_m (times |P_i|);  c = 1 / anchors with classmates",
        parameters: [
            .number("bins", default: 10, range: 2...100, step: 1, integer: true, "number of histogram bins R on the squared distance [0, 4]"),
        ],
        reproduces: [
            Reproduction(call: "FastAPLoss(num_bins=10)", spec: "fastap:bins=10"),
            Reproduction(call: "FastAPLoss(num_bins=7)", spec: "fastap:bins=7"),
        ],
        make: { FastAPLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        /// `R`.
        public var bins: Int

        init(_ spec: LossSpec) { bins = Int(spec.number("bins")) }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    /// The nodes `m_k` as torch's `linspace(0, 4, R + 1)` computes them in float64.
    static func nodes(bins: Int) -> [Double] {
        let step = 4 / Double(bins), half = (bins + 1) / 2
        return (0...bins).map { k in k < half ? Double(k) * step : 4 - Double(bins - k) * step }
    }

    /// The lowest node to read for distance `D` (the pulse at `m_k` is non-zero only for
    /// `|D − m_k| < Δ`; nodes `first…first + 3` cover it with room for rounding), or nil for NaN.
    @inline(__always) static func firstNode(_ d: Double, inverseDelta: Double, bins: Int) -> Int? {
        let q = d * inverseDelta
        guard !q.isNaN else { return nil }
        return Int(min(max(q, 0), Double(bins))) - 1
    }

    public var mines: Bool { false }
    public var similarityTypes: [String] { ["N", "P"] }
    public var landmarks: [SimilarityLandmark] { [] }
    public var landmarkNote: String? { "FastAP's bins lie on D = 2 - 2S: node k at S = 1 - 2k/bins; no single line" }

    public func reference(similarity: Matrix, labels: PairLabels) -> FastAPReference {
        FastAPReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count, bins = settings.bins, width = bins + 1
        let node = Self.nodes(bins: bins), delta = 4 / Double(bins), inverseDelta = 1 / delta
        var anchorsWithClassmates = 0
        for i in 0..<n where labels.partners.positiveStart[i + 1] > labels.partners.positiveStart[i] { anchorsWithClassmates += 1 }
        guard anchorsWithClassmates > 0 else { return }
        let c = 1 / Double(anchorsWithClassmates)
        result.value = withScratch(doubles: 4 * width, ints: 0) { scratch, _ in
            let hp = scratch, hn = scratch + width, gp = scratch + 2 * width, gn = scratch + 3 * width
            return node.withUnsafeBufferPointer { m in
                result.withViews(similarity: similarity, labels: labels) { v in
                    var total = 0.0
                    @inline(__always) func spread(_ s: Double, into h: UnsafeMutablePointer<Double>) {
                        let d = 2 - 2 * s
                        guard let first = Self.firstNode(d, inverseDelta: inverseDelta, bins: bins) else { return }
                        for k in max(0, first)...min(bins, first + 3) {
                            let p = 1 - abs(d - m[k]) * inverseDelta
                            if p > 0 { h[k] += p }
                        }
                    }
                    @inline(__always) func slope(_ s: Double, _ g: UnsafeMutablePointer<Double>) -> Double {
                        let d = 2 - 2 * s
                        guard let first = Self.firstNode(d, inverseDelta: inverseDelta, bins: bins) else { return 0 }
                        var sum = 0.0
                        for k in max(0, first)...min(bins, first + 3) {
                            let x = d - m[k]
                            if 1 - abs(x) * inverseDelta > 0 && x != 0 { sum += x > 0 ? -g[k] : g[k] }
                        }
                        return sum * inverseDelta
                    }
                    for i in 0..<n {
                        let positives = v.positives(of: i), negatives = v.negatives(of: i)
                        if positives.isEmpty { continue }
                        let row = v.row(i), gRow = v.gradientRow(i)
                        for k in 0..<width { hp[k] = 0; hn[k] = 0 }
                        for j in positives { spread(row[j], into: hp) }
                        for j in negatives { spread(row[j], into: hn) }
                        // Forward: the cumulative sums and Σ q_k; backward: the suffix sums.
                        var cumulativePositive = 0.0, cumulative = 0.0, precisionSum = 0.0
                        for k in 0..<width {
                            cumulativePositive += hp[k]
                            cumulative += hp[k] + hn[k]
                            // gp and gn hold H⁺_k and H_k until the backward pass.
                            gp[k] = cumulativePositive
                            gn[k] = cumulative
                            if hp[k] * cumulativePositive > 0 && cumulative > 0 { precisionSum += hp[k] * cumulativePositive / cumulative }
                        }
                        var a = 0.0, b = 0.0
                        for k in stride(from: bins, through: 0, by: -1) {
                            let hPlus = gp[k], h = gn[k]
                            var direct = 0.0
                            if hp[k] * hPlus > 0 && h > 0 {
                                let q = hp[k] * hPlus / h
                                a += (hp[k] - q) / h
                                b += q / h
                                direct = hPlus / h
                            }
                            gp[k] = direct + a
                            gn[k] = -b
                        }
                        let positiveCount = Double(positives.count)
                        total += 1 - precisionSum / positiveCount
                        let scale = 2 * c / positiveCount
                        for j in positives { gRow[j] = scale * slope(row[j], gp) }
                        for j in negatives { gRow[j] = scale * slope(row[j], gn) }
                    }
                    for k in 0..<(n * n) where v.g[k] != 0 { v.status[k] = .active }
                    return total * c
                }
            }
        }
    }
}
