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

    /// Rows rescaled by factors from 1e-3 to 1e3 (the engine must not depend on row lengths).
    static func scaled(_ x: Matrix, seed: UInt64) -> Matrix {
        var rng = TestRandom(seed: seed), out = x
        for i in 0..<x.rows {
            let factor = Elementary.exp((rng.uniform() * 6 - 3) * Elementary.log(10))
            for k in 0..<x.columns { out[i, k] *= factor }
        }
        return out
    }

    /// `Kernels.cosineBackward` on `build`, with scratch that starts as NaN (so a read
    /// before a write would show).
    static func cosineBackward(_ w: Matrix, _ forward: CosineForward, build: KernelBuild) -> Matrix {
        let x = forward.embeddings, n = x.rows, d = x.columns
        var out = Matrix(rows: n, columns: d)
        var scratch = [Double](repeating: .nan, count: Kernels.cosineBackwardScratch(rows: n))
        w.storage.withUnsafeBufferPointer { w in
            x.storage.withUnsafeBufferPointer { xs in
                forward.similarity.storage.withUnsafeBufferPointer { s in
                    out.storage.withUnsafeMutableBufferPointer { g in
                        Kernels.cosineBackward(w.baseAddress!, xs.baseAddress!, similarity: s.baseAddress!,
                                                    norms: forward.norms, rows: n, columns: d,
                                                    into: g.baseAddress!, scratch: &scratch, build: build)
                    }
                }
            }
        }
        return out
    }

    /// Unit rows and clamped norms, the obvious way.
    static func plainNormalize(_ x: Matrix) -> (unit: Matrix, norms: [Double]) {
        var unit = x, norms = [Double](repeating: 0, count: x.rows)
        for i in 0..<x.rows {
            var sum = 0.0
            for k in 0..<x.columns { sum += x[i, k] * x[i, k] }
            norms[i] = max(sum.squareRoot(), CosineSimilarity.minimumNorm)
            for k in 0..<x.columns { unit[i, k] = x[i, k] / norms[i] }
        }
        return (unit, norms)
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
                        Kernels.gram(f.baseAddress!, rows: n, columns: d, into: out.baseAddress!, build: build)
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
                b.storage.withUnsafeBufferPointer { b in Kernels.dot(a.baseAddress!, b.baseAddress!, count: d) }
            }
            #expect(abs(fast - plain) <= 1e-13 * Double(d), "D=\(d)")
        }
    }

    /// `S` of raw rows on each build (Gram product of `X`, norms off its diagonal, one scaling
    /// pass) against normalising first and summing `f_i · f_j` the obvious way; exactly symmetric.
    @Test(arguments: Kernels.available)
    func cosineGramMatchesNormalisingFirstOnEachBuild(build: KernelBuild) {
        for n in Self.sizes + [80] {
            for d in Self.dimensions {
                let x = Self.scaled(Self.random(n, d, seed: UInt64(n * 1000 + d + 2)), seed: UInt64(n + d))
                var s = Matrix(rows: n, columns: n)
                var norms = [Double](repeating: .nan, count: n)
                x.storage.withUnsafeBufferPointer { x in
                    s.storage.withUnsafeMutableBufferPointer { out in
                        Kernels.cosineGram(x.baseAddress!, rows: n, columns: d, minimumNorm: CosineSimilarity.minimumNorm,
                                                norms: &norms, into: out.baseAddress!, build: build)
                    }
                }
                let (unit, plainNorms) = Self.plainNormalize(x)
                #expect(relativeError(s, CosineSimilarity.plainSimilarity(unit), floor: 1) <= 1e-14, "N=\(n) D=\(d)")
                #expect(zip(norms, plainNorms).allSatisfy { relativeError($0, $1) <= 1e-14 }, "N=\(n) D=\(d): norms")
                #expect((0..<n).allSatisfy { i in (0..<n).allSatisfy { s[i, $0] == s[$0, i] } }, "N=\(n) D=\(d): not symmetric")
                // cos(x, x) is 1 exactly for a row the clamp leaves alone; a zero row's is 0.
                #expect((0..<n).allSatisfy { s[$0, $0] == (plainNorms[$0] > CosineSimilarity.minimumNorm ? 1 : 0) },
                        "N=\(n) D=\(d): diagonal \((0..<n).map { s[$0, $0] })")
            }
        }
    }

    /// `∂L/∂X` as one product `A X` on each build against the step-by-step pipeline (normalise,
    /// `(W + Wᵀ) F`, project, divide): sparse weights (as after mining, which takes the
    /// zero-skipping product) and dense ones, not symmetric, rows of very different lengths.
    @Test(arguments: Kernels.available)
    func embeddingGradientKernelMatchesThePlainPipelineOnEachBuild(build: KernelBuild) {
        for n in Self.sizes + [80] {
            for d in Self.dimensions {
                let x = Self.scaled(Self.random(n, d, seed: UInt64(7 * n + d)), seed: UInt64(3 * n + d))
                let forward = CosineSimilarity.forward(x)
                for density in [0.05, 0.5, 1.0] {
                    var rng = TestRandom(seed: UInt64(n * d) + 3)
                    var w = Matrix(rows: n, columns: n)
                    for k in w.storage.indices where rng.uniform() < density { w.storage[k] = rng.irwinHallGaussian() }
                    let fast = Self.cosineBackward(w, forward, build: build)
                    let plain = CosineSimilarity.plainEmbeddingGradient(pairWeights: w, embeddings: x)
                    // Row i sums terms of size up to Σ_j |c_ij| / ‖x_i‖ (c = W + Wᵀ), which can
                    // cancel (to exactly 0 in one dimension): errors are relative to that size.
                    for i in 0..<n {
                        let size = (0..<n).reduce(0.0) { $1 == i ? $0 : $0 + abs(w[i, $1] + w[$1, i]) } / forward.norms[i]
                        let error = zip(fast.row(i), plain.row(i)).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
                        #expect(error <= 1e-13 * size, "N=\(n) D=\(d) density \(density) row \(i): \(error) of \(size)")
                    }
                }
            }
        }
    }

    /// A function linear in `S`, `L(X) = Σ_ij M_ij S_ij(X)`, has `∂L/∂S = M` exactly, so
    /// ``CosineSimilarity/embeddingGradient(pairWeights:forward:)`` with `W = M` must be its
    /// gradient: checked against central differences on `X`. Dropping the radial term (the
    /// `−r_i / ‖x_i‖²` on `A`'s diagonal) must make the same check fail, so it can catch an error.
    @Test func embeddingGradientMatchesFiniteDifferencesAndTheCheckCatchesAMissingTerm() {
        let n = 7, d = 5
        var rng = TestRandom(seed: 77)
        let x = rng.gaussianMatrix(rows: n, columns: d)
        let m = rng.gaussianMatrix(rows: n, columns: n)
        func value(_ x: Matrix) -> Double {
            let s = CosineSimilarity.forward(x).similarity
            return zip(m.storage, s.storage).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let gradient = CosineSimilarity.embeddingGradient(pairWeights: m, forward: CosineSimilarity.forward(x))
        let report = FiniteDifference.check(gradient, at: x, offDiagonalOnly: false, value)
        #expect(report.skipped == 0 && report.checked == n * d, "\(report)")
        #expect(report.worst <= 1e-7, "\(report)")

        // The tangential part alone: (W + Wᵀ) F / ‖x_i‖, without taking the radial component away.
        let (unit, norms) = Self.plainNormalize(x)
        var missing = CosineSimilarity.plainUnitGradient(pairWeights: m, unit: unit)
        for i in 0..<n { for k in 0..<d { missing[i, k] /= norms[i] } }
        let wrong = FiniteDifference.check(missing, at: x, offDiagonalOnly: false, value)
        #expect(wrong.worst > 1e-2, "the check did not notice the missing radial term: \(wrong)")
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
                        Kernels.multiply(a.baseAddress!, b.baseAddress!, into: c.baseAddress!, n: n, k: k, m: m, build: build)
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
            let s = CosineSimilarity.plainSimilarity(Self.plainNormalize(x).unit)
            let w = loss.evaluate(similarity: s, labels: labels)
            let expected = CosineSimilarity.plainEmbeddingGradient(pairWeights: w.gradient, embeddings: x)
            let engine = loss.evaluate(embeddings: x, labels: labels)
            #expect(relativeError(engine.weights.value, w.value) <= 1e-12, "D=\(d)")
            #expect(relativeError(engine.embeddingGradient, expected, floor: 1e-6) <= 1e-10, "D=\(d)")
        }
    }

    @Test func emptyShapesDoNotCrash() {
        #expect(CosineSimilarity.similarity(Matrix(rows: 0, columns: 4)).storage.isEmpty)
        #expect(CosineSimilarity.similarity(Matrix(rows: 3, columns: 0)) == Matrix(rows: 3, columns: 3))
        let flat = CosineSimilarity.forward(Matrix(rows: 2, columns: 0))
        #expect(flat.similarity == Matrix(rows: 2, columns: 2) && flat.norms == [CosineSimilarity.minimumNorm, CosineSimilarity.minimumNorm])
        #expect(CosineSimilarity.embeddingGradient(pairWeights: Matrix(rows: 2, columns: 2, repeating: 1), forward: flat).storage.isEmpty)
        let none = CosineSimilarity.forward(Matrix(rows: 0, columns: 3))
        #expect(none.similarity.storage.isEmpty)
        #expect(CosineSimilarity.embeddingGradient(pairWeights: Matrix(rows: 0, columns: 0), forward: none) == Matrix(rows: 0, columns: 3))
        #expect(CosineSimilarity.normalize(Matrix(rows: 2, columns: 0)).norms == [CosineSimilarity.minimumNorm, CosineSimilarity.minimumNorm])
    }
}
