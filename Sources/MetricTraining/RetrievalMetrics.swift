import Dispatch
import PairWeighting

/// Retrieval quality of an embedding on labelled rows: every row queries all the others.
public struct RetrievalMetrics: Sendable, Equatable {
    /// `Recall@K` for K = 1, 2, 4, 8: the fraction of queries with a same-class row among
    /// their K nearest neighbours.
    public var recallAt: [Int: Double]
    /// MAP@R (Musgrave, Belongie & Lim 2020): with R the number of *other* rows of the query's
    /// class, `AP@R = (1/R) Σ_{i ≤ R} P(i) · rel(i)`, averaged over queries.
    public var mapAtR: Double
    /// Queries counted: rows whose class has at least one other row.
    public var queries: Int

    public init(recallAt: [Int: Double], mapAtR: Double, queries: Int) {
        self.recallAt = recallAt
        self.mapAtR = mapAtR
        self.queries = queries
    }

    /// The K values reported.
    public static let ks = [1, 2, 4, 8]
}

/// Cosine retrieval with each query left out of its own gallery.
///
/// Ranking: similarity descending; **ties go to the lower row index**, a total order, so the
/// metrics are defined exactly even when rows coincide (letters has duplicate rows).
public enum RetrievalEvaluator {
    /// The metrics of `embeddings` (`[N, E]`, raw; normalised here) labelled `labels`.
    /// Splits the queries over the cores with `concurrentPerform`.
    public static func evaluate(embeddings: Matrix, labels: [Int], ks: [Int] = RetrievalMetrics.ks) -> RetrievalMetrics {
        precondition(labels.count == embeddings.rows, "\(labels.count) labels for \(embeddings.rows) rows")
        let n = labels.count
        let unit = CosineSimilarity.normalize(embeddings).unit
        var counts: [Int: Int] = [:]
        for l in labels { counts[l, default: 0] += 1 }
        let classSize = counts
        let maxK = ks.max() ?? 1
        let chunks = min(n, 64)
        // Per query: AP@R and, for each K, 1 when a positive is in the top K. NaN marks "no positives".
        let results = PerQueryResults(count: n * (ks.count + 1))
        if chunks > 0 {
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = chunk * n / chunks, upper = (chunk + 1) * n / chunks
                var scratch = RankingScratch(count: n)
                for q in lower..<upper {
                    let r = (classSize[labels[q]] ?? 1) - 1
                    let base = q * (ks.count + 1)
                    guard r > 0 else { results.set(base, .nan); continue }
                    let ranked = scratch.topRanked(query: q, unit: unit, count: min(max(r, maxK), n - 1))
                    var hits = 0, precisionSum = 0.0
                    for (i, j) in ranked.prefix(r).enumerated() where labels[j] == labels[q] {
                        hits += 1
                        precisionSum += Double(hits) / Double(i + 1)
                    }
                    results.set(base, precisionSum / Double(r))
                    for (slot, k) in ks.enumerated() {
                        let found = ranked.prefix(k).contains { labels[$0] == labels[q] }
                        results.set(base + 1 + slot, found ? 1 : 0)
                    }
                }
            }
        }
        var queries = 0, apSum = 0.0
        var recallSums = [Double](repeating: 0, count: ks.count)
        for q in 0..<n {
            let base = q * (ks.count + 1)
            let ap = results.get(base)
            if ap.isNaN { continue }
            queries += 1
            apSum += ap
            for slot in ks.indices { recallSums[slot] += results.get(base + 1 + slot) }
        }
        let denominator = Double(max(queries, 1))
        var recall: [Int: Double] = [:]
        for (slot, k) in ks.enumerated() { recall[k] = recallSums[slot] / denominator }
        return RetrievalMetrics(recallAt: recall, mapAtR: apSum / denominator, queries: queries)
    }
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

/// Per-thread working memory for ranking one query's gallery.
private struct RankingScratch {
    var similarity: [Double]
    var values: [Double]

    init(count: Int) {
        similarity = [Double](repeating: 0, count: count)
        values = [Double](repeating: 0, count: max(count - 1, 0))
    }

    /// The `count` best gallery rows for `query`, best first (similarity descending, ties to
    /// the lower index). Finds the `count`-th largest similarity by quickselect on the values,
    /// keeps the rows above it and, in index order, enough rows equal to it, then sorts only those.
    mutating func topRanked(query: Int, unit: Matrix, count: Int) -> [Int] {
        let n = unit.rows, d = unit.columns
        var m = 0
        unit.storage.withUnsafeBufferPointer { f in
            similarity.withUnsafeMutableBufferPointer { s in
                values.withUnsafeMutableBufferPointer { v in
                    for j in 0..<n {
                        var dot = 0.0
                        for k in 0..<d { dot += f[query * d + k] * f[j * d + k] }
                        s[j] = dot
                        if j != query { v[m] = dot; m += 1 }
                    }
                }
            }
        }
        let threshold = Self.select(&values, m, rank: count - 1)
        var above: [Int] = [], equal = count
        similarity.withUnsafeBufferPointer { s in
            for j in 0..<n where j != query && s[j] > threshold { above.append(j) }
            equal = count - above.count
            for j in 0..<n where equal > 0 && j != query && s[j] == threshold {
                above.append(j)
                equal -= 1
            }
        }
        let sims = similarity
        above.sort { sims[$0] > sims[$1] || (sims[$0] == sims[$1] && $0 < $1) }
        return above
    }

    /// The value that would sit at position `rank` (0-based) if `values[0..<m]` were sorted in
    /// descending order (Hoare quickselect; reorders the buffer).
    static func select(_ values: inout [Double], _ m: Int, rank: Int) -> Double {
        values.withUnsafeMutableBufferPointer { v in
            var lo = 0, hi = m - 1
            while lo < hi {
                let pivot = v[lo + (hi - lo) / 2]
                var i = lo, j = hi
                while i <= j {
                    while v[i] > pivot { i += 1 }
                    while v[j] < pivot { j -= 1 }
                    if i <= j {
                        v.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if rank <= j { hi = j } else if rank >= i { lo = i } else { return v[rank] }
            }
            return v[rank]
        }
    }
}
