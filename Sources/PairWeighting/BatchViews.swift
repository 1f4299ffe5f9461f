/// Raw views of one batch and the result being written, for the loss bodies' inner loops.
///
/// These loops visit every pair of the batch, where bounds checks, copy-on-write checks and
/// slices would cost more than the arithmetic; a loss opens the views once
/// (``PairWeights/withViews(similarity:labels:_:)``) and reads `S`, labels and partner lists and
/// writes `G` and statuses through them, instead of nesting one `withUnsafe…` closure per array.
/// Row-major `[N × N]` throughout: pair `(i, j)` is index `i * n + j`.
struct BatchViews {
    /// `N`.
    let n: Int
    /// `S`.
    let s: UnsafePointer<Double>
    /// The labels.
    let y: UnsafePointer<Int>
    /// `G = ∂L/∂S`, being written.
    let g: UnsafeMutablePointer<Double>
    /// Pair statuses, being written.
    let status: UnsafeMutablePointer<PairStatus>
    private let positiveList: UnsafePointer<Int>, positiveStart: UnsafePointer<Int>
    private let negativeList: UnsafePointer<Int>, negativeStart: UnsafePointer<Int>

    fileprivate init(n: Int, s: UnsafePointer<Double>, y: UnsafePointer<Int>, g: UnsafeMutablePointer<Double>,
                     status: UnsafeMutablePointer<PairStatus>, positiveList: UnsafePointer<Int>, positiveStart: UnsafePointer<Int>,
                     negativeList: UnsafePointer<Int>, negativeStart: UnsafePointer<Int>) {
        self.n = n
        self.s = s
        self.y = y
        self.g = g
        self.status = status
        self.positiveList = positiveList
        self.positiveStart = positiveStart
        self.negativeList = negativeList
        self.negativeStart = negativeStart
    }

    /// Row `i` of `S`.
    @inline(__always) func row(_ i: Int) -> UnsafePointer<Double> { s + i * n }
    /// Row `i` of `G`.
    @inline(__always) func gradientRow(_ i: Int) -> UnsafeMutablePointer<Double> { g + i * n }
    /// `P_i`: the anchor's positives, in index order.
    @inline(__always) func positives(of i: Int) -> UnsafeBufferPointer<Int> {
        UnsafeBufferPointer(start: positiveList + positiveStart[i], count: positiveStart[i + 1] - positiveStart[i])
    }
    /// `N_i`: the anchor's negatives, in index order.
    @inline(__always) func negatives(of i: Int) -> UnsafeBufferPointer<Int> {
        UnsafeBufferPointer(start: negativeList + negativeStart[i], count: negativeStart[i + 1] - negativeStart[i])
    }
}

extension PairWeights {
    /// Runs `body` with raw views of `similarity`, `labels` and this result. - Precondition: `N ≥ 1`.
    @inline(__always)
    mutating func withViews<R>(similarity: Matrix, labels: PairLabels, _ body: (BatchViews) -> R) -> R {
        let partners = labels.partners, n = labels.count
        return similarity.storage.withUnsafeBufferPointer { s in
            labels.labels.withUnsafeBufferPointer { y in
                partners.positives.withUnsafeBufferPointer { positives in
                    partners.negatives.withUnsafeBufferPointer { negatives in
                        partners.positiveStart.withUnsafeBufferPointer { positiveStart in
                            partners.negativeStart.withUnsafeBufferPointer { negativeStart in
                                gradient.storage.withUnsafeMutableBufferPointer { g in
                                    status.withUnsafeMutableBufferPointer { status in
                                        // An empty partner list may have no address; a valid one stands in (never read).
                                        body(BatchViews(n: n, s: s.baseAddress!, y: y.baseAddress!, g: g.baseAddress!,
                                                        status: status.baseAddress!,
                                                        positiveList: positives.baseAddress ?? positiveStart.baseAddress!,
                                                        positiveStart: positiveStart.baseAddress!,
                                                        negativeList: negatives.baseAddress ?? negativeStart.baseAddress!,
                                                        negativeStart: negativeStart.baseAddress!))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Uninitialised scratch memory for one evaluation, `doubles` and `ints` elements (at least one
/// each), freed when `body` returns. A loss carves its buffers out of the two.
@inline(__always)
func withScratch<R>(doubles: Int, ints: Int, _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Int>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, doubles)) { d in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, ints)) { i in body(d.baseAddress!, i.baseAddress!) }
    }
}
