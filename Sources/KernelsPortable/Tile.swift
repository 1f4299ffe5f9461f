/// The register tile: `MR × NR` entries of `C` held in SIMD registers while the shared index runs
/// over a packed sliver of `A` (`MR` values per step) and of `B` (`NR` values per step).
///
/// Three builds of this one source (DECISIONS.md, "Builds of the kernels"):
/// - `KernelsPortable` (any CPU; SSE2 on x86-64): a 6 × 4 tile, twelve 2-lane accumulators out
///   of sixteen registers (8 % faster than 4 × 4 here), a multiply and an add per step, so every
///   entry is rounded exactly as the textbook loop `c += a·b` rounds it.
/// - `KernelsAVX2` (`GPW_FMA`, compiled for Haswell-class CPUs and chosen at run time): a 6 × 8
///   tile, twelve 4-lane accumulators out of sixteen registers, one fused multiply-add per
///   four products: ~90 % of the two FMA pipes' peak on this machine.
/// - `KernelsAVX512` (`GPW_AVX512` as well, compiled for Skylake-SP-class CPUs): an 8 × 16 tile,
///   sixteen 8-lane accumulators out of thirty-two registers (77–82 % of the measured peak on
///   `[80, 80] × [80, 512]`, against 74–81 % for 6 × 16), the same sums in the same order with
///   the same roundings as `KernelsAVX2`, so the two give the same bits.
///
/// Per step the tile loads `NR` values of `B` once and broadcasts each of the `MR` values of `A`
/// once, so each load feeds `NR/4` (resp. `MR`) multiply-adds.

/// Rows of the short tile, for the last rows of an even row count.
public let shortTileRows = 4

#if GPW_AVX512
/// Rows of the tile.
public let tileRows = 8
/// Columns of the tile.
public let tileColumns = 16
#elseif GPW_FMA
/// Rows of the tile.
public let tileRows = 6
/// Columns of the tile.
public let tileColumns = 8
#else
/// Rows of the tile.
public let tileRows = 6
/// Columns of the tile.
public let tileColumns = 4
#endif

/// `C[0..<MR, 0..<NR] ← (load ? C : 0) + Σ_{p<depth} A_p ⊗ B_p` where `A_p` is
/// `a[p·MR ..< (p+1)·MR]` and `B_p` is `b[p·NR ..< (p+1)·NR]`; `C`'s rows are `stride` apart.
/// The sum runs over `p` in increasing order for every entry.
@inline(__always)
func tile(depth: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
          _ c: UnsafeMutablePointer<Double>, stride ldc: Int, load: Bool) {
    #if GPW_AVX512
    var c00 = SIMD8<Double>(), c01 = SIMD8<Double>(), c10 = SIMD8<Double>(), c11 = SIMD8<Double>()
    var c20 = SIMD8<Double>(), c21 = SIMD8<Double>(), c30 = SIMD8<Double>(), c31 = SIMD8<Double>()
    var c40 = SIMD8<Double>(), c41 = SIMD8<Double>(), c50 = SIMD8<Double>(), c51 = SIMD8<Double>()
    var c60 = SIMD8<Double>(), c61 = SIMD8<Double>(), c70 = SIMD8<Double>(), c71 = SIMD8<Double>()
    let r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc
    if load {
        c00 = load8(c); c01 = load8(c + 8); c10 = load8(r1); c11 = load8(r1 + 8)
        c20 = load8(r2); c21 = load8(r2 + 8); c30 = load8(r3); c31 = load8(r3 + 8)
        c40 = load8(r4); c41 = load8(r4 + 8); c50 = load8(r5); c51 = load8(r5 + 8)
        c60 = load8(r6); c61 = load8(r6 + 8); c70 = load8(r7); c71 = load8(r7 + 8)
    }
    var a = a, b = b
    for _ in 0..<depth {
        let b0 = load8(b), b1 = load8(b + 8)
        var x = SIMD8(repeating: a[0]); madd(&c00, x, b0); madd(&c01, x, b1)
        x = SIMD8(repeating: a[1]); madd(&c10, x, b0); madd(&c11, x, b1)
        x = SIMD8(repeating: a[2]); madd(&c20, x, b0); madd(&c21, x, b1)
        x = SIMD8(repeating: a[3]); madd(&c30, x, b0); madd(&c31, x, b1)
        x = SIMD8(repeating: a[4]); madd(&c40, x, b0); madd(&c41, x, b1)
        x = SIMD8(repeating: a[5]); madd(&c50, x, b0); madd(&c51, x, b1)
        x = SIMD8(repeating: a[6]); madd(&c60, x, b0); madd(&c61, x, b1)
        x = SIMD8(repeating: a[7]); madd(&c70, x, b0); madd(&c71, x, b1)
        a += 8
        b += 16
    }
    store8(c00, c); store8(c01, c + 8); store8(c10, r1); store8(c11, r1 + 8)
    store8(c20, r2); store8(c21, r2 + 8); store8(c30, r3); store8(c31, r3 + 8)
    store8(c40, r4); store8(c41, r4 + 8); store8(c50, r5); store8(c51, r5 + 8)
    store8(c60, r6); store8(c61, r6 + 8); store8(c70, r7); store8(c71, r7 + 8)
    #elseif GPW_FMA
    var c00 = SIMD4<Double>(), c01 = SIMD4<Double>(), c10 = SIMD4<Double>(), c11 = SIMD4<Double>()
    var c20 = SIMD4<Double>(), c21 = SIMD4<Double>(), c30 = SIMD4<Double>(), c31 = SIMD4<Double>()
    var c40 = SIMD4<Double>(), c41 = SIMD4<Double>(), c50 = SIMD4<Double>(), c51 = SIMD4<Double>()
    let r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc
    if load {
        c00 = load4(c); c01 = load4(c + 4); c10 = load4(r1); c11 = load4(r1 + 4)
        c20 = load4(r2); c21 = load4(r2 + 4); c30 = load4(r3); c31 = load4(r3 + 4)
        c40 = load4(r4); c41 = load4(r4 + 4); c50 = load4(r5); c51 = load4(r5 + 4)
    }
    var a = a, b = b
    for _ in 0..<depth {
        let b0 = load4(b), b1 = load4(b + 4)
        var x = SIMD4(repeating: a[0]); madd(&c00, x, b0); madd(&c01, x, b1)
        x = SIMD4(repeating: a[1]); madd(&c10, x, b0); madd(&c11, x, b1)
        x = SIMD4(repeating: a[2]); madd(&c20, x, b0); madd(&c21, x, b1)
        x = SIMD4(repeating: a[3]); madd(&c30, x, b0); madd(&c31, x, b1)
        x = SIMD4(repeating: a[4]); madd(&c40, x, b0); madd(&c41, x, b1)
        x = SIMD4(repeating: a[5]); madd(&c50, x, b0); madd(&c51, x, b1)
        a += 6
        b += 8
    }
    store4(c00, c); store4(c01, c + 4); store4(c10, r1); store4(c11, r1 + 4)
    store4(c20, r2); store4(c21, r2 + 4); store4(c30, r3); store4(c31, r3 + 4)
    store4(c40, r4); store4(c41, r4 + 4); store4(c50, r5); store4(c51, r5 + 4)
    #else
    var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>()
    var c3 = SIMD4<Double>(), c4 = SIMD4<Double>(), c5 = SIMD4<Double>()
    let r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc
    if load { c0 = load4(c); c1 = load4(r1); c2 = load4(r2); c3 = load4(r3); c4 = load4(r4); c5 = load4(r5) }
    var a = a, b = b
    for _ in 0..<depth {
        let y = load4(b)
        madd(&c0, SIMD4(repeating: a[0]), y)
        madd(&c1, SIMD4(repeating: a[1]), y)
        madd(&c2, SIMD4(repeating: a[2]), y)
        madd(&c3, SIMD4(repeating: a[3]), y)
        madd(&c4, SIMD4(repeating: a[4]), y)
        madd(&c5, SIMD4(repeating: a[5]), y)
        a += 6
        b += 4
    }
    store4(c0, c); store4(c1, r1); store4(c2, r2); store4(c3, r3); store4(c4, r4); store4(c5, r5)
    #endif
}

/// ``tile(depth:_:_:_:stride:load:)`` with ``shortTileRows`` (4) rows: `a` holds 4 values per step.
@inline(__always)
func shortTile(depth: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
               _ c: UnsafeMutablePointer<Double>, stride ldc: Int, load: Bool) {
    #if GPW_AVX512
    var c00 = SIMD8<Double>(), c01 = SIMD8<Double>(), c10 = SIMD8<Double>(), c11 = SIMD8<Double>()
    var c20 = SIMD8<Double>(), c21 = SIMD8<Double>(), c30 = SIMD8<Double>(), c31 = SIMD8<Double>()
    let r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc
    if load {
        c00 = load8(c); c01 = load8(c + 8); c10 = load8(r1); c11 = load8(r1 + 8)
        c20 = load8(r2); c21 = load8(r2 + 8); c30 = load8(r3); c31 = load8(r3 + 8)
    }
    var a = a, b = b
    for _ in 0..<depth {
        let b0 = load8(b), b1 = load8(b + 8)
        var x = SIMD8(repeating: a[0]); madd(&c00, x, b0); madd(&c01, x, b1)
        x = SIMD8(repeating: a[1]); madd(&c10, x, b0); madd(&c11, x, b1)
        x = SIMD8(repeating: a[2]); madd(&c20, x, b0); madd(&c21, x, b1)
        x = SIMD8(repeating: a[3]); madd(&c30, x, b0); madd(&c31, x, b1)
        a += 4
        b += 16
    }
    store8(c00, c); store8(c01, c + 8); store8(c10, r1); store8(c11, r1 + 8)
    store8(c20, r2); store8(c21, r2 + 8); store8(c30, r3); store8(c31, r3 + 8)
    #elseif GPW_FMA
    var c00 = SIMD4<Double>(), c01 = SIMD4<Double>(), c10 = SIMD4<Double>(), c11 = SIMD4<Double>()
    var c20 = SIMD4<Double>(), c21 = SIMD4<Double>(), c30 = SIMD4<Double>(), c31 = SIMD4<Double>()
    let r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc
    if load {
        c00 = load4(c); c01 = load4(c + 4); c10 = load4(r1); c11 = load4(r1 + 4)
        c20 = load4(r2); c21 = load4(r2 + 4); c30 = load4(r3); c31 = load4(r3 + 4)
    }
    var a = a, b = b
    for _ in 0..<depth {
        let b0 = load4(b), b1 = load4(b + 4)
        var x = SIMD4(repeating: a[0]); madd(&c00, x, b0); madd(&c01, x, b1)
        x = SIMD4(repeating: a[1]); madd(&c10, x, b0); madd(&c11, x, b1)
        x = SIMD4(repeating: a[2]); madd(&c20, x, b0); madd(&c21, x, b1)
        x = SIMD4(repeating: a[3]); madd(&c30, x, b0); madd(&c31, x, b1)
        a += 4
        b += 8
    }
    store4(c00, c); store4(c01, c + 4); store4(c10, r1); store4(c11, r1 + 4)
    store4(c20, r2); store4(c21, r2 + 4); store4(c30, r3); store4(c31, r3 + 4)
    #else
    var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>(), c3 = SIMD4<Double>()
    let r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc
    if load { c0 = load4(c); c1 = load4(r1); c2 = load4(r2); c3 = load4(r3) }
    var a = a, b = b
    for _ in 0..<depth {
        let y = load4(b)
        madd(&c0, SIMD4(repeating: a[0]), y)
        madd(&c1, SIMD4(repeating: a[1]), y)
        madd(&c2, SIMD4(repeating: a[2]), y)
        madd(&c3, SIMD4(repeating: a[3]), y)
        a += 4
        b += 4
    }
    store4(c0, c); store4(c1, r1); store4(c2, r2); store4(c3, r3)
    #endif
}
