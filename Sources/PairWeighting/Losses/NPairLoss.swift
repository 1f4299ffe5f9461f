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
        let partners = labels.partners
        result.markAllNotSelected()
        // Raw pointers, and each class's first two samples read off the partner lists (ascending):
        // sample j is its class's second when exactly one classmate precedes it.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * n) { chosen in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { scratch in
            let anchors = chosen.baseAddress!, positives = anchors + n
            let z = scratch.baseAddress!, w = z + n
            var m = 0
            partners.positives.withUnsafeBufferPointer { classmates in
                for j in 0..<n {
                    let mates = classmates.baseAddress! + partners.positiveStart[j]
                    let count = partners.positiveStart[j + 1] - partners.positiveStart[j]
                    if count > 0 && mates[0] < j && (count == 1 || mates[1] > j) {
                        anchors[m] = mates[0]
                        positives[m] = j
                        m += 1
                    }
                }
            }
            guard m > 0 else {
                result.notes.append("no class has two samples: N-pair has no pairs; loss 0")
                return
            }
            var total = 0.0
            let c = 1 / Double(m)
            s.storage.withUnsafeBufferPointer { s in
            result.gradient.storage.withUnsafeMutableBufferPointer { g in
            result.status.withUnsafeMutableBufferPointer { status in
                for r in 0..<m {
                    let row = anchors[r] * n
                    for k in 0..<m { z[k] = s[row + positives[k]] }
                    let lse = LogSumExp.plain(UnsafeBufferPointer(start: z, count: m), weights: UnsafeMutableBufferPointer(start: w, count: m))
                    total += lse - z[r]
                    for k in 0..<m {
                        let weight = (w[k] - (k == r ? 1 : 0)) * c
                        g[row + positives[k]] = weight
                        status[row + positives[k]] = weight != 0 ? .active : .inactive
                    }
                }
            }
            }
            }
            result.value = total * c
            if m == 1 { result.notes.append("only one class has two samples: a single pair, loss 0") }
        }
        }
    }
}
