import PairWeighting
import Testing

/// Non-finite numbers (a diverged network) must never trap inside a loss, and a NaN embedding must
/// reach the embedding gradient, where the training step's finiteness check reports it.
@Suite struct NonFiniteSimilarityTests {
    /// Reaching the end is the test: a trap (an `Int(NaN)`, say) would end the process. Hinge
    /// losses may legitimately ignore the pair (a comparison with NaN is false), so the result is
    /// not asserted here.
    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func noLossTrapsOnANonFiniteSimilarity(bad: Double) {
        let labels = PairLabels([0, 0, 1, 1, 2, 2])
        var s = Matrix(rows: 6, columns: 6)
        for i in 0..<6 { for j in 0..<6 { s[i, j] = i == j ? 1 : 0.1 * Double((i * 7 + j * 3) % 11) - 0.5 } }
        s[0, 1] = bad
        s[1, 0] = bad
        s[2, 5] = bad
        for kind in LossCatalog.all {
            let weights = kind.defaultSpec.makeLoss().evaluate(similarity: s, labels: labels)
            #expect(weights.count == 6, "\(kind.name)")
        }
    }

    @Test func aNanEmbeddingReachesTheEmbeddingGradientForEveryLoss() {
        let labels = PairLabels([0, 0, 1, 1, 2, 2])
        var x = Matrix(rows: 6, columns: 3)
        for k in x.storage.indices { x.storage[k] = Double((k * 5) % 7) - 3 + 0.25 }
        x[3, 1] = .nan
        for kind in LossCatalog.all {
            let result = kind.defaultSpec.makeLoss().evaluate(embeddings: x, labels: labels)
            #expect(result.embeddingGradient.storage.contains { !$0.isFinite }, "\(kind.name)")
        }
    }

    /// The backward kernel skips zero coefficients when most are zero (a loss whose hinges are
    /// met); a row whose norm is NaN or infinite must still reach the result, on every build,
    /// even when none of its pairs carries a weight.
    @Test(arguments: Kernels.available)
    func aNonFiniteRowReachesTheGradientWhenMostWeightsAreZero(build: KernelBuild) {
        for bad in [Double.nan, .infinity] {
            let n = 12, d = 5
            var x = Matrix(rows: n, columns: d)
            for k in x.storage.indices { x.storage[k] = Double((k * 5) % 7) - 3 + 0.25 }
            x[4, 2] = bad
            var w = Matrix(rows: n, columns: n)
            w[0, 1] = 0.5                                     // one weighted pair, far from row 4
            let out = KernelTwinTests.cosineBackward(w, CosineSimilarity.forward(x), build: build)
            #expect(out.storage.contains { !$0.isFinite }, "\(bad) on \(build.rawValue): \(out.row(4))")
        }
    }
}
