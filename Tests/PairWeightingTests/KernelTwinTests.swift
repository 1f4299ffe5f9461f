import PairWeighting
import Testing
import TestSupport

/// The SIMD kernels against their plain twins, on shapes that are not multiples of the SIMD
/// width or of the 4-row blocks (N = 1, D = 1, odd sizes) as well as the paper's batch.
@Suite struct KernelTwinTests {
    static let sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13]
    static let dimensions = [1, 2, 3, 4, 5, 7, 8, 17, 33, 512]

    /// Random `[n, d]` with a few exact zeros (zero rows, zero entries) mixed in.
    static func random(_ n: Int, _ d: Int, seed: UInt64) -> Matrix {
        var rng = TestRandom(seed: seed)
        var m = rng.gaussianMatrix(rows: n, columns: d)
        for k in m.storage.indices where rng.uniform() < 0.1 { m.storage[k] = 0 }
        return m
    }

    @Test func similarityMatchesThePlainLoop() {
        for n in Self.sizes + [80] {
            for d in Self.dimensions {
                let unit = CosineSimilarity.normalize(Self.random(n, d, seed: UInt64(n * 1000 + d))).unit
                let fast = CosineSimilarity.similarity(unit), plain = CosineSimilarity.plainSimilarity(unit)
                // Entries are at most 1 in magnitude; the sums are grouped differently.
                #expect(relativeError(fast, plain, floor: 1) <= 1e-14, "N=\(n) D=\(d)")
                #expect(fast == Matrix(rows: n, columns: n, storage: (0..<(n * n)).map { fast[$0 % n, $0 / n] }),
                        "N=\(n) D=\(d): S is not exactly symmetric")
            }
        }
    }

    /// `S` on each kernel build this machine runs: the plain loop bit for bit on the portable
    /// build (same terms, same order), within rounding on the fused build; exactly symmetric on both.
    @Test(arguments: Kernels.available)
    func gramIsThePlainLoopOnEachBuild(build: KernelBuild) {
        for n in Self.sizes + [80] {
            for d in Self.dimensions {
                let unit = CosineSimilarity.normalize(Self.random(n, d, seed: UInt64(n * 1000 + d + 1))).unit
                var s = Matrix(rows: n, columns: n)
                unit.storage.withUnsafeBufferPointer { f in
                    s.storage.withUnsafeMutableBufferPointer { out in
                        DenseKernels.gram(f.baseAddress!, rows: n, columns: d, into: out.baseAddress!, build: build)
                    }
                }
                let plain = CosineSimilarity.plainSimilarity(unit)
                if build == .portable {
                    #expect(s == plain, "N=\(n) D=\(d)")
                } else {
                    #expect(relativeError(s, plain, floor: 1) <= 1e-14, "N=\(n) D=\(d)")
                }
                #expect((0..<n).allSatisfy { i in (0..<n).allSatisfy { s[i, $0] == s[$0, i] } }, "N=\(n) D=\(d): not symmetric")
            }
        }
    }

    @Test func dotMatchesThePlainSum() {
        for d in Self.dimensions {
            let a = Self.random(1, d, seed: UInt64(d)), b = Self.random(1, d, seed: UInt64(d + 100))
            var plain = 0.0
            for k in 0..<d { plain += a.storage[k] * b.storage[k] }
            let fast = a.storage.withUnsafeBufferPointer { a in
                b.storage.withUnsafeBufferPointer { b in DenseKernels.dot(a.baseAddress!, b.baseAddress!, count: d) }
            }
            #expect(abs(fast - plain) <= 1e-13 * Double(d), "D=\(d)")
        }
    }

    /// `(W + Wᵀ) F` on each build: the plain loop (which skips zero coefficients) bit for bit on
    /// the portable build, since adding `0 · f` leaves a finite sum unchanged; within rounding on
    /// the fused build.
    @Test(arguments: Kernels.available)
    func unitGradientIsThePlainLoopOnEachBuild(build: KernelBuild) {
        for n in Self.sizes + [80] {
            for d in Self.dimensions {
                let unit = CosineSimilarity.normalize(Self.random(n, d, seed: UInt64(7 * n + d))).unit
                // Sparse weights (as after mining) and dense ones, not symmetric.
                for density in [0.05, 0.5, 1.0] {
                    var rng = TestRandom(seed: UInt64(n * d) + 3)
                    var w = Matrix(rows: n, columns: n)
                    for k in w.storage.indices where rng.uniform() < density { w.storage[k] = rng.gaussian() }
                    var fast = Matrix(rows: n, columns: d)
                    var scratch = [Double](repeating: .nan, count: n * n + n)
                    w.storage.withUnsafeBufferPointer { w in
                        unit.storage.withUnsafeBufferPointer { f in
                            fast.storage.withUnsafeMutableBufferPointer { g in
                                DenseKernels.symmetricCombination(w.baseAddress!, f.baseAddress!, rows: n, columns: d,
                                                                  into: g.baseAddress!, coefficients: &scratch, build: build)
                            }
                        }
                    }
                    let plain = CosineSimilarity.plainUnitGradient(pairWeights: w, unit: unit)
                    if build == .portable {
                        #expect(fast == plain, "N=\(n) D=\(d) density \(density)")
                    } else {
                        #expect(relativeError(fast, plain, floor: 1) <= 1e-13, "N=\(n) D=\(d) density \(density)")
                    }
                }
            }
        }
    }

    @Test(arguments: Kernels.available)
    func multiplyIsTheTextbookLoopOnEachBuild(build: KernelBuild) {
        for (n, k, m) in [(1, 1, 1), (1, 5, 3), (3, 1, 4), (4, 4, 4), (5, 7, 9), (8, 3, 13), (9, 64, 17), (80, 64, 128), (13, 80, 6), (7, 300, 11)] {
            let a = Self.random(n, k, seed: UInt64(n + 10 * k + 100 * m)), b = Self.random(k, m, seed: UInt64(m + 10 * n))
            var plain = Matrix(rows: n, columns: m)
            for i in 0..<n {
                for j in 0..<m {
                    var sum = 0.0
                    for p in 0..<k { sum += a[i, p] * b[p, j] }
                    plain[i, j] = sum
                }
            }
            var fast = Matrix(rows: n, columns: m)
            a.storage.withUnsafeBufferPointer { a in
                b.storage.withUnsafeBufferPointer { b in
                    fast.storage.withUnsafeMutableBufferPointer { c in
                        DenseKernels.multiply(a.baseAddress!, b.baseAddress!, into: c.baseAddress!, n: n, k: k, m: m, build: build)
                    }
                }
            }
            if build == .portable {
                #expect(fast == plain, "[\(n), \(k)] x [\(k), \(m)]")
            } else {
                #expect(relativeError(fast, plain, floor: 1) <= 1e-13, "[\(n), \(k)] x [\(k), \(m)]")
            }
        }
    }

    @Test func embeddingGradientMatchesAPlainPipeline() {
        // normalise, S, a loss, ∂L/∂X, every step written the obvious way, against the engine.
        let labels = PairLabels((0..<13).map { $0 % 4 })
        let loss = MultiSimilarityLoss(spec: MultiSimilarityLoss.kind.defaultSpec)
        for d in [1, 3, 8, 33] {
            let x = Self.random(13, d, seed: UInt64(d) + 40)
            var unit = x, norms = [Double](repeating: 0, count: 13)
            for i in 0..<13 {
                var sum = 0.0
                for k in 0..<d { sum += x[i, k] * x[i, k] }
                norms[i] = max(sum.squareRoot(), CosineSimilarity.minimumNorm)
                for k in 0..<d { unit[i, k] = x[i, k] / norms[i] }
            }
            let s = CosineSimilarity.plainSimilarity(unit)
            let w = loss.evaluate(similarity: s, labels: labels)
            let g = CosineSimilarity.plainUnitGradient(pairWeights: w.gradient, unit: unit)
            var expected = Matrix(rows: 13, columns: d)
            for i in 0..<13 {
                var radial = 0.0
                for k in 0..<d { radial += unit[i, k] * g[i, k] }
                for k in 0..<d { expected[i, k] = (g[i, k] - radial * unit[i, k]) / norms[i] }
            }
            let engine = loss.evaluate(embeddings: x, labels: labels)
            #expect(relativeError(engine.weights.value, w.value) <= 1e-12, "D=\(d)")
            #expect(relativeError(engine.embeddingGradient, expected, floor: 1e-6) <= 1e-10, "D=\(d)")
        }
    }

    @Test func emptyShapesDoNotCrash() {
        #expect(CosineSimilarity.similarity(Matrix(rows: 0, columns: 4)).storage.isEmpty)
        #expect(CosineSimilarity.similarity(Matrix(rows: 3, columns: 0)) == Matrix(rows: 3, columns: 3))
        #expect(CosineSimilarity.unitGradient(pairWeights: Matrix(rows: 2, columns: 2, repeating: 1),
                                              unit: Matrix(rows: 2, columns: 0)).storage.isEmpty)
        #expect(CosineSimilarity.normalize(Matrix(rows: 2, columns: 0)).norms == [CosineSimilarity.minimumNorm, CosineSimilarity.minimumNorm])
    }
}
