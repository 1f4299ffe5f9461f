import Testing
import PairWeighting
import TestSupport

/// The gradient checker itself: it must accept a right gradient, reject wrong ones, and skip only
/// entries that sit on a kink.
@Suite struct FiniteDifferenceCheckerTests {
    /// `f(X) = Σ_{r≠c} w_rc X_rc² + X_01 X_10`, a smooth function with a known gradient.
    static let weights = Matrix([[0, 1.5, -2], [0.25, 0, 3], [-1, 0.5, 0]])
    static let point = Matrix([[1, 0.3, -0.7], [0.2, 1, 0.9], [-0.4, 0.6, 1]])
    static func f(_ x: Matrix) -> Double {
        var sum = x[0, 1] * x[1, 0]
        for r in 0..<3 { for c in 0..<3 where r != c { sum += weights[r, c] * x[r, c] * x[r, c] } }
        return sum
    }
    static var gradient: Matrix {
        var g = Matrix(rows: 3, columns: 3)
        for r in 0..<3 { for c in 0..<3 where r != c { g[r, c] = 2 * weights[r, c] * point[r, c] } }
        g[0, 1] += point[1, 0]
        g[1, 0] += point[0, 1]
        return g
    }

    @Test func acceptsTheRightGradient() {
        let report = FiniteDifference.check(Self.gradient, at: Self.point, Self.f)
        #expect(report.checked == 6 && report.skipped == 0)
        #expect(report.worst < 1e-8, "\(report)")
    }

    @Test func rejectsAScaledGradient() {
        var wrong = Self.gradient
        for k in 0..<wrong.storage.count { wrong.storage[k] *= 1.01 }
        let report = FiniteDifference.check(wrong, at: Self.point, Self.f)
        #expect(report.worst > 1e-3, "\(report)")
    }

    @Test func rejectsOneFlippedEntry() {
        var wrong = Self.gradient
        wrong[2, 0] = -wrong[2, 0]
        let report = FiniteDifference.check(wrong, at: Self.point, Self.f)
        #expect(report.worst > 1e-2, "\(report)")
        #expect(report.worstEntry == (2, 0))
    }

    @Test func rejectsAWrongLossGradient() {
        // A real loss with one weight perturbed by 1%: the check used by every loss test must see it.
        let batch = TestBatch.standard[2]
        let loss = MultiSimilarityLoss(spec: MultiSimilarityLoss.kind.defaultSpec)
        var g = loss.evaluate(similarity: batch.similarity, labels: batch.labels).gradient
        let k = g.storage.indices.max { abs(g.storage[$0]) < abs(g.storage[$1]) }!
        g.storage[k] *= 1.01
        let report = FiniteDifference.check(g, at: batch.similarity) {
            loss.evaluate(similarity: $0, labels: batch.labels).value
        }
        #expect(report.worst > 5e-3, "\(report)")
    }

    @Test func skipsAnEntrySittingOnAKink() {
        // f = Σ |X_rc − 0.5|: entry (0, 1) sits exactly on the kink, the others are smooth.
        var x = Self.point
        x[0, 1] = 0.5
        let f: (Matrix) -> Double = { m in
            var sum = 0.0
            for r in 0..<3 { for c in 0..<3 where r != c { sum += abs(m[r, c] - 0.5) } }
            return sum
        }
        var g = Matrix(rows: 3, columns: 3)
        for r in 0..<3 { for c in 0..<3 where r != c { g[r, c] = x[r, c] > 0.5 ? 1 : -1 } }
        let report = FiniteDifference.check(g, at: x, f)
        #expect(report.skipped == 1 && report.checked == 5)
        #expect(report.worst < 1e-8, "\(report)")
    }

    @Test func doesNotSkipAJumpFreeSmoothEntryWithLargeCurvature() {
        // e^{1000 x} near x = 0: curvature 1e6 times the slope's scale is still smooth at h = 1e-6.
        let x = Matrix([[0, -0.001], [0.002, 0]])
        let f: (Matrix) -> Double = { m in Elementary.exp(1000 * m[0, 1]) / 1000 + m[1, 0] }
        let g = Matrix([[0, Elementary.exp(1000 * -0.001)], [1, 0]])
        let report = FiniteDifference.check(g, at: x, f)
        #expect(report.skipped == 0)
        #expect(report.worst < 1e-6, "\(report)")
    }
}
