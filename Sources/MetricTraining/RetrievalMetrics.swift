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
        let gallery = RankingGallery(unit: galleryUnit)
        if chunks > 0, available > 0 {
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = chunk * n / chunks, upper = (chunk + 1) * n / chunks
                var ranker = QueryBlockRanker(gallery: gallery)
                var counts = [Int](repeating: 0, count: QueryBlockRanker.block)
                var rs = counts
                var first = lower
                while first < upper {
                    let block = first..<min(first + QueryBlockRanker.block, upper)
                    // R (the query's class in the gallery), and how far the query is ranked: R rows, at least K.
                    for q in block {
                        let r = (classSize[queryLabels[q]] ?? 0) - (sameSet ? 1 : 0)
                        rs[q - first] = r
                        counts[q - first] = r > 0 ? min(max(r, maxK), available) : 0
                    }
                    ranker.rank(queries: block, of: queryUnit, counts: counts, excluding: { sameSet ? $0 : -1 })
                    for q in block {
                        let r = rs[q - first]
                        let base = q * stride
                        guard r > 0 else { results.set(base, .nan); continue }
                        let label = queryLabels[q]
                        ranker.ranked(slot: q - first, count: counts[q - first]) { ranked in
                            var hits = 0, precisionSum = 0.0
                            for i in 0..<min(r, ranked.count) where galleryLabels[Int(ranked[i])] == label {
                                hits += 1
                                precisionSum += Double(hits) / Double(i + 1)
                            }
                            results.set(base, precisionSum / Double(r))
                            results.set(base + 1, Double(hits) / Double(r))
                            for (slot, k) in ks.enumerated() {
                                var found = false
                                for i in 0..<min(k, ranked.count) where galleryLabels[Int(ranked[i])] == label { found = true; break }
                                results.set(base + 2 + slot, found ? 1 : 0)
                            }
                        }
                    }
                    if let progress { progress(done.add(block.count)) }
                    first = block.upperBound
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
