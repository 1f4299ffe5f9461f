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
/// exactly symmetric (each pair is summed once and mirrored). One row `i` against four rows `j`
/// at a time, eight columns per step; the columns past the last multiple of eight are added
/// one by one at the end, in order.
public func singleGram(_ x: UnsafePointer<Float>, rows n: Int, columns d: Int, into g: UnsafeMutablePointer<Float>) {
    let whole = d - d % 8
    @inline(__always) func tail(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Float {
        var s: Float = 0
        var k = whole
        while k < d { s += a[k] * b[k]; k += 1 }
        return s
    }
    for i in 0..<n {
        let a = x + i * d
        var j = i
        while j + 4 <= n {
            let b0 = x + j * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d
            var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
            var k = 0
            while k < whole {
                let v = load8(a + k)
                madd8(&s0, v, load8(b0 + k)); madd8(&s1, v, load8(b1 + k))
                madd8(&s2, v, load8(b2 + k)); madd8(&s3, v, load8(b3 + k))
                k += 8
            }
            let v0 = s0.sum() + tail(a, b0), v1 = s1.sum() + tail(a, b1)
            let v2 = s2.sum() + tail(a, b2), v3 = s3.sum() + tail(a, b3)
            g[i * n + j] = v0; g[j * n + i] = v0
            g[i * n + j + 1] = v1; g[(j + 1) * n + i] = v1
            g[i * n + j + 2] = v2; g[(j + 2) * n + i] = v2
            g[i * n + j + 3] = v3; g[(j + 3) * n + i] = v3
            j += 4
        }
        while j < n {
            let b = x + j * d
            var s = SIMD8<Float>()
            var k = 0
            while k < whole { madd8(&s, load8(a + k), load8(b + k)); k += 8 }
            let value = s.sum() + tail(a, b)
            g[i * n + j] = value
            g[j * n + i] = value
            j += 1
        }
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
