/// `C ← A B` when most of `A` is zero (a loss whose hinges are mostly inactive): each row of `C`
/// is the combination of the rows of `B` whose coefficient in that row of `A` is not zero, four
/// partner rows per pass over the output row. Cost: `d` multiply-adds per non-zero instead of per
/// entry. Every entry is summed over the non-zero `p` in increasing order, starting from 0; the
/// skipped terms are `0 · b`, which leave a finite sum unchanged, so this equals ``multiply``'s
/// result bit for bit in each build.
///
/// `A` `[m, k]` and `B` `[k, n]`, `C` `[m, n]`, all row-major and contiguous; `partners` and
/// `coefficients` are scratch of `k` entries.
public func multiplySparseRows(rows m: Int, columns n: Int, depth k: Int,
                               a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>,
                               partners: UnsafeMutablePointer<Int>, coefficients: UnsafeMutablePointer<Double>) {
    let whole = n & ~3
    for i in 0..<m {
        var count = 0
        for p in 0..<k where a[i * k + p] != 0 {
            partners[count] = p
            coefficients[count] = a[i * k + p]
            count += 1
        }
        let g = c + i * n
        g.update(repeating: 0, count: n)
        var q = 0
        while q + 4 <= count {
            let b0 = b + partners[q] * n, b1 = b + partners[q + 1] * n
            let b2 = b + partners[q + 2] * n, b3 = b + partners[q + 3] * n
            let v0 = SIMD4(repeating: coefficients[q]), v1 = SIMD4(repeating: coefficients[q + 1])
            let v2 = SIMD4(repeating: coefficients[q + 2]), v3 = SIMD4(repeating: coefficients[q + 3])
            var j = 0
            while j < whole {
                var acc = load4(g + j)
                madd(&acc, v0, load4(b0 + j))
                madd(&acc, v1, load4(b1 + j))
                madd(&acc, v2, load4(b2 + j))
                madd(&acc, v3, load4(b3 + j))
                store4(acc, g + j)
                j += 4
            }
            while j < n {
                var x = scalarMultiplyAdd(g[j], v0[0], b0[j])
                x = scalarMultiplyAdd(x, v1[0], b1[j])
                x = scalarMultiplyAdd(x, v2[0], b2[j])
                g[j] = scalarMultiplyAdd(x, v3[0], b3[j])
                j += 1
            }
            q += 4
        }
        while q < count {
            let row = b + partners[q] * n, v = SIMD4(repeating: coefficients[q])
            var j = 0
            while j < whole {
                var acc = load4(g + j)
                madd(&acc, v, load4(row + j))
                store4(acc, g + j)
                j += 4
            }
            while j < n {
                g[j] = scalarMultiplyAdd(g[j], v[0], row[j])
                j += 1
            }
            q += 1
        }
    }
}
