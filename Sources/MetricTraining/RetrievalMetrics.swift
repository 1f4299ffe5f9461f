import Dispatch
import Synchronization
import PairWeighting

/// Retrieval quality of an embedding on labelled rows: every query ranks the reference rows
/// (by default the same rows, each query left out of its own gallery).
public struct RetrievalMetrics: Sendable, Equatable {
    /// `Recall@K` for K = 1, 2, 4, 8: the fraction of queries with a same-class row among
    /// their K nearest neighbours. `Recall@1` is also precision@1.
    public var recallAt: [Int: Double]
    /// MAP@R (Musgrave, Belongie & Lim 2020): with R the number of reference rows of the query's
    /// class (other than the query itself), `AP@R = (1/R) Σ_{i ≤ R} P(i) · rel(i)`, averaged
    /// over queries.
    public var mapAtR: Double
    /// R-precision: the fraction of the first R ranked rows that share the query's class.
    public var rPrecision: Double
    /// Queries counted: rows whose class has at least one reference row besides themselves.
    public var queries: Int

    public init(recallAt: [Int: Double], mapAtR: Double, rPrecision: Double = .nan, queries: Int) {
        self.recallAt = recallAt
        self.mapAtR = mapAtR
        self.rPrecision = rPrecision
        self.queries = queries
    }

    /// Precision@1: the fraction of queries whose nearest reference row shares their class.
    public var precisionAt1: Double { recallAt[1] ?? .nan }

    /// The K values reported.
    public static let ks = [1, 2, 4, 8]
}

/// Cosine retrieval: each query ranks the reference rows (its own set, itself left out, or a
/// separate reference set).
///
/// Ranking: similarity descending; **ties go to the lower reference row index**, a total order,
/// so the metrics are defined exactly even when rows coincide (letters has duplicate rows).
public enum RetrievalEvaluator {
    /// The metrics of `embeddings` (`[N, E]`, raw; normalised here) labelled `labels`, every row
    /// querying all the others (pytorch-metric-learning's `ref_includes_query=True`).
    public static func evaluate(embeddings: Matrix, labels: [Int], ks: [Int] = RetrievalMetrics.ks) -> RetrievalMetrics {
        evaluate(queries: embeddings, queryLabels: labels, reference: nil, ks: ks)
    }

    /// The metrics of `queries` against `reference` (another set: no row is left out), or against
    /// themselves when `reference` is nil. Splits the queries over the cores with
    /// `concurrentPerform`; `progress`, if given, is called with the number of queries done
    /// (from any thread, at most once per block of queries).
    public static func evaluate(queries: Matrix, queryLabels: [Int], reference: (embeddings: Matrix, labels: [Int])?,
                                ks: [Int] = RetrievalMetrics.ks,
                                progress: (@Sendable (Int) -> Void)? = nil) -> RetrievalMetrics {
        precondition(queryLabels.count == queries.rows, "\(queryLabels.count) labels for \(queries.rows) rows")
        let n = queryLabels.count
        let queryUnit = CosineSimilarity.normalize(queries).unit
        let sameSet = reference == nil
        let galleryUnit = reference.map { CosineSimilarity.normalize($0.embeddings).unit } ?? queryUnit
        let galleryLabels = reference?.labels ?? queryLabels
        precondition(galleryLabels.count == galleryUnit.rows, "\(galleryLabels.count) labels for \(galleryUnit.rows) reference rows")
        precondition(galleryUnit.columns == queryUnit.columns, "queries have \(queryUnit.columns) columns, the reference \(galleryUnit.columns)")
        var counts: [Int: Int] = [:]
        for l in galleryLabels { counts[l, default: 0] += 1 }
        let classSize = counts
        let available = galleryUnit.rows - (sameSet ? 1 : 0)
        let maxK = ks.max() ?? 1
        let chunks = min(n, 64)
        let stride = ks.count + 2
        // Per query: AP@R, R-precision and, for each K, 1 when a positive is in the top K. NaN marks "no positives".
        let results = PerQueryResults(count: n * stride)
        let done = DoneCounter()
        if chunks > 0, available > 0 {
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = chunk * n / chunks, upper = (chunk + 1) * n / chunks
                var scratch = RankingScratch(count: galleryUnit.rows)
                for q in lower..<upper {
                    if (q - lower) % RankingScratch.block == 0 {        // similarities of the next few queries at once
                        scratch.computeSimilarities(queries: q..<min(q + RankingScratch.block, upper), of: queryUnit, against: galleryUnit)
                    }
                    let r = (classSize[queryLabels[q]] ?? 0) - (sameSet ? 1 : 0)
                    let base = q * stride
                    let endsBlock = (q - lower + 1) % RankingScratch.block == 0 || q == upper - 1
                    defer { if endsBlock, let progress { progress(done.add((q - lower) % RankingScratch.block + 1)) } }
                    guard r > 0 else { results.set(base, .nan); continue }
                    let ranked = scratch.topRanked(excluding: sameSet ? q : -1, slot: (q - lower) % RankingScratch.block,
                                                   count: min(max(r, maxK), available))
                    var hits = 0, precisionSum = 0.0
                    for (i, j) in ranked.prefix(r).enumerated() where galleryLabels[j] == queryLabels[q] {
                        hits += 1
                        precisionSum += Double(hits) / Double(i + 1)
                    }
                    results.set(base, precisionSum / Double(r))
                    results.set(base + 1, Double(hits) / Double(r))
                    for (slot, k) in ks.enumerated() {
                        let found = ranked.prefix(k).contains { galleryLabels[$0] == queryLabels[q] }
                        results.set(base + 2 + slot, found ? 1 : 0)
                    }
                }
            }
        }
        var counted = 0, apSum = 0.0, rPrecisionSum = 0.0
        var recallSums = [Double](repeating: 0, count: ks.count)
        for q in 0..<n where available > 0 {
            let base = q * stride
            let ap = results.get(base)
            if ap.isNaN { continue }
            counted += 1
            apSum += ap
            rPrecisionSum += results.get(base + 1)
            for slot in ks.indices { recallSums[slot] += results.get(base + 2 + slot) }
        }
        let denominator = Double(max(counted, 1))
        var recall: [Int: Double] = [:]
        for (slot, k) in ks.enumerated() { recall[k] = recallSums[slot] / denominator }
        return RetrievalMetrics(recallAt: recall, mapAtR: apSum / denominator, rPrecision: rPrecisionSum / denominator, queries: counted)
    }
}

/// Queries finished so far, across threads (for progress).
private final class DoneCounter: Sendable {
    private let count = Atomic<Int>(0)
    func add(_ k: Int) -> Int { count.add(k, ordering: .relaxed).newValue }
}

/// A result buffer written by disjoint indices from several threads.
private final class PerQueryResults: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Double>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: 0)
    }
    deinit { buffer.deallocate() }
    func set(_ index: Int, _ value: Double) { buffer[index] = value }
    func get(_ index: Int) -> Double { buffer[index] }
}

/// Per-thread working memory for ranking queries against the gallery.
private struct RankingScratch {
    /// Queries whose similarity rows are computed together, as one matrix product against the
    /// gallery (a multiple of the kernel builds' tile heights).
    static let block = 24
    /// `block` rows of `n` similarities: row `slot` holds query `first + slot` against every row.
    var similarity: [Double]
    var values: [Double]
    /// The rows (and their values) at or above the sampled bound, in row order.
    var candidateRows: [Int32]
    var candidateValues: [Double]
    /// Reused per query: the stride sample and the rows being ranked.
    var sample = [Double](repeating: 0, count: 256)
    var ranked: [RankedRow] = []
    let count: Int

    init(count: Int) {
        self.count = count
        similarity = [Double](repeating: 0, count: Self.block * count)
        values = [Double](repeating: 0, count: count)
        candidateRows = [Int32](repeating: 0, count: count)
        candidateValues = values
    }

    /// Fills the similarity rows of `queries` (at most ``block`` of them): `s_qj = f_q · f_j`, as
    /// the product of those rows of `F` with `Fᵀ` on the engine's kernel. Each entry is summed
    /// exactly as `CosineSimilarity.similarity` sums it, so the two agree bit for bit.
    mutating func computeSimilarities(queries: Range<Int>, of queryUnit: Matrix, against gallery: Matrix) {
        let n = count, d = queryUnit.columns
        queryUnit.storage.withUnsafeBufferPointer { f in
            gallery.storage.withUnsafeBufferPointer { g in
                similarity.withUnsafeMutableBufferPointer { s in
                    guard let f = f.baseAddress, let g = g.baseAddress, let s = s.baseAddress else { return }
                    Kernels.multiply(rows: queries.count, columns: n, depth: d,
                                     a: f + queries.lowerBound * d, aRowStride: d, aColumnStride: 1,
                                     b: g, bRowStride: 1, bColumnStride: d, c: s, cRowStride: n, accumulate: false)
                }
            }
        }
    }

    /// The `count` best gallery rows for a query whose similarities are in row `slot`, best first
    /// (similarity descending, ties to the lower index), leaving out gallery row `query` (the
    /// query itself when it is in the gallery; -1 leaves out nothing).
    ///
    /// One pass over the row keeps the candidates: a sorted sample of 256 similarities gives a
    /// bound `b` a little below the `count`-th largest, and every row with `s ≥ b` is kept
    /// (branch-free, in row order). When at least `count` rows are kept (almost always), the
    /// `count`-th largest value `t` is found by quickselect among them, the rows above `t` and, in
    /// row order, enough rows equal to it are taken, and only those are sorted. Otherwise (a
    /// sample that misjudged the row, or a small gallery) every row is a candidate. The answer
    /// is the same either way: every row ranked in the top `count` has `s ≥ t ≥ b`.
    mutating func topRanked(excluding query: Int, slot: Int, count: Int) -> [Int] {
        let n = self.count, row = slot * n
        var kept = keep(row: row, excluding: query, bound: sampledBound(row: row, excluding: query, count: count))
        if kept < count { kept = keep(row: row, excluding: query, bound: -.infinity) }
        // The count-th largest value among the candidates.
        values.withUnsafeMutableBufferPointer { v in
            candidateValues.withUnsafeBufferPointer { c in
                for k in 0..<kept { v[k] = c[k] }
            }
        }
        let threshold = Self.select(&values, kept, rank: count - 1)
        // The rows above it, then (in row order) enough rows equal to it.
        ranked.removeAll(keepingCapacity: true)
        ranked.reserveCapacity(count)
        candidateValues.withUnsafeBufferPointer { c in
            candidateRows.withUnsafeBufferPointer { r in
                var equal = count
                for k in 0..<kept where c[k] > threshold {
                    ranked.append(RankedRow(similarity: c[k], row: r[k]))
                    equal -= 1
                }
                for k in 0..<kept where equal > 0 && c[k] == threshold {
                    ranked.append(RankedRow(similarity: threshold, row: r[k]))
                    equal -= 1
                }
            }
        }
        RankedRow.sort(&ranked)
        return ranked.map { Int($0.row) }
    }

    /// A value at or a little below the `count`-th largest similarity of the row (from a sorted
    /// stride sample, with a margin of about four standard deviations), or -infinity when the
    /// row is too short to sample.
    private mutating func sampledBound(row: Int, excluding query: Int, count: Int) -> Double {
        let n = self.count, sampleSize = sample.count
        guard n > 4 * sampleSize else { return -.infinity }
        let expected = Double(count) / Double(n) * Double(sampleSize)
        let position = min(sampleSize - 1, Int(expected + 4 * expected.squareRoot() + 8))
        guard position < sampleSize - 1 else { return -.infinity }
        let stride = n / sampleSize
        for k in 0..<sampleSize {
            let j = k * stride == query ? k * stride + 1 : k * stride
            sample[k] = similarity[row + j]
        }
        // The value at descending position `position` of the sample (quickselect, no full sort).
        return Self.select(&sample, sampleSize, rank: position)
    }

    /// Keeps the rows of the similarity row with `s ≥ bound` (the query's own row left out), in
    /// row order; returns how many.
    private mutating func keep(row: Int, excluding query: Int, bound: Double) -> Int {
        let n = self.count
        var kept = 0
        similarity.withUnsafeBufferPointer { s in
            candidateRows.withUnsafeMutableBufferPointer { r in
                candidateValues.withUnsafeMutableBufferPointer { v in
                    for j in 0..<n {                          // branch-free compaction
                        let value = s[row + j]
                        r[kept] = Int32(truncatingIfNeeded: j)
                        v[kept] = value
                        kept += (value >= bound && j != query) ? 1 : 0
                    }
                }
            }
        }
        return kept
    }

    /// The value that would sit at position `rank` (0-based) if `values[0..<m]` were sorted in
    /// descending order (Hoare quickselect; reorders the buffer).
    static func select(_ values: inout [Double], _ m: Int, rank: Int) -> Double {
        values.withUnsafeMutableBufferPointer { buffer in
            guard let v = buffer.baseAddress else { return .nan }
            // Indices stay within 0..<m (the pivot stops both scans), so wrapping arithmetic is safe.
            var lo = 0, hi = m &- 1
            while lo < hi {
                let pivot = v[lo &+ (hi &- lo) / 2]
                var i = lo, j = hi
                while i <= j {
                    while v[i] > pivot { i &+= 1 }
                    while v[j] < pivot { j &-= 1 }
                    if i <= j {
                        let t = v[i]; v[i] = v[j]; v[j] = t
                        i &+= 1
                        j &-= 1
                    }
                }
                if rank <= j { hi = j } else if rank >= i { lo = i } else { return v[rank] }
            }
            return v[rank]
        }
    }
}

/// A gallery row and its similarity, in the ranking's total order: similarity descending, then
/// row ascending (no two rows are equal, so an unstable sort gives the one answer).
struct RankedRow {
    var similarity: Double
    var row: Int32

    @inline(__always) static func before(_ a: RankedRow, _ b: RankedRow) -> Bool {
        a.similarity > b.similarity || (a.similarity == b.similarity && a.row < b.row)
    }

    /// The key whose ascending order is the ranking's descending similarity (`+0` and `−0`, equal
    /// as numbers, get one key).
    @inline(__always) static func key(_ similarity: Double) -> UInt64 {
        let bits = (similarity == 0 ? 0.0 : similarity).bitPattern
        let ascending = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return ~ascending
    }

    /// Sorts in place into the ranking's order. The rows arrive in row order within equal
    /// similarities (``RankingScratch/topRanked(excluding:slot:count:)`` builds them so), so a
    /// stable sort on the similarity alone gives the ties to the lower row: an LSD radix sort on
    /// ``key(_:)``, a byte at a time, skipping the bytes every key shares (similarities near each
    /// other share their high bytes); insertion sort for short lists.
    static func sort(_ items: inout [RankedRow]) {
        let n = items.count
        guard n > 1 else { return }
        if n <= 32 {
            items.withUnsafeMutableBufferPointer { a in
                for i in 1..<n {
                    let x = a[i]
                    var j = i - 1
                    while j >= 0 && before(x, a[j]) { a[j + 1] = a[j]; j -= 1 }
                    a[j + 1] = x
                }
            }
            return
        }
        // Two buffers each for the rows and their keys, ping-ponged through the passes.
        let rows = UnsafeMutablePointer<RankedRow>.allocate(capacity: 2 * n)
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * n)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 256)
        defer { rows.deallocate(); keys.deallocate(); counts.deallocate() }
        items.withUnsafeBufferPointer { a in
            for i in 0..<n { rows[i] = a[i]; keys[i] = key(a[i].similarity) }
        }
        var from = 0, to = n
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            counts.initialize(repeating: 0, count: 256)
            for i in 0..<n { counts[Int((keys[from + i] >> shift) & 0xFF)] += 1 }
            var shared = false
            for k in 0..<256 where counts[k] == n { shared = true }
            if shared { continue }                       // every key has this byte: nothing moves
            var total = 0
            for k in 0..<256 { let c = counts[k]; counts[k] = total; total += c }
            for i in 0..<n {
                let digit = Int((keys[from + i] >> shift) & 0xFF)
                let at = to + counts[digit]
                counts[digit] += 1
                rows[at] = rows[from + i]
                keys[at] = keys[from + i]
            }
            swap(&from, &to)
        }
        items.withUnsafeMutableBufferPointer { a in
            for i in 0..<n { a[i] = rows[from + i] }
        }
    }
}
