/// The cosine kernels: the Gram matrix behind `S` and the one product behind `∂L/∂X`, on
/// ``Kernels/multiply(rows:columns:depth:a:aRowStride:aColumnStride:b:bRowStride:bColumnStride:c:cRowStride:accumulate:upperTriangleOnly:build:)``
/// (so on the build ``Kernels`` picked), plus the row helpers (`dot`, `load4`, `store4`) the
/// normalisation and the MLP's bias loops use. Each has a plain twin that reads like the formula
/// (``CosineSimilarity/plainSimilarity(_:)``, ``CosineSimilarity/plainEmbeddingGradient(pairWeights:embeddings:)``,
/// MetricTraining's plain products); the tests hold the two to the same numbers.
///
/// Public so that MetricTraining uses the same kernels; the pointers must cover the stated shapes.
extension Kernels {
    /// `Σ_k a[k] b[k]` over `count` entries, four lanes at a time.
    ///
    /// Summation order: lane `l` adds the products at `k ≡ l (mod 4)` (over the whole chunks),
    /// the lanes are then added as `(l0 + l1) + (l2 + l3)`, then the tail `k ≥ 4⌊count/4⌋` in order.
    @inlinable
    public static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var acc = SIMD4<Double>()
        let whole = count & ~3
        var k = 0
        while k < whole {
            acc += load4(a + k) * load4(b + k)
            k += 4
        }
        var sum = (acc[0] + acc[1]) + (acc[2] + acc[3])
        while k < count {
            sum += a[k] * b[k]
            k += 1
        }
        return sum
    }

    /// Four consecutive doubles from (possibly unaligned) memory.
    @inlinable @inline(__always)
    public static func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    /// Stores four doubles to (possibly unaligned) memory.
    @inlinable @inline(__always)
    public static func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }

    /// `out = F Fᵀ` for `F` `[n, d]` (row-major), `out` `[n, n]`: the tiles on or above the
    /// diagonal, then the upper triangle mirrored into the lower, so `out` is exactly symmetric.
    /// Each entry is `Σ_k f_ik f_jk` summed in increasing `k` (portable build: the plain loop bit for bit).
    public static func gram(_ f: UnsafePointer<Double>, rows n: Int, columns d: Int, into out: UnsafeMutablePointer<Double>,
                            build: KernelBuild? = nil) {
        Kernels.multiply(rows: n, columns: n, depth: d, a: f, aRowStride: d, aColumnStride: 1,
                         b: f, bRowStride: 1, bColumnStride: d, c: out, cRowStride: n,
                         accumulate: false, upperTriangleOnly: true, build: build)
        for i in 0..<n {
            for j in 0..<i { out[i * n + j] = out[j * n + i] }
        }
    }

    /// Cosine similarity of raw rows: `out_ij = (x_i · x_j) · (1/‖x_i‖ · 1/‖x_j‖)` for `X` `[n, d]`,
    /// `out` `[n, n]`, with `norms[i] = max(√(x_i · x_i), minimumNorm)` read off the Gram
    /// product's diagonal, and `out_ii = 1` exactly when `‖x_i‖ > minimumNorm`. ``gram(_:rows:columns:into:build:)``
    /// (exactly symmetric), then one row-wise scaling pass; `1/‖x_i‖ · 1/‖x_j‖` is the same product
    /// for `(j, i)`, so the result stays exactly symmetric.
    public static func cosineGram(_ x: UnsafePointer<Double>, rows n: Int, columns d: Int, minimumNorm: Double,
                                  norms: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>,
                                  build: KernelBuild? = nil) {
        gram(x, rows: n, columns: d, into: out, build: build)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { inverse in
            for i in 0..<n {
                let norm = max(out[i * n + i].squareRoot(), minimumNorm)
                norms[i] = norm
                inverse[i] = 1 / norm
            }
            for i in 0..<n {
                let a = inverse[i], row = out + i * n
                for j in 0..<n { row[j] *= a * inverse[j] }
                // cos(x_i, x_i) = 1 exactly, not 1 ± an ulp, for every row the clamp leaves alone.
                if norms[i] > minimumNorm { row[i] = 1 }
            }
        }
    }

    /// Scratch entries ``cosineBackward(_:_:similarity:norms:rows:columns:into:scratch:build:)`` needs for `n` rows
    /// (uninitialised is fine: the kernel writes each entry before reading it).
    public static func cosineBackwardScratch(rows n: Int) -> Int { n * n + 3 * n }

    /// The embedding gradient of cosine similarity as one product `out = A X` (`X`, `out` `[n, d]`):
    /// with `c_ij = w_ij + w_ji` and `u_i = 1/‖x_i‖`,
    ///
    ///     A_ij = c_ij u_i u_j  (i ≠ j),    A_ii = −u_i² Σ_{j≠i} c_ij S_ij
    ///
    /// (``CosineSimilarity/embeddingGradient(pairWeights:forward:)`` derives it). `A` is built in
    /// one pass over the upper triangle, in 8-row bands so the transposed reads stay in cache
    /// lines already loaded. The product is dense, or row by row over the non-zero coefficients
    /// when fewer than ``sparseShare(_:)`` of them are non-zero (a loss whose hinges are mostly
    /// met: contrastive on a random batch keeps ~6 % of its pairs). Every entry is summed in
    /// increasing `j` either way (a zero coefficient adds an exact `+0` to a finite sum), so the
    /// choice never changes a bit; rows with a non-finite norm always take the dense product, so a
    /// NaN or infinite embedding shows in the result. `scratch` holds ``cosineBackwardScratch(rows:)`` entries.
    public static func cosineBackward(_ w: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                                      similarity s: UnsafePointer<Double>, norms: UnsafePointer<Double>,
                                      rows n: Int, columns d: Int, into out: UnsafeMutablePointer<Double>,
                                      scratch: UnsafeMutablePointer<Double>, build: KernelBuild? = nil) {
        guard n > 0 else { return }
        let a = scratch, inverse = scratch + n * n, radial = inverse + n, rowScratch = radial + n
        var finite = true
        for i in 0..<n {
            inverse[i] = 1 / norms[i]
            radial[i] = 0
            finite = finite && norms[i].isFinite
        }
        var nonZero = 0
        let band = 8
        for i0 in stride(from: 0, to: n, by: band) {
            for j in i0..<n {
                for i in i0..<min(i0 + band, j) {                       // i < j
                    let c = w[i * n + j] + w[j * n + i]
                    var v = 0.0
                    if c != 0 {                                          // (a NaN weight goes through)
                        let t = c * s[i * n + j]
                        radial[i] += t
                        radial[j] += t
                        v = c * (inverse[i] * inverse[j])
                        nonZero &+= 2
                    }
                    a[i * n + j] = v
                    a[j * n + i] = v
                }
            }
        }
        for i in 0..<n {
            let v = -radial[i] * (inverse[i] * inverse[i])
            a[i * n + i] = v
            nonZero &+= v != 0 ? 1 : 0
        }
        // A non-finite row takes the dense product, where 0 · NaN = NaN carries it to the result
        // as the step-by-step pipeline does (skipping zeros could drop it).
        if finite && Double(nonZero) < sparseShare(build ?? Kernels.active) * Double(n * n) {
            withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { partners in
                Kernels.multiplySparseRows(rows: n, columns: d, depth: n, a: a, b: x, c: out,
                                           partners: partners.baseAddress!, coefficients: rowScratch, build: build)
            }
        } else {
            Kernels.multiply(rows: n, columns: d, depth: n, a: a, aRowStride: n, aColumnStride: 1,
                             b: x, bRowStride: d, bColumnStride: 1, c: out, cRowStride: d, accumulate: false, build: build)
        }
    }

    /// Below this share of non-zero coefficients, ``cosineBackward(_:_:similarity:norms:rows:columns:into:scratch:build:)``
    /// skips zeros instead of running the dense product. From the rates `gpw bench` measures here
    /// (`[80, 80] × [80, 512]`): the AVX2 tile does ~21 GMAC/s dense against ~8.4 skipping zeros,
    /// a crossover near 40 % non-zero; the portable tile ~8.3 against ~7.5, near 80 %; the
    /// AVX-512 tile ~44-48 against ~10-13, near 22 %.
    public static func sparseShare(_ build: KernelBuild) -> Double {
        switch build {
        case .portable: 0.8
        case .avx2: 0.4
        case .avx512: 0.2
        }
    }

    /// `C = A B` for row-major `A` `[n, k]`, `B` `[k, m]`, `C` `[n, m]` (overwritten). Each entry is
    /// summed over `p` in increasing order from 0: the textbook loop bit for bit on the portable
    /// build, the same order with fused multiply-adds on the AVX2 and AVX-512 builds.
    public static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                n: Int, k: Int, m: Int, build: KernelBuild? = nil) {
        Kernels.multiply(rows: n, columns: m, depth: k, a: a, aRowStride: k, aColumnStride: 1,
                         b: b, bRowStride: m, bColumnStride: 1, c: c, cRowStride: m, accumulate: false, build: build)
    }
}
