import MetricTraining
import PairWeighting
import Testing
import TestSupport

/// The metrics on tiny cases worked by hand, and against a slow full-sort twin.
@Suite struct RetrievalMetricsTests {
    /// Points on the unit circle at these angles (degrees), as 2-D embeddings.
    func circle(_ degrees: [Double]) -> Matrix {
        // cos/sin of multiples of 30° written out, so no libm is needed.
        let table: [Double: (Double, Double)] = [
            0: (1, 0), 30: (0.8660254037844387, 0.5), 60: (0.5, 0.8660254037844387), 90: (0, 1),
            120: (-0.5, 0.8660254037844387), 150: (-0.8660254037844387, 0.5), 180: (-1, 0),
        ]
        return Matrix(degrees.map { [table[$0]!.0, table[$0]!.1] })
    }

    @Test func handWorkedCase() {
        // Rows at 0°, 30°, 60°, 90°; labels A, A, B, A.
        // Query 0 (A): ranking 1(A, 30°), 2(B, 60°), 3(A, 90°). R = 2: top 2 = [A, B] -> AP = (1/2)(1/1) = 0.5.
        // Query 1 (A): sims to 0: cos30, 2: cos30, 3: cos60 -> tie 0 vs 2 broken by lower index: 0(A), 2(B), 3(A).
        //             R = 2: top 2 = [A, B] -> AP = 0.5.
        // Query 2 (B): R = 0 -> not a query.
        // Query 3 (A): ranking 2(B, 30°), 1(A, 60°), 0(A, 90°). R = 2: top 2 = [B, A] -> AP = (1/2)(1/2) = 0.25.
        let m = RetrievalEvaluator.evaluate(embeddings: circle([0, 30, 60, 90]), labels: [0, 0, 1, 0])
        #expect(m.queries == 3)
        #expect(abs(m.mapAtR - (0.5 + 0.5 + 0.25) / 3) < 1e-15)
        #expect(m.recallAt[1] == 2.0 / 3)       // queries 0 and 1 hit at rank 1, query 3 misses
        #expect(m.recallAt[2] == 1)
        #expect(m.recallAt[8] == 1)
    }

    /// R-precision on the hand case above: queries 0, 1 and 3 each have R = 2 and one hit in their
    /// top 2, so R-precision is 1/2 (MAP@R is lower because the hit's rank matters).
    @Test func rPrecisionByHand() {
        let m = RetrievalEvaluator.evaluate(embeddings: circle([0, 30, 60, 90]), labels: [0, 0, 1, 0])
        #expect(m.rPrecision == 0.5)
        #expect(m.precisionAt1 == 2.0 / 3)
    }

    /// A separate reference set: no row is left out, R counts the reference rows of the class.
    /// Queries at 0° (A) and 90° (B); reference rows at 30° (A), 60° (B), 180° (A).
    /// Query 0: similarities cos30, cos60, -1 -> ranking A(30), B(60), A(180); R = 2: AP = (1/2)(1/1) = 0.5, RP = 0.5, R@1 hit.
    /// Query 1: similarities cos60, cos30, 0 -> ranking B(60), A(30), A(180); R = 1: AP = 1, RP = 1, R@1 hit.
    @Test func separateReferenceByHand() {
        let m = RetrievalEvaluator.evaluate(queries: circle([0, 90]), queryLabels: [0, 1],
                                            reference: (circle([30, 60, 180]), [0, 1, 0]))
        #expect(m.queries == 2)
        #expect(abs(m.mapAtR - 0.75) < 1e-15 && abs(m.rPrecision - 0.75) < 1e-15)
        #expect(m.recallAt[1] == 1)
        // The same rows as one set would leave each query out and count the other rows instead.
        let together = RetrievalEvaluator.evaluate(embeddings: circle([0, 90, 30, 60, 180]), labels: [0, 1, 0, 1, 0])
        #expect(together != m)
    }

    @Test(arguments: [UInt64(5), 6])
    func separateReferenceMatchesTheTwin(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let queries = Matrix(rows: 70, columns: 4, storage: (0..<280).map { _ in Double(rng.integer(below: 3)) - 1 })
        let reference = Matrix(rows: 90, columns: 4, storage: (0..<360).map { _ in Double(rng.integer(below: 3)) - 1 })
        let ql = (0..<70).map { _ in rng.integer(below: 5) }, rl = (0..<90).map { _ in rng.integer(below: 6) }
        let fast = RetrievalEvaluator.evaluate(queries: queries, queryLabels: ql, reference: (reference, rl))
        let slow = RetrievalTwin.metrics(queries: queries, queryLabels: ql, reference: (reference, rl))
        #expect(fast.queries == slow.queries)
        #expect(abs(fast.mapAtR - slow.map) < 1e-12 && abs(fast.rPrecision - slow.rPrecision) < 1e-12)
        for k in [1, 2, 4, 8] { #expect(abs((fast.recallAt[k] ?? -1) - (slow.recall[k] ?? -2)) < 1e-12) }
    }

    /// The progress callback counts every query once, whatever the thread split.
    @Test func progressCountsEveryQuery() {
        let e = randomMatrix(300, 3, seed: 9)
        let seen = ProgressRecord()
        _ = RetrievalEvaluator.evaluate(queries: e, queryLabels: (0..<300).map { $0 % 7 }, reference: nil) { seen.note($0) }
        #expect(seen.maximum == 300)
    }

    @Test func tiesGoToTheLowerIndex() {
        // Query 0 at 90°; rows 1 (B) and 2 (A) both at 0°: identical similarity 0.
        // Row 1 outranks row 2, so R@1 misses; had the tie gone the other way it would hit.
        let m = RetrievalEvaluator.evaluate(embeddings: circle([90, 0, 0]), labels: [0, 1, 0])
        // Query 0: R = 1, top 1 = row 1 (B): AP 0, miss.  Query 2: R = 1, best is row 1 (sim 1, B): miss.
        #expect(m.queries == 2 && m.mapAtR == 0 && m.recallAt[1] == 0)
        #expect(m.recallAt[2] == 1)
    }

    @Test func perfectSeparationScoresOne() {
        let m = RetrievalEvaluator.evaluate(embeddings: circle([0, 0, 0, 90, 90, 180, 180]), labels: [0, 0, 0, 1, 1, 2, 2])
        #expect(m.mapAtR == 1 && m.recallAt.values.allSatisfy { $0 == 1 } && m.queries == 7)
    }

    @Test func scaleOfTheEmbeddingDoesNotMatter() {
        var e = randomMatrix(30, 3, seed: 2)
        let labels = (0..<30).map { $0 % 4 }
        let a = RetrievalEvaluator.evaluate(embeddings: e, labels: labels)
        for i in 0..<e.storage.count { e.storage[i] *= 7 }
        #expect(RetrievalEvaluator.evaluate(embeddings: e, labels: labels) == a)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func matchesTheFullSortTwinWithManyTies(seed: UInt64) {
        // Coarse integer features make many exact ties, as in letters.
        var rng = SplitMix64(seed: seed)
        let n = 150
        let e = Matrix(rows: n, columns: 3, storage: (0..<(n * 3)).map { _ in Double(rng.integer(below: 3)) - 1 })
        let labels = (0..<n).map { _ in rng.integer(below: 6) }
        let fast = RetrievalEvaluator.evaluate(embeddings: e, labels: labels)
        let slow = RetrievalTwin.metrics(queries: e, queryLabels: labels, reference: nil)
        #expect(abs(fast.mapAtR - slow.map) < 1e-12 && abs(fast.rPrecision - slow.rPrecision) < 1e-12)
        for k in [1, 2, 4, 8] { #expect(abs((fast.recallAt[k] ?? -1) - (slow.recall[k] ?? -2)) < 1e-12) }
    }

    /// Galleries above 2,048 rows take the sampled-bound path of the selection (and, for some
    /// queries of the striped case, its fallback); the metrics must not change.
    @Test func largeGalleriesMatchTheFullSortTwin() {
        var rng = SplitMix64(seed: 44)
        let n = 2200
        // Coarse features: many exact ties.
        let coarse = Matrix(rows: n, columns: 3, storage: (0..<(n * 3)).map { _ in Double(rng.integer(below: 3)) - 1 })
        // Striped: every fourth row near one direction, the rest near another, so the stride
        // sample of some queries is unrepresentative.
        var striped = Matrix(rows: n, columns: 2)
        for r in 0..<n {
            let near = r % 4 == 0
            striped[r, 0] = (near ? 1 : 0) + 0.01 * rng.uniform()
            striped[r, 1] = (near ? 0 : 1) + 0.01 * rng.uniform()
        }
        for (e, classes) in [(coarse, 3), (striped, 2)] {
            let labels = (0..<n).map { _ in rng.integer(below: classes) }
            let fast = RetrievalEvaluator.evaluate(embeddings: e, labels: labels)
            let slow = RetrievalTwin.metrics(e, labels)
            #expect(abs(fast.mapAtR - slow.map) < 1e-12)
            for k in [1, 2, 4, 8] { #expect(abs((fast.recallAt[k] ?? -1) - (slow.recall[k] ?? -2)) < 1e-12) }
        }
    }
}

import Synchronization

/// The largest progress count reported, from any thread.
final class ProgressRecord: Sendable {
    private let value = Mutex(0)
    func note(_ k: Int) { value.withLock { $0 = max($0, k) } }
    var maximum: Int { value.withLock { $0 } }
}
