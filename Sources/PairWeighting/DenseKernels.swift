/// The dense loops behind the engine's and the network's cost, written for speed: the Gram
/// matrix `S = F Fᵀ`, the row combination `(W + Wᵀ) F`, and the matrix products of the MLP's
/// layers. Each has a plain twin that reads like the formula (``CosineSimilarity/plainSimilarity(_:)``,
/// ``CosineSimilarity/plainUnitGradient(pairWeights:unit:)``, MetricTraining's plain products);
/// the tests hold the two to the same numbers.
///
/// The products run on one blocked, packed matrix product with a register tile
/// (`KernelsPortable/Multiply.swift`), built twice: for any CPU, and for x86-64-v3 (AVX2 + FMA).
/// ``Kernels`` picks the build at run time. The row dot product here (`dot`) serves the
/// normalisation and the projection of the embedding gradient.
///
/// Public so that MetricTraining uses the same kernels; the pointers must cover the stated shapes.
public enum DenseKernels {
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
}

extension DenseKernels {
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

    /// `out = (W + Wᵀ) F` without its diagonal: `out_i = Σ_{j ≠ i} (w_ij + w_ji) f_j`, with `W`
    /// `[n, n]`, `F` and `out` `[n, d]`. The symmetric coefficients go to `coefficients`
    /// (scratch of `n · n + n`); then one matrix product, dense, or row by row over the non-zero
    /// coefficients when fewer than ``sparseShare(_:)`` of them are non-zero (a loss whose hinges are
    /// mostly met: contrastive on a random batch keeps ~6 % of its pairs). Every entry is summed
    /// in increasing `j` either way (a zero coefficient adds an exact `+0` to a finite sum), so the
    /// choice never changes a bit.
    public static func symmetricCombination(_ w: UnsafePointer<Double>, _ f: UnsafePointer<Double>, rows n: Int, columns d: Int,
                                            into out: UnsafeMutablePointer<Double>, coefficients: UnsafeMutablePointer<Double>,
                                            build: KernelBuild? = nil) {
        guard n > 0 else { return }
        // c_ij = c_ji = w_ij + w_ji (addition commutes exactly, so one sum serves both), over the
        // upper triangle in 8-row bands so the transposed reads stay in cache lines already loaded.
        var nonZero = 0
        let band = 8
        for i0 in stride(from: 0, to: n, by: band) {
            for j in i0..<n {
                for i in i0..<min(i0 + band, j + 1) {
                    let v = i == j ? 0 : w[i * n + j] + w[j * n + i]
                    coefficients[i * n + j] = v
                    coefficients[j * n + i] = v
                    nonZero &+= v != 0 ? (i == j ? 1 : 2) : 0
                }
            }
        }
        if Double(nonZero) < sparseShare(build ?? Kernels.active) * Double(n * n) {
            withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { partners in
                Kernels.multiplySparseRows(rows: n, columns: d, depth: n, a: coefficients, b: f, c: out,
                                           partners: partners.baseAddress!, coefficients: coefficients + n * n, build: build)
            }
        } else {
            Kernels.multiply(rows: n, columns: d, depth: n, a: coefficients, aRowStride: n, aColumnStride: 1,
                             b: f, bRowStride: d, bColumnStride: 1, c: out, cRowStride: d, accumulate: false, build: build)
        }
    }

    /// Below this share of non-zero coefficients, ``symmetricCombination(_:_:rows:columns:into:coefficients:build:)``
    /// skips zeros instead of running the dense product. From the rates `gpw bench` measures here
    /// (`[80, 80] × [80, 512]`): the AVX2 tile does ~21 GMAC/s dense against ~8.4 skipping zeros,
    /// a crossover near 40 % non-zero; the portable tile ~8.3 against ~7.5, near 90 %.
    public static func sparseShare(_ build: KernelBuild) -> Double {
        build == .portable ? 0.8 : 0.4
    }

    /// `C = A B` for row-major `A` `[n, k]`, `B` `[k, m]`, `C` `[n, m]` (overwritten). Each entry is
    /// summed over `p` in increasing order from 0: the textbook loop bit for bit on the portable
    /// build, the same order with fused multiply-adds on the AVX2 build.
    public static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                n: Int, k: Int, m: Int, build: KernelBuild? = nil) {
        Kernels.multiply(rows: n, columns: m, depth: k, a: a, aRowStride: k, aColumnStride: 1,
                         b: b, bRowStride: m, bColumnStride: 1, c: c, cRowStride: m, accumulate: false, build: build)
    }
}
