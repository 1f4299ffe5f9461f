/// N-pair loss (Sohn, NeurIPS 2016) with pytorch-metric-learning's `NPairsLoss` semantics
/// (cosine similarity: its default `DotProductSimilarity` normalises).
///
/// Selection: for every class with at least two samples, the first positive pair in row-major
/// order — the class's first sample as anchor `a_r`, its second as positive `p_r`. With `M` such
/// pairs, the logits are `S(a_r, p_c)` for `r, c = 1..M` and
///
///     L = (1/M) Σ_r [ log Σ_c e^{S(a_r, p_c)} − S(a_r, p_r) ]      (cross-entropy, target c = r)
///
/// Parameters: none.
///
/// Weights: `W(a_r, p_c) = (softmax_c S(a_r, ·) − [c = r]) / M`: `≤ 0` on the chosen positive
/// pairs, `≥ 0` on the negatives `(a_r, p_c)`, `c ≠ r` (different classes). Every other pair is
/// `notSelected`. A single eligible class gives a 1×1 cross-entropy: loss 0. Cost `O(N + M²)`.
/// Similarity types (gpw's reading; the MS paper's table has no N-pair row): a negative's weight
/// is a softmax against the other negatives and the anchor's positive, so N and P.
/// PML's docs advise NTXentLoss when classes have more than two samples: only two per class are used.
public struct NPairLoss: PairLoss {
    public static let kind = LossKind(
        name: "npair",
        title: "N-pair",
        citation: "Sohn, NeurIPS 2016",
        similarityTypes: ["N", "P"],
        equation: "L = (1/M) sum_r [log sum_c e^(S(a_r, p_c)) - S(a_r, p_r)], one (anchor, positive) pair per class",
        weightFormula: "W(a_r, p_c) = (softmax_c S(a_r, p_.) - [c = r]) / M",
        parameters: [],
        mines: true,
        make: { NPairLoss(spec: $0) })

    public let spec: LossSpec
    public var mines: Bool { true }

    public init(spec: LossSpec) { self.spec = spec }

    public func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        result.markAllNotSelected()
        // The first two samples of each class, in order of first appearance.
        var anchors: [Int] = [], positives: [Int] = []
        var firstOf: [Int: Int] = [:], paired = Set<Int>()
        for i in 0..<n {
            let y = labels.labels[i]
            if let first = firstOf[y] {
                if paired.insert(y).inserted { anchors.append(first); positives.append(i) }
            } else {
                firstOf[y] = i
            }
        }
        let m = anchors.count
        guard m > 0 else {
            result.notes.append("no class has two samples: N-pair has no pairs; loss 0")
            return
        }
        var z = [Double](repeating: 0, count: m), w = [Double](repeating: 0, count: m)
        var total = 0.0
        let c = 1 / Double(m)
        for r in 0..<m {
            for k in 0..<m { z[k] = s[anchors[r], positives[k]] }
            let lse = z.withUnsafeBufferPointer { z in
                w.withUnsafeMutableBufferPointer { w in LogSumExp.plain(z, weights: w) }
            }
            total += lse - z[r]
            for k in 0..<m {
                result.mark(anchors[r], positives[k], .inactive)
                result.gradient[anchors[r], positives[k]] = (w[k] - (k == r ? 1 : 0)) * c
            }
        }
        result.value = total * c
        result.settleStatuses()
        if m == 1 { result.notes.append("only one class has two samples: a single pair, loss 0") }
    }
}
