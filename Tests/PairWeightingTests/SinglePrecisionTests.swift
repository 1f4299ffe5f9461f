import PairWeighting
import Testing
import TestSupport

/// The like-for-like single-precision path held to the double path it shortcuts: the same
/// loss, the same weights within float rounding, `∂L/∂X` within 1e-4 of its largest entry, on
/// both kernel builds, deterministic.
@Suite struct SinglePrecisionTests {
    static func batch(_ n: Int, _ d: Int, seed: UInt64) -> (Matrix, PairLabels) {
        var rng = TestRandom(seed: seed)
        let x = Matrix(rows: n, columns: d, storage: (0..<(n * d)).map { _ in rng.uniform() * 2 - 1 })
        return (x, PairLabels((0..<n).map { $0 / 5 }))
    }

    @Test(arguments: [("ms", 80, 512), ("contrastive", 80, 512), ("triplet", 20, 37), ("ms", 10, 3), ("npair", 16, 16)])
    func agreesWithTheDoublePath(_ spec: String, _ n: Int, _ d: Int) throws {
        let (x, labels) = Self.batch(n, d, seed: UInt64(n * 1000 + d))
        let loss = try LossSpec.parse(spec).makeLoss()
        let double = loss.evaluate(embeddings: x, labels: labels)
        for build in Kernels.available {
            let single = SinglePrecision.evaluate(loss, embeddings: x.storage.map(Float.init), rows: n, columns: d, labels: labels, build: build)
            #expect(abs(single.value - double.weights.value) <= 1e-4 * max(1, abs(double.weights.value)), "\(spec) \(build): value")
            let g = double.embeddingGradient.storage
            let scale = max(g.map(abs).max() ?? 0, 1e-12)
            let worst = zip(single.embeddingGradient, g).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(worst / scale <= 1e-4, "\(spec) \(build) n=\(n) d=\(d): dL/dX off by \(worst / scale) of its largest entry")
            let again = SinglePrecision.evaluate(loss, embeddings: x.storage.map(Float.init), rows: n, columns: d, labels: labels, build: build)
            #expect(again.embeddingGradient == single.embeddingGradient, "deterministic")
        }
    }

    /// The check can fail: a gradient with one weight's sign flipped is far outside it.
    @Test func theToleranceCatchesAWrongGradient() throws {
        let (x, labels) = Self.batch(20, 8, seed: 3)
        let loss = try LossSpec.parse("contrastive").makeLoss()
        let double = loss.evaluate(embeddings: x, labels: labels)
        var w = double.weights.gradient
        let (i, j) = (0..<20).flatMap { i in (0..<20).map { (i, $0) } }.first { w[$0.0, $0.1] != 0 }!
        w[i, j] = -w[i, j]
        let wrong = CosineSimilarity.embeddingGradient(pairWeights: w, forward: CosineSimilarity.forward(x)).storage
        let g = double.embeddingGradient.storage
        let scale = g.map(abs).max()!
        let worst = zip(wrong, g).map { abs($0 - $1) }.max()!
        #expect(worst / scale > 1e-2)
    }
}
