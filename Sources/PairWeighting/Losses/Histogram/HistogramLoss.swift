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
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct HistogramLoss: PairLoss {
    public static let kind = LossKind(
        name: "histogram",
        title: "Histogram",
        citation: "Ustinova & Lempitsky, NeurIPS 2016",
        equation: "L = sum_k h-_k Phi+_k  (h+-: linearly binned similarity histograms of unordered pairs i<j; Phi+: cumulative h+)",
        weightFormula: "W_ij = -h-_r / (delta |P|) (positive in bin r);  +h+_{r+1} / (delta |N|) (negative in bin r);  i < j only",
        parameters: [
            .number("bins", default: 100, range: 2...1000, step: 10, integer: true, "number of histogram bins R on [-1, 1]"),
        ],
        reproduces: [
            Reproduction(call: "HistogramLoss(n_bins=10)", spec: "histogram:bins=10"),
        ],
        make: { HistogramLoss(spec: $0) })

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

    public var mines: Bool { true }
    public var similarityTypes: [String] { ["P"] }
    public var landmarks: [SimilarityLandmark] { [] }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> HistogramReference {
        HistogramReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count, bins = settings.bins
        result.markAllNotSelected()
        guard labels.hasPositivePairs else {
            result.notes.append(HistogramReference.noPositivesNote)
            return
        }
        let delta = 2 / Double(bins), inverseDelta = 1 / delta
        var positiveCount = 0, negativeCount = 0
        // A selected pair's bin index waits in its own G entry between the two passes.
        result.value = withScratch(doubles: 2 * (bins + 1), ints: 0) { histograms, _ in
            let positive = histograms, negative = positive + (bins + 1)
            for k in 0...(2 * bins + 1) { positive[k] = 0 }
            return result.withViews(similarity: similarity, labels: labels) { v in
                let (s, y, g, status) = (v.s, v.y, v.g, v.status)
                for i in 0..<n {
                    let iHasClassmate = !v.positives(of: i).isEmpty
                    for j in (i + 1)..<max(i + 1, n) {
                        let same = y[i] == y[j]
                        guard same || iHasClassmate || !v.positives(of: j).isEmpty else { continue }
                        let value = s[i * n + j]
                        let r = HistogramReference.bin(of: value, delta: delta, bins: bins)
                        g[i * n + j] = Double(r)
                        let upper = (value + 1 - Double(r) * delta) * inverseDelta          // mass on node r + 1
                        let lower = (Double(r + 1) * delta - 1 - value) * inverseDelta      // mass on node r
                        if same {
                            positive[r] += lower; positive[r + 1] += upper; positiveCount += 1
                        } else {
                            negative[r] += lower; negative[r + 1] += upper; negativeCount += 1
                        }
                        status[i * n + j] = .inactive
                    }
                }
                let positiveShare = 1 / Double(positiveCount)
                let negativeShare = negativeCount > 0 ? 1 / Double(negativeCount) : 1
                for k in 0...bins {
                    positive[k] *= positiveShare
                    negative[k] *= negativeShare
                }
                var cumulative = 0.0, total = 0.0
                for k in 0...bins {
                    cumulative += positive[k]
                    total += negative[k] * cumulative
                }
                let positiveScale = 1 / (delta * Double(positiveCount)), negativeScale = 1 / (delta * Double(negativeCount))
                for i in 0..<n {
                    for k in (i * n + i + 1)..<(i * n + n) where status[k] == .inactive {
                        let r = Int(g[k])
                        g[k] = y[i] == y[k - i * n] ? -negative[r] * positiveScale : positive[r + 1] * negativeScale
                        status[k] = g[k] != 0 ? .active : .inactive
                    }
                }
                return total
            }
        }
    }
}
