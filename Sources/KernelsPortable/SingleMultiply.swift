/// Single-precision `C ← (accumulate ? C : 0) + A B` for strided operands: the three products of
/// a linear layer in the float32 training step (`X W`, `G Wᵀ`, `Xᵀ G`).
///
/// Three builds of this source: portable (a 6 × 8 tile, a multiply then an add), AVX2 (`GPW_FMA`:
/// 6 × 16, two 8-lane fused multiply-adds per row and step) and AVX-512 (`GPW_AVX512`: 6 × 32, two
/// 16-lane ones); the two FMA builds give the same bits.
///
/// Sized for training batches (rows and widths of a few hundred): no blocking of the shared
/// index, and no packing of `A` — the tile broadcasts `A`'s entries straight from memory through
/// its two strides (a row-major `X`, a transposed `Xᵀ` alike). `B` is read in place when its
/// columns are adjacent (`X W`, `Xᵀ G`); otherwise (`Wᵀ`) each sliver of ``singleTileColumns``
/// columns is packed `p`-major into the caller's scratch first. The tile is ``singleTileRows`` ×
/// ``singleTileColumns`` (the last rows of an even count in tiles of 4, any rest row by row);
/// columns past the last whole sliver run the tile on a zero-padded copy.
///
/// Every entry is summed over the shared index in increasing order, starting from 0 (or from the
/// old `C` with `accumulate`): in the portable build a multiply then an add per step (the
/// textbook float loop bit for bit), in the AVX2 build one fused multiply-add.

/// Rows of the single-precision tile.
public let singleTileRows = 6

#if GPW_AVX512
/// Columns of the single-precision tile: two 16-lane vectors per row, twelve accumulators out
/// of thirty-two 512-bit registers.
public let singleTileColumns = 32
#elseif GPW_FMA
/// Columns of the single-precision tile: two 8-lane vectors per row, twelve accumulators out
/// of sixteen 256-bit registers.
public let singleTileColumns = 16
#else
/// Columns of the single-precision tile: one 8-lane vector (two SSE registers) per row, twelve
/// 128-bit accumulators out of sixteen.
public let singleTileColumns = 8
#endif

/// The largest ``singleTileColumns`` of the three builds (scratch sizes are shared).
public let singleTileColumnsMaximum = 32

/// Scratch floats ``singleMultiply(rows:columns:depth:a:aRowStride:aColumnStride:b:bRowStride:bColumnStride:c:cRowStride:accumulate:upperTriangleOnly:scratch:)``
/// needs for a shared index of `depth` (any build): a packed sliver of `B` and an edge tile.
public func singleMultiplyScratch(depth k: Int) -> Int {
    (k + singleTileRows) * singleTileColumnsMaximum
}

/// `C ← (accumulate ? C : 0) + A B` for `A` `[m, k]`, `B` `[k, n]`, `C` `[m, n]` in single
/// precision, where entry `(r, c)` of `A` is `a[r · aRowStride + c · aColumnStride]` (likewise
/// `B`), and `C`'s rows are `cRowStride` apart (its columns adjacent). `scratch` holds
/// ``singleMultiplyScratch(depth:)`` floats (uninitialised is fine). `m`, `n`, `k` may be 0.
///
/// `upperTriangleOnly`: only tiles holding some entry with column ≥ row are computed (for a
/// symmetric result the caller mirrors them); entries strictly below the diagonal are then
/// unspecified.
public func singleMultiply(rows m: Int, columns n: Int, depth k: Int,
                           a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
                           b: UnsafePointer<Float>, bRowStride: Int, bColumnStride: Int,
                           c: UnsafeMutablePointer<Float>, cRowStride: Int,
                           accumulate: Bool, upperTriangleOnly: Bool = false, scratch: UnsafeMutablePointer<Float>) {
    guard m > 0 && n > 0 else { return }
    if k == 0 {
        if !accumulate { for i in 0..<m { (c + i * cRowStride).update(repeating: 0, count: n) } }
        return
    }
    let nr = singleTileColumns
    let packed = scratch, edge = scratch + k * singleTileColumnsMaximum
    // Row slivers: `tall` of 6, then `short` of 4 (80 = 12 · 6 + 2 · 4), then single rows.
    var tall = m / singleTileRows, rest = m % singleTileRows, short = 0
    if rest >= 4 { short = 1; rest -= 4 } else if rest == 2 && tall > 0 { tall -= 1; short = 2; rest = 0 }
    for j0 in stride(from: 0, to: n, by: nr) {
        let width = min(nr, n - j0)
        let direct = width == nr && bColumnStride == 1
        if !direct {
            // Pack columns j0 ..< j0 + width of B p-major, zero-padded to nr columns.
            var l0 = 0
            if bRowStride == 1 {
                // Each column contiguous in p (a transposed row-major W): 8 × 8 blocks transposed
                // in registers.
                while l0 + 8 <= width {
                    var p = 0
                    while p + 8 <= k {
                        transpose8(b + (j0 + l0) * bColumnStride + p, stride: bColumnStride, into: packed + p * nr + l0, stride: nr)
                        p += 8
                    }
                    while p < k {
                        for l in l0..<(l0 + 8) { packed[p * nr + l] = b[(j0 + l) * bColumnStride + p] }
                        p += 1
                    }
                    l0 += 8
                }
            }
            for l in l0..<width {
                let line = b + (j0 + l) * bColumnStride
                for p in 0..<k { packed[p * nr + l] = line[p * bRowStride] }
            }
            if width < nr { for p in 0..<k { for l in width..<nr { packed[p * nr + l] = 0 } } }
        }
        // (Constants, not variables, so the nested function captures no box: a captured `var`
        // costs an exclusivity check per call.)
        let bp = direct ? b + j0 * bColumnStride : UnsafePointer(packed), bs = direct ? bRowStride : nr
        @inline(__always) func run(_ rows: Int, _ i0: Int) {
            let ai = a + i0 * aRowStride, ci = c + i0 * cRowStride + j0
            if width == nr {
                singleTile(rows: rows, depth: k, ai, aRowStride, aColumnStride, bp, bs, ci, cRowStride, load: accumulate)
            } else {
                // A partial sliver: the full tile on a copy, keeping the columns that exist.
                for r in 0..<rows {
                    for q in 0..<nr { edge[r * nr + q] = accumulate && q < width ? ci[r * cRowStride + q] : 0 }
                }
                singleTile(rows: rows, depth: k, ai, aRowStride, aColumnStride, bp, bs, edge, nr, load: accumulate)
                for r in 0..<rows { for q in 0..<width { ci[r * cRowStride + q] = edge[r * nr + q] } }
            }
        }
        // With `upperTriangleOnly`, the row slivers stop at the first one wholly below the diagonal
        // of this column sliver (every later one is lower still).
        let lastRow = upperTriangleOnly ? j0 + width - 1 : m
        var i0 = 0
        for _ in 0..<tall where i0 <= lastRow { run(6, i0); i0 += 6 }
        for _ in 0..<short where i0 <= lastRow { run(4, i0); i0 += 4 }
        for _ in 0..<rest where i0 <= lastRow { run(1, i0); i0 += 1 }
    }
}

/// `out[q · outStride + l] = source[l · stride + q]` for `l, q < 8`: an 8 × 8 block transposed
/// by three rounds of a perfect unshuffle of its 64 entries (each round rotates the six bits of
/// an entry's index `8l + q` by one, three rounds swap `l` and `q`).
@inline(__always)
func transpose8(_ source: UnsafePointer<Float>, stride: Int, into out: UnsafeMutablePointer<Float>, stride outStride: Int) {
    var r0 = load8(source), r1 = load8(source + stride), r2 = load8(source + 2 * stride), r3 = load8(source + 3 * stride)
    var r4 = load8(source + 4 * stride), r5 = load8(source + 5 * stride), r6 = load8(source + 6 * stride), r7 = load8(source + 7 * stride)
    for _ in 0..<3 {
        let e0 = SIMD8(lowHalf: r0.evenHalf, highHalf: r1.evenHalf), e1 = SIMD8(lowHalf: r2.evenHalf, highHalf: r3.evenHalf)
        let e2 = SIMD8(lowHalf: r4.evenHalf, highHalf: r5.evenHalf), e3 = SIMD8(lowHalf: r6.evenHalf, highHalf: r7.evenHalf)
        let o0 = SIMD8(lowHalf: r0.oddHalf, highHalf: r1.oddHalf), o1 = SIMD8(lowHalf: r2.oddHalf, highHalf: r3.oddHalf)
        let o2 = SIMD8(lowHalf: r4.oddHalf, highHalf: r5.oddHalf), o3 = SIMD8(lowHalf: r6.oddHalf, highHalf: r7.oddHalf)
        (r0, r1, r2, r3, r4, r5, r6, r7) = (e0, e1, e2, e3, o0, o1, o2, o3)
    }
    store8(r0, out); store8(r1, out + outStride); store8(r2, out + 2 * outStride); store8(r3, out + 3 * outStride)
    store8(r4, out + 4 * outStride); store8(r5, out + 5 * outStride); store8(r6, out + 6 * outStride); store8(r7, out + 7 * outStride)
}

/// `C[0..<rows, 0..<NR] ← (load ? C : 0) + Σ_{p<depth} A[·, p] ⊗ B[p, ·]` with `A`'s row `r`,
/// step `p` at `a[r · rs + p · ps]`, `B`'s step `p` at `b[p · bs ..< p · bs + NR]`, `C`'s rows
/// `ldc` apart; `rows` is 6, 4 or 1 (a constant once inlined, so the unused accumulators vanish).
@inline(__always)
func singleTile(rows: Int, depth: Int, _ a: UnsafePointer<Float>, _ rs: Int, _ ps: Int,
                _ b: UnsafePointer<Float>, _ bs: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, load: Bool) {
    let a0 = a, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs
    let r0 = c, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc
    #if GPW_AVX512
    var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c10 = SIMD16<Float>(), c11 = SIMD16<Float>()
    var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c30 = SIMD16<Float>(), c31 = SIMD16<Float>()
    var c40 = SIMD16<Float>(), c41 = SIMD16<Float>(), c50 = SIMD16<Float>(), c51 = SIMD16<Float>()
    if load {
        c00 = load16(r0); c01 = load16(r0 + 16)
        if rows > 1 { c10 = load16(r1); c11 = load16(r1 + 16); c20 = load16(r2); c21 = load16(r2 + 16); c30 = load16(r3); c31 = load16(r3 + 16) }
        if rows > 4 { c40 = load16(r4); c41 = load16(r4 + 16); c50 = load16(r5); c51 = load16(r5 + 16) }
    }
    var q = 0, bq = b
    for _ in 0..<depth {
        let b0 = load16(bq), b1 = load16(bq + 16)
        var x = SIMD16(repeating: a0[q]); madd16(&c00, x, b0); madd16(&c01, x, b1)
        if rows > 1 {
            x = SIMD16(repeating: a1[q]); madd16(&c10, x, b0); madd16(&c11, x, b1)
            x = SIMD16(repeating: a2[q]); madd16(&c20, x, b0); madd16(&c21, x, b1)
            x = SIMD16(repeating: a3[q]); madd16(&c30, x, b0); madd16(&c31, x, b1)
        }
        if rows > 4 {
            x = SIMD16(repeating: a4[q]); madd16(&c40, x, b0); madd16(&c41, x, b1)
            x = SIMD16(repeating: a5[q]); madd16(&c50, x, b0); madd16(&c51, x, b1)
        }
        q += ps
        bq += bs
    }
    store16(c00, r0); store16(c01, r0 + 16)
    if rows > 1 { store16(c10, r1); store16(c11, r1 + 16); store16(c20, r2); store16(c21, r2 + 16); store16(c30, r3); store16(c31, r3 + 16) }
    if rows > 4 { store16(c40, r4); store16(c41, r4 + 16); store16(c50, r5); store16(c51, r5 + 16) }
    #elseif GPW_FMA
    var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
    var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
    var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
    if load {
        c00 = load8(r0); c01 = load8(r0 + 8)
        if rows > 1 { c10 = load8(r1); c11 = load8(r1 + 8); c20 = load8(r2); c21 = load8(r2 + 8); c30 = load8(r3); c31 = load8(r3 + 8) }
        if rows > 4 { c40 = load8(r4); c41 = load8(r4 + 8); c50 = load8(r5); c51 = load8(r5 + 8) }
    }
    var q = 0, bq = b
    for _ in 0..<depth {
        let b0 = load8(bq), b1 = load8(bq + 8)
        var x = SIMD8(repeating: a0[q]); madd8(&c00, x, b0); madd8(&c01, x, b1)
        if rows > 1 {
            x = SIMD8(repeating: a1[q]); madd8(&c10, x, b0); madd8(&c11, x, b1)
            x = SIMD8(repeating: a2[q]); madd8(&c20, x, b0); madd8(&c21, x, b1)
            x = SIMD8(repeating: a3[q]); madd8(&c30, x, b0); madd8(&c31, x, b1)
        }
        if rows > 4 {
            x = SIMD8(repeating: a4[q]); madd8(&c40, x, b0); madd8(&c41, x, b1)
            x = SIMD8(repeating: a5[q]); madd8(&c50, x, b0); madd8(&c51, x, b1)
        }
        q += ps
        bq += bs
    }
    store8(c00, r0); store8(c01, r0 + 8)
    if rows > 1 { store8(c10, r1); store8(c11, r1 + 8); store8(c20, r2); store8(c21, r2 + 8); store8(c30, r3); store8(c31, r3 + 8) }
    if rows > 4 { store8(c40, r4); store8(c41, r4 + 8); store8(c50, r5); store8(c51, r5 + 8) }
    #else
    var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>()
    var c3 = SIMD8<Float>(), c4 = SIMD8<Float>(), c5 = SIMD8<Float>()
    if load {
        c0 = load8(r0)
        if rows > 1 { c1 = load8(r1); c2 = load8(r2); c3 = load8(r3) }
        if rows > 4 { c4 = load8(r4); c5 = load8(r5) }
    }
    var q = 0, bq = b
    for _ in 0..<depth {
        let y = load8(bq)
        madd8(&c0, SIMD8(repeating: a0[q]), y)
        if rows > 1 {
            madd8(&c1, SIMD8(repeating: a1[q]), y)
            madd8(&c2, SIMD8(repeating: a2[q]), y)
            madd8(&c3, SIMD8(repeating: a3[q]), y)
        }
        if rows > 4 {
            madd8(&c4, SIMD8(repeating: a4[q]), y)
            madd8(&c5, SIMD8(repeating: a5[q]), y)
        }
        q += ps
        bq += bs
    }
    store8(c0, r0)
    if rows > 1 { store8(c1, r1); store8(c2, r2); store8(c3, r3) }
    if rows > 4 { store8(c4, r4); store8(c5, r5) }
    #endif
}
