import PairWeighting
import Testing
import TestSupport

/// The float32 training step's kernels against plain float loops: the strided product is the
/// textbook loop bit for bit on the portable build and the same loop with a fused multiply-add
/// per step on the AVX2 and AVX-512 builds (all sum in increasing order), for every layout a
/// layer uses and shapes off the tile sizes; the entry-wise passes and Adam give the same bits on
/// every build and agree with the double formulas within float rounding.
@Suite struct SingleTrainingKernelTests {
    static func floats(_ count: Int, seed: UInt64) -> [Float] {
        var rng = TestRandom(seed: seed)
        return (0..<count).map { _ in Float(rng.uniform() * 2 - 1) }
    }

    /// `op(A) op(B)` (+ C) the textbook way, `c += a · b` (fused when `fused`), `p` increasing.
    static func plain(_ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ ars: Int, _ acs: Int, _ b: [Float], _ brs: Int, _ bcs: Int,
                      _ c: [Float], accumulate: Bool, fused: Bool) -> [Float] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var s: Float = accumulate ? c[i * n + j] : 0
                for p in 0..<k {
                    let x = a[i * ars + p * acs], y = b[p * brs + j * bcs]
                    s = fused ? s.addingProduct(x, y) : s + x * y
                }
                out[i * n + j] = s
            }
        }
        return out
    }

    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (2, 3, 1), (3, 7, 5), (4, 8, 2), (5, 9, 3), (6, 16, 4), (7, 15, 9),
                                            (8, 17, 6), (13, 33, 11), (80, 64, 64), (80, 128, 64), (64, 128, 80), (3, 5, 0)]

    @Test(arguments: Kernels.available)
    func stridedProductIsThePlainLoop(build: KernelBuild) {
        for (m, n, k) in Self.shapes {
            // The three layouts of a layer: X W, Xᵀ G (A transposed), G Wᵀ (B transposed), and both transposed.
            for (aT, bT) in [(false, false), (true, false), (false, true), (true, true)] {
                for accumulate in [false, true] {
                    let a = Self.floats(m * k, seed: UInt64(m * 31 + k)), b = Self.floats(k * n, seed: UInt64(n * 17 + k))
                    let c0 = Self.floats(m * n, seed: 5)
                    let (ars, acs) = aT ? (1, m) : (k, 1), (brs, bcs) = bT ? (1, k) : (n, 1)
                    var c = c0
                    var scratch = [Float](repeating: .nan, count: Kernels.singleMultiplyScratch(depth: k))
                    a.withUnsafeBufferPointer { ap in
                        b.withUnsafeBufferPointer { bp in
                            c.withUnsafeMutableBufferPointer { cp in
                                Kernels.singleMultiply(rows: m, columns: n, depth: k, a: ap.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                                       aRowStride: ars, aColumnStride: acs,
                                                       b: bp.baseAddress ?? UnsafePointer(bitPattern: 8)!, bRowStride: brs, bColumnStride: bcs,
                                                       c: cp.baseAddress!, cRowStride: n, accumulate: accumulate,
                                                       scratch: &scratch, build: build)
                            }
                        }
                    }
                    let expected = Self.plain(m, n, k, a, ars, acs, b, brs, bcs, c0, accumulate: accumulate, fused: build != .portable)
                    #expect(c.map(\.bitPattern) == expected.map(\.bitPattern),
                            "\(build) [\(m), \(k)] x [\(k), \(n)] aT \(aT) bT \(bT) accumulate \(accumulate)")
                }
            }
        }
    }

    /// The Gram product's upper triangle (`E Eᵀ`, `B` the transposed `E`): every entry on or
    /// above the diagonal is the plain loop's, bit for bit (fused on the AVX builds).
    @Test(arguments: Kernels.available)
    func upperTriangleIsThePlainLoop(build: KernelBuild) {
        for (n, d) in [(1, 1), (5, 3), (7, 9), (17, 8), (33, 20), (80, 64)] {
            let e = Self.floats(n * d, seed: UInt64(n * 100 + d))
            var c = [Float](repeating: .nan, count: n * n)
            var scratch = [Float](repeating: .nan, count: Kernels.singleMultiplyScratch(depth: d))
            Kernels.singleMultiply(rows: n, columns: n, depth: d, a: e, aRowStride: d, aColumnStride: 1, b: e, bRowStride: 1, bColumnStride: d,
                                   c: &c, cRowStride: n, accumulate: false, upperTriangleOnly: true, scratch: &scratch, build: build)
            let expected = Self.plain(n, n, d, e, d, 1, e, 1, d, c, accumulate: false, fused: build != .portable)
            for i in 0..<n {
                for j in i..<n { #expect(c[i * n + j].bitPattern == expected[i * n + j].bitPattern, "\(build) n=\(n) d=\(d) (\(i), \(j))") }
            }
        }
    }

    @Test func entryWisePassesAndAdamAreTheSameOnEveryBuild() {
        let (rows, columns) = (7, 21), count = rows * columns
        let y0 = Self.floats(count, seed: 1), bias = Self.floats(columns, seed: 2), x = Self.floats(count, seed: 3)
        var results: [[Float]] = [], adamSums: [[UInt64]] = []
        for build in Kernels.available {
            var y = y0, g = y0, sums = [Float](repeating: 0, count: columns)
            Kernels.singleAddBias(&y, rows: rows, columns: columns, bias: bias, relu: true, build: build)
            Kernels.singleMaskByPositive(&g, x, count: count, build: build)
            Kernels.singleSumRows(y0, rows: rows, columns: columns, into: &sums, build: build)
            for k in 0..<count {
                let v = y0[k] + bias[k % columns]
                #expect(y[k] == (v < 0 ? 0 : v))
                #expect(g[k] == (x[k] > 0 ? y0[k] : 0))
            }
            for c in 0..<columns {
                let plain = (0..<rows).reduce(Float(0)) { $0 + y0[$1 * columns + c] }
                #expect(sums[c] == plain)
            }
            // Adam, one step from non-zero moments, against the double formula.
            let θ = Self.floats(count, seed: 4), grad = Self.floats(count, seed: 5)
            let m = Self.floats(count, seed: 6), v = Self.floats(count, seed: 7).map { $0 * $0 }
            var out = [Float](repeating: 0, count: count), newM = out, newV = out
            let (c1, c2) = (1 / (1 - 0.9 * 0.9), 1 / (1 - 0.999 * 0.999))
            let sums3 = Kernels.singleAdamUpdate(count: count, parameters: θ, newParameters: &out, gradient: grad,
                                                 firstMoment: m, secondMoment: v, newFirstMoment: &newM, newSecondMoment: &newV,
                                                 beta1: 0.9, beta2: 0.999, correction1: Float(c1), correction2: Float(c2),
                                                 learningRate: 1e-3, epsilon: 1e-8, decay: 1e-4, build: build)
            var squares = 0.0, gradients = 0.0
            for k in 0..<count {
                let t = Double(θ[k]), gk = Double(grad[k]) + 1e-4 * t
                let mk = 0.9 * Double(m[k]) + 0.1 * gk, vk = 0.999 * Double(v[k]) + 0.001 * gk * gk
                let updated = t - 1e-3 * (mk * c1) / ((vk * c2).squareRoot() + 1e-8)
                #expect(abs(Double(newM[k]) - mk) <= 1e-6 && abs(Double(newV[k]) - vk) <= 1e-6)
                #expect(abs(Double(out[k]) - updated) <= 1e-6, "Adam entry \(k)")
                squares += updated * updated
                gradients += Double(grad[k]) * Double(grad[k])
            }
            #expect(relativeError(sums3.squares, squares) <= 1e-5 && relativeError(sums3.gradientSquares, gradients) <= 1e-5)
            results.append(y + g + sums + out + newM + newV)
            adamSums.append([sums3.squares, sums3.changeSquares, sums3.gradientSquares].map(\.bitPattern))
        }
        #expect(Set(results.map { $0.map(\.bitPattern) }).count == 1, "the builds differ")
        #expect(Set(adamSums).count == 1, "Adam's sums differ between builds")
    }
}
