/// Single-precision kernels for the like-for-like comparison with pytorch-metric-learning, which
/// computes in float32 (DECISIONS.md, "precision"). Eight lanes of `Float`; in the AVX2 build
/// (`GPW_FMA`) each step is one fused multiply-add, in the portable build a multiply then an add.
/// Nothing in gpw's reference checks or `gpw weights` uses them: those stay in double.

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

@inline(__always)
func madd8(_ c: inout SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) {
    #if GPW_FMA
    c = c.addingProduct(a, b)
    #else
    c += a * b
    #endif
}

/// `G[i][j] = x_i · x_j` for the rows of `x` (`[n, d]`, row-major), written to `g` (`[n, n]`),
/// exactly symmetric (each pair is summed once and mirrored). Two rows `i` against four rows `j`
/// at a time (eight independent accumulators, enough to hide the multiply-add latency; six loads
/// feed eight multiply-adds), eight columns per step; leftover rows go one against four or one
/// against one, and the columns past the last multiple of eight are added one by one, in order.
public func singleGram(_ x: UnsafePointer<Float>, rows n: Int, columns d: Int, into g: UnsafeMutablePointer<Float>) {
    let whole = d - d % 8
    @inline(__always) func tail(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Float {
        var s: Float = 0
        var k = whole
        while k < d { s += a[k] * b[k]; k += 1 }
        return s
    }
    @inline(__always) func put(_ i: Int, _ j: Int, _ value: Float) {
        g[i * n + j] = value
        g[j * n + i] = value
    }
    /// Rows `i` (and `i + 1` when `two`) against rows `j ..< j + 4`.
    @inline(__always) func block(_ i: Int, _ two: Bool, _ j: Int) {
        let a0 = x + i * d, a1 = a0 + d
        let b0 = x + j * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d
        var s00 = SIMD8<Float>(), s01 = SIMD8<Float>(), s02 = SIMD8<Float>(), s03 = SIMD8<Float>()
        var s10 = SIMD8<Float>(), s11 = SIMD8<Float>(), s12 = SIMD8<Float>(), s13 = SIMD8<Float>()
        var k = 0
        while k < whole {
            let u0 = load8(b0 + k), u1 = load8(b1 + k), u2 = load8(b2 + k), u3 = load8(b3 + k)
            let v = load8(a0 + k)
            madd8(&s00, v, u0); madd8(&s01, v, u1); madd8(&s02, v, u2); madd8(&s03, v, u3)
            if two {
                let w = load8(a1 + k)
                madd8(&s10, w, u0); madd8(&s11, w, u1); madd8(&s12, w, u2); madd8(&s13, w, u3)
            }
            k += 8
        }
        put(i, j, s00.sum() + tail(a0, b0)); put(i, j + 1, s01.sum() + tail(a0, b1))
        put(i, j + 2, s02.sum() + tail(a0, b2)); put(i, j + 3, s03.sum() + tail(a0, b3))
        if two {
            put(i + 1, j, s10.sum() + tail(a1, b0)); put(i + 1, j + 1, s11.sum() + tail(a1, b1))
            put(i + 1, j + 2, s12.sum() + tail(a1, b2)); put(i + 1, j + 3, s13.sum() + tail(a1, b3))
        }
    }
    @inline(__always) func single(_ i: Int, _ j: Int) {
        let a = x + i * d, b = x + j * d
        var s = SIMD8<Float>()
        var k = 0
        while k < whole { madd8(&s, load8(a + k), load8(b + k)); k += 8 }
        put(i, j, s.sum() + tail(a, b))
    }
    var i = 0
    while i < n {
        let two = i + 1 < n
        // Pairs (i, j) with j >= i; for the second row, j >= i + 1: its (i+1, i) entry is the
        // first row's (i, i+1), so the block starting at j = i writes it once more, the same value.
        var j = i
        while j + 4 <= n {
            block(i, two, j)
            j += 4
        }
        while j < n {
            single(i, j)
            if two && j >= i + 1 { single(i + 1, j) }
            j += 1
        }
        if two { single(i + 1, i + 1) }
        i += two ? 2 : 1
    }
}

/// `Y ← A X` for `A` `[n, n]` and `X` `[n, d]`, row-major. A tile of two rows of `Y` by 32
/// columns stays in eight registers while `j` runs over the rows of `X` (four loads feed eight
/// multiply-adds); the last row and the columns past the last multiple of 32 go by eight, then
/// one by one. Every entry is summed over `j` in increasing order.
public func singleCombineRows(_ a: UnsafePointer<Float>, _ x: UnsafePointer<Float>, rows n: Int, columns d: Int,
                              into y: UnsafeMutablePointer<Float>) {
    let wide = d - d % 32, whole = d - d % 8
    var i = 0
    while i < n {
        let pair = i + 1 < n
        let a0 = a + i * n, a1 = a0 + n
        var col = 0
        while col < wide {
            var p0 = SIMD8<Float>(), p1 = SIMD8<Float>(), p2 = SIMD8<Float>(), p3 = SIMD8<Float>()
            var q0 = SIMD8<Float>(), q1 = SIMD8<Float>(), q2 = SIMD8<Float>(), q3 = SIMD8<Float>()
            for j in 0..<n {
                let row = x + j * d + col
                let v0 = load8(row), v1 = load8(row + 8), v2 = load8(row + 16), v3 = load8(row + 24)
                let c0 = SIMD8<Float>(repeating: a0[j])
                madd8(&p0, c0, v0); madd8(&p1, c0, v1); madd8(&p2, c0, v2); madd8(&p3, c0, v3)
                if pair {
                    let c1 = SIMD8<Float>(repeating: a1[j])
                    madd8(&q0, c1, v0); madd8(&q1, c1, v1); madd8(&q2, c1, v2); madd8(&q3, c1, v3)
                }
            }
            let out0 = y + i * d + col
            store8(p0, out0); store8(p1, out0 + 8); store8(p2, out0 + 16); store8(p3, out0 + 24)
            if pair {
                let out1 = out0 + d
                store8(q0, out1); store8(q1, out1 + 8); store8(q2, out1 + 16); store8(q3, out1 + 24)
            }
            col += 32
        }
        for r in i..<(pair ? i + 2 : i + 1) {
            let ar = a + r * n, out = y + r * d
            var c8 = wide
            while c8 < whole {
                var acc = SIMD8<Float>()
                for j in 0..<n { madd8(&acc, SIMD8<Float>(repeating: ar[j]), load8(x + j * d + c8)) }
                store8(acc, out + c8)
                c8 += 8
            }
            var k = whole
            while k < d {
                var acc: Float = 0
                for j in 0..<n { acc += ar[j] * x[j * d + k] }
                out[k] = acc
                k += 1
            }
        }
        i += pair ? 2 : 1
    }
}
