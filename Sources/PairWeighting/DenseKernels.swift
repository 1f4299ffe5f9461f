/// The dense loops behind the engine's and the network's cost, written for speed: the Gram
/// matrix `S = F Fᵀ`, the row combination `(W + Wᵀ) F`, and the matrix product of the MLP's layers. Each has
/// a plain twin that reads like the formula (``CosineSimilarity/plainSimilarity(_:)``,
/// ``CosineSimilarity/plainUnitGradient(pairWeights:unit:)``, MetricTraining's plain products);
/// the tests hold the two to the same numbers.
///
/// What makes them fast, in order of effect:
/// - **SIMD**: 4 doubles per operation (`SIMD4<Double>`), loaded straight from the row storage.
/// - **Register blocking**: a block of outputs stays in registers while the shared index runs,
///   so each load from memory feeds several multiply-adds.
/// - **Symmetry and sparsity**: `S` computes the upper triangle only; the product skips steps
///   whose coefficients are all 0.
///
/// No allocation happens inside the loops; callers pass the output storage. Public so that
/// MetricTraining's layers use the same kernels; the pointers must cover the stated shapes.
public enum DenseKernels {
    /// `Σ_k a[k] b[k]` over `count` entries, four lanes at a time.
    ///
    /// Summation order: lane `l` adds the products at `k ≡ l (mod 4)` (over the whole chunks),
    /// the lanes are then added as `(l0 + l1) + (l2 + l3)`, then the tail `k ≥ 4⌊count/4⌋` in order.
    /// ``dot4(_:_:_:_:_:count:)`` uses exactly this order for each of its rows.
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

    /// The four dot products `a_r · b` (r = 0…3) in one pass over `b`; each equals
    /// ``dot(_:_:count:)`` of the same pair bit for bit.
    @inlinable
    public static func dot4(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ a2: UnsafePointer<Double>,
                     _ a3: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> SIMD4<Double> {
        var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>(), c3 = SIMD4<Double>()
        let whole = count & ~3
        var k = 0
        while k < whole {
            let y = load4(b + k)
            c0 += load4(a0 + k) * y
            c1 += load4(a1 + k) * y
            c2 += load4(a2 + k) * y
            c3 += load4(a3 + k) * y
            k += 4
        }
        var s = SIMD4<Double>((c0[0] + c0[1]) + (c0[2] + c0[3]), (c1[0] + c1[1]) + (c1[2] + c1[3]),
                              (c2[0] + c2[1]) + (c2[2] + c2[3]), (c3[0] + c3[1]) + (c3[2] + c3[3]))
        while k < count {
            let y = b[k]
            s[0] += a0[k] * y
            s[1] += a1[k] * y
            s[2] += a2[k] * y
            s[3] += a3[k] * y
            k += 1
        }
        return s
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

    /// `out = F Fᵀ` for `F` `[n, d]` (row-major), `out` `[n, n]`: the upper triangle in blocks of
    /// four rows against one, mirrored into the lower. Every entry equals ``dot(_:_:count:)``.
    @inlinable
    public static func gram(_ f: UnsafePointer<Double>, rows n: Int, columns d: Int, into out: UnsafeMutablePointer<Double>) {
        var i = 0
        while i + 4 <= n {
            let a0 = f + i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d
            // The 4x4 diagonal block and everything to its right, four rows at a time.
            for j in i..<n {
                let s = dot4(a0, a1, a2, a3, f + j * d, count: d)
                for r in 0..<4 where i + r <= j {
                    out[(i + r) * n + j] = s[r]
                    out[j * n + i + r] = s[r]
                }
            }
            i += 4
        }
        while i < n {          // the last n mod 4 rows, one pair at a time
            for j in i..<n {
                let s = dot(f + i * d, f + j * d, count: d)
                out[i * n + j] = s
                out[j * n + i] = s
            }
            i += 1
        }
    }

    /// `out[i] += Σ_{j ≠ i} (w_ij + w_ji) f_j` for every row `i`: `(W + Wᵀ) F` with `W` `[n, n]`,
    /// `F` and `out` `[n, d]`. Partners with a zero coefficient are skipped; the others are added
    /// in increasing `j`, four per pass over the output row, each entry as
    /// `((g + c₀f₀) + c₁f₁) + …`, exactly the plain loop's sequence of roundings.
    /// `partners` and `coefficients` are scratch of `n` entries.
    ///
    /// (Measured alternatives that were no faster at N = 80, D = 512: two output rows per pass,
    /// column slices, and a register-blocked product — rows 4 KiB apart share L1 cache sets, so
    /// anything that keeps many rows in L1 thrashes it.)
    @inlinable
    public static func symmetricCombination(_ w: UnsafePointer<Double>, _ f: UnsafePointer<Double>, rows n: Int, columns d: Int,
                                            into out: UnsafeMutablePointer<Double>,
                                            partners: UnsafeMutablePointer<Int>, coefficients: UnsafeMutablePointer<Double>) {
        let whole = d & ~3
        for i in 0..<n {
            var m = 0
            for j in 0..<n where j != i {
                let c = w[i * n + j] + w[j * n + i]
                if c == 0 { continue }
                partners[m] = j
                coefficients[m] = c
                m += 1
            }
            let g = out + i * d
            var p = 0
            while p + 4 <= m {
                let f0 = f + partners[p] * d, f1 = f + partners[p + 1] * d
                let f2 = f + partners[p + 2] * d, f3 = f + partners[p + 3] * d
                let c0 = coefficients[p], c1 = coefficients[p + 1], c2 = coefficients[p + 2], c3 = coefficients[p + 3]
                let v0 = SIMD4(repeating: c0), v1 = SIMD4(repeating: c1), v2 = SIMD4(repeating: c2), v3 = SIMD4(repeating: c3)
                var k = 0
                while k < whole {
                    var acc = load4(g + k)
                    acc += v0 * load4(f0 + k)
                    acc += v1 * load4(f1 + k)
                    acc += v2 * load4(f2 + k)
                    acc += v3 * load4(f3 + k)
                    store4(acc, g + k)
                    k += 4
                }
                while k < d {
                    g[k] = (((g[k] + c0 * f0[k]) + c1 * f1[k]) + c2 * f2[k]) + c3 * f3[k]
                    k += 1
                }
                p += 4
            }
            while p < m {
                let fj = f + partners[p] * d, c = coefficients[p]
                let v = SIMD4(repeating: c)
                var k = 0
                while k < whole {
                    store4(load4(g + k) + v * load4(fj + k), g + k)
                    k += 4
                }
                while k < d {
                    g[k] += c * fj[k]
                    k += 1
                }
                p += 1
            }
        }
    }

    /// `C = A B` for row-major `A` `[n, k]`, `B` `[k, m]`, `C` `[n, m]` (overwritten): the matrix
    /// product behind `(W + Wᵀ) F` and every layer of the MLP.
    ///
    /// Each entry is summed exactly like the textbook loop `c_ij = 0; for p in 0..<k { c_ij += a_ip b_pj }`
    /// (same terms, same order, no fused multiply-add), so for finite inputs it is that loop's
    /// result bit for bit. The speed comes from keeping a 4 × 4 block of `C` in registers while
    /// `p` runs: each `b_p` load feeds four rows, each `a_ip` four columns. Zero coefficients are
    /// not skipped (adding `0 · b` leaves a finite sum unchanged).
    @inlinable
    public static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                n: Int, k: Int, m: Int) {
        let panels = m / 4
        // Pack B's whole 4-column panels contiguously (panel t, row p at packed[(t k + p) 4]):
        // the block loop then reads B sequentially instead of striding by m, which for m = 512
        // doubles (4 KiB) would map every row to the same L1 cache set.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(panels * k * 4, 1)) { packed in
            guard let packed = packed.baseAddress else { return }
            for t in 0..<panels {
                for p in 0..<k { store4(load4(b + p * m + 4 * t), packed + (t * k + p) * 4) }
            }
            multiplyPacked(a, packed, b, into: c, n: n, k: k, m: m)
        }
    }

    /// ``multiply(_:_:into:n:k:m:)`` with B's whole panels already packed (`packed`), B itself
    /// for the last `m mod 4` columns.
    @inlinable
    static func multiplyPacked(_ a: UnsafePointer<Double>, _ packed: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                               into c: UnsafeMutablePointer<Double>, n: Int, k: Int, m: Int) {
        let wholeColumns = m & ~3
        var i = 0
        while i + 4 <= n {
            let a0 = a + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
            var j = 0
            while j < wholeColumns {                        // a 4 x 4 block of C in registers
                let panel = packed + j * k                  // (j / 4) · k · 4
                var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>(), c3 = SIMD4<Double>()
                for p in 0..<k {
                    let x0 = a0[p], x1 = a1[p], x2 = a2[p], x3 = a3[p]
                    let y = load4(panel + p * 4)
                    c0 += SIMD4(repeating: x0) * y
                    c1 += SIMD4(repeating: x1) * y
                    c2 += SIMD4(repeating: x2) * y
                    c3 += SIMD4(repeating: x3) * y
                }
                store4(c0, c + i * m + j)
                store4(c1, c + (i + 1) * m + j)
                store4(c2, c + (i + 2) * m + j)
                store4(c3, c + (i + 3) * m + j)
                j += 4
            }
            while j < m {                                   // the last m mod 4 columns
                var c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0
                for p in 0..<k {
                    let y = b[p * m + j]
                    c0 += a0[p] * y
                    c1 += a1[p] * y
                    c2 += a2[p] * y
                    c3 += a3[p] * y
                }
                c[i * m + j] = c0
                c[(i + 1) * m + j] = c1
                c[(i + 2) * m + j] = c2
                c[(i + 3) * m + j] = c3
                j += 1
            }
            i += 4
        }
        while i < n {                                       // the last n mod 4 rows, one at a time
            let ai = a + i * k
            var j = 0
            while j < wholeColumns {
                let panel = packed + j * k
                var acc = SIMD4<Double>()
                for p in 0..<k { acc += SIMD4(repeating: ai[p]) * load4(panel + p * 4) }
                store4(acc, c + i * m + j)
                j += 4
            }
            while j < m {
                var acc = 0.0
                for p in 0..<k { acc += ai[p] * b[p * m + j] }
                c[i * m + j] = acc
                j += 1
            }
            i += 1
        }
    }
}
