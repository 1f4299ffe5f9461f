/// Histogram loss (Ustinova & Lempitsky, NeurIPS 2016) with pytorch-metric-learning's
/// `HistogramLoss` semantics (cosine similarity).
///
/// Pairs are unordered and read in the upper triangle only (`S_ij`, `i < j`): positive pairs, and
/// negative pairs of which at least one side has a classmate in the batch (PML builds its pairs
/// from triplets, so a negative pair between two single-sample classes is never seen). Every
/// other entry is `notSelected`; `G` is upper-triangular.
///
/// With `R` = bins, `Δ = 2/R` and nodes `t_k = −1 + kΔ` (`k = 0..R`), a similarity `s` falls in bin
/// `r = ⌊(s + 1)/Δ⌋`, clamped to `R − 1` so that `s = 1` lands on the last node (PML indexes past
/// its array there), and splits one unit of mass between nodes `r` and `r + 1` linearly.
/// `h⁺`, `h⁻` are the two histograms divided by their pair counts `|P|`, `|N|`, `Φ⁺` the cumulative
/// sum of `h⁺`, and
///
///     L = Σ_k h⁻_k Φ⁺_k          (already reduced: the probability that a negative beats a positive)
///
/// Parameters (defaults, PML's): bins 100 (integer 2...1000).
///
/// Weights: a positive pair in bin `r` gets `W = −h⁻_r / (Δ|P|)`, a negative pair in bin `r` gets
/// `W = +h⁺_{r+1} / (Δ|N|)`: only the other histogram at the bin's edge node matters.
/// The loss is piecewise linear in each `S_ij`; at a node the weight is the right-hand derivative.
/// PML finds the bin in float32; gpw in Double (they can differ within ~1e-7 of a node).
/// Similarity types (gpw's reading; the MS paper's table has no histogram row): a negative's weight
/// is the positive histogram's mass at its bin edge, so P.
/// Cost `O(N² + R)`.
public struct HistogramLoss: PairLoss {
    public static let kind = LossKind(
        name: "histogram",
        title: "Histogram",
        citation: "Ustinova & Lempitsky, NeurIPS 2016",
        similarityTypes: ["P"],
        equation: "L = sum_k h-_k Phi+_k  (h+-: linearly binned similarity histograms of unordered pairs i<j; Phi+: cumulative h+)",
        weightFormula: "W_ij = -h-_r / (delta |P|) (positive in bin r);  +h+_{r+1} / (delta |N|) (negative in bin r);  i < j only",
        parameters: [
            .number("bins", default: 100, range: 2...1000, step: 10, integer: true, "number of histogram bins R on [-1, 1]"),
        ],
        mines: true,
        make: { HistogramLoss(spec: $0) })

    public let spec: LossSpec
    public var mines: Bool { true }
    let bins: Int

    public init(spec: LossSpec) {
        self.spec = spec
        bins = Int(spec.number("bins"))
    }

    public func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        result.markAllNotSelected()
        var classSize: [Int: Int] = [:]
        for y in labels.labels { classSize[y, default: 0] += 1 }
        let hasClassmate = labels.labels.map { (classSize[$0] ?? 0) > 1 }
        guard hasClassmate.contains(true) else {
            result.notes.append("no positive pairs: the histogram loss is empty; loss 0")
            return
        }
        let delta = 2 / Double(bins)
        var positive = [Double](repeating: 0, count: bins + 1)
        var negative = [Double](repeating: 0, count: bins + 1)
        var bin = [Int](repeating: 0, count: n * n)
        var positiveCount = 0, negativeCount = 0
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let same = labels.labels[i] == labels.labels[j]
                guard same || hasClassmate[i] || hasClassmate[j] else { continue }
                let v = s[i, j]
                let r = min(max(Int(((v + 1) / delta).rounded(.down)), 0), bins - 1)
                bin[i * n + j] = r
                let upper = (v + 1 - Double(r) * delta) / delta          // mass on node r + 1
                let lower = (Double(r + 1) * delta - 1 - v) / delta      // mass on node r
                if same {
                    positive[r] += lower; positive[r + 1] += upper; positiveCount += 1
                } else {
                    negative[r] += lower; negative[r + 1] += upper; negativeCount += 1
                }
                result.mark(i, j, .inactive)
            }
        }
        for k in 0...bins {
            positive[k] /= Double(positiveCount)
            if negativeCount > 0 { negative[k] /= Double(negativeCount) }
        }
        var cumulative = 0.0, total = 0.0
        for k in 0...bins {
            cumulative += positive[k]
            total += negative[k] * cumulative
        }
        result.value = total
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) where result.status(i, j) == .inactive {
                let r = bin[i * n + j]
                result.gradient[i, j] = labels.labels[i] == labels.labels[j]
                    ? -negative[r] / (delta * Double(positiveCount))
                    : positive[r + 1] / (delta * Double(negativeCount))
            }
        }
        result.settleStatuses()
    }
}
