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
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct NPairLoss: PairLoss {
    public static let kind = LossKind(
        name: "npair",
        title: "N-pair",
        citation: "Sohn, NeurIPS 2016",
        equation: "L = (1/M) sum_r [log sum_c e^(S(a_r, p_c)) - S(a_r, p_r)], one (anchor, positive) pair per class",
        weightFormula: "W(a_r, p_c) = (softmax_c S(a_r, p_.) - [c = r]) / M",
        parameters: [],
        reproduces: [
            Reproduction(call: "NPairsLoss()", spec: "npair"),
        ],
        make: { NPairLoss(spec: $0) })

    public let spec: LossSpec

    public init(spec: LossSpec) { self.spec = spec }

    public var mines: Bool { true }
    public var similarityTypes: [String] { ["N", "P"] }
    public var landmarks: [SimilarityLandmark] { [] }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> NPairReference {
        NPairReference(similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        result.markAllNotSelected()
        let (pairs, value): (Int, Double) = withScratch(doubles: 2 * n, ints: 2 * n) { scratch, chosen in
            let anchors = chosen, positives = anchors + n
            let z = scratch, w = z + n
            return result.withViews(similarity: similarity, labels: labels) { v in
                // Each class's first two samples read off the partner lists (ascending): sample j
                // is its class's second when exactly one classmate precedes it.
                var m = 0
                for j in 0..<n {
                    let mates = v.positives(of: j)
                    if mates.count > 0 && mates[0] < j && (mates.count == 1 || mates[1] > j) {
                        anchors[m] = mates[0]
                        positives[m] = j
                        m += 1
                    }
                }
                guard m > 0 else { return (0, 0.0) }
                var total = 0.0
                let c = 1 / Double(m)
                for r in 0..<m {
                    let row = anchors[r] * n
                    for k in 0..<m { z[k] = v.s[row + positives[k]] }
                    let lse = LogSumExp.plain(UnsafeBufferPointer(start: z, count: m), weights: UnsafeMutableBufferPointer(start: w, count: m))
                    total += lse - z[r]
                    for k in 0..<m {
                        let weight = (w[k] - (k == r ? 1 : 0)) * c
                        v.g[row + positives[k]] = weight
                        v.status[row + positives[k]] = weight != 0 ? .active : .inactive
                    }
                }
                return (m, total * c)
            }
        }
        result.value = value
        if pairs == 0 { result.notes.append("no class has two samples: N-pair has no pairs; loss 0") }
        if pairs == 1 { result.notes.append("only one class has two samples: a single pair, loss 0") }
    }
}
