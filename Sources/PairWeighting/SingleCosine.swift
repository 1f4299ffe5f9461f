/// Cosine similarity of the raw embeddings and its backward pass, in single precision, for the
/// like-for-like paths (the float32 training step, ``SinglePrecision``): the same formulas as
/// ``CosineSimilarity/forward(_:)`` and ``CosineSimilarity/embeddingGradient(pairWeights:forward:)``,
/// one Gram product `E Eᵀ` forward and one product `A E` backward, on the single-precision
/// product. `S` is handed to the loss in double (the float values, widened), so each loss's own
/// code computes its weights.
public enum SingleCosine {
    /// `S_ij = g_ij · (u_i · u_j)` with `g = E Eᵀ`, `u_i = 1 / max(√g_ii, minimumNorm)`, written
    /// widened into `similarity` (`[n, n]`, exactly symmetric, `S_ii = 1` where the norm is not
    /// clamped); `u` is kept in `inverse` for the backward pass. `g` is the product's upper
    /// triangle (the tiles on or above the diagonal; `g_ji` would be the same sum of the same
    /// products), `S` is computed there and mirrored. `scratch` is the product's.
    public static func forward(_ e: UnsafePointer<Float>, rows n: Int, columns d: Int, gram: UnsafeMutablePointer<Float>,
                        inverse: UnsafeMutablePointer<Float>, similarity: UnsafeMutablePointer<Double>,
                        scratch: UnsafeMutablePointer<Float>, build: KernelBuild?) {
        Kernels.singleMultiply(rows: n, columns: n, depth: d, a: e, aRowStride: d, aColumnStride: 1,       // [N, E] × [N, E]ᵀ
                               b: e, bRowStride: 1, bColumnStride: d, c: gram, cRowStride: n,
                               accumulate: false, upperTriangleOnly: true, scratch: scratch, build: build)
        let floor = Float(CosineSimilarity.minimumNorm)
        for i in 0..<n { inverse[i] = 1 / max(gram[i * n + i].squareRoot(), floor) }
        for i in 0..<n {
            let a = inverse[i], row = gram + i * n, out = similarity + i * n
            for j in (i + 1)..<n {
                let v = Double(row[j] * (a * inverse[j]))
                out[j] = v
                similarity[j * n + i] = v
            }
            out[i] = gram[i * n + i].squareRoot() > floor ? 1 : Double(row[i] * (a * a))
        }
    }

    /// `∂L/∂E = A E` into `out` (`[n, d]`) from the pair weights `w = ∂L/∂S` (double, `[n, n]`):
    /// with `c_ij = w_ij + w_ji`,
    ///
    ///     A_ij = c_ij u_i u_j  (i ≠ j),    A_ii = −u_i² Σ_{j≠i} c_ij S_ij
    ///
    /// (``CosineSimilarity/embeddingGradient(pairWeights:forward:)`` derives it); `c`
    /// and the radial sums in double from the double weights and `S`, `A` rounded to float. One
    /// pass over the upper triangle in 8-row bands (as `Kernels.cosineBackward`), so the transposed
    /// reads stay in cache lines already loaded; `radial` is scratch of `n` doubles, `scratch` the product's.
    public static func backward(pairWeights w: UnsafePointer<Double>, similarity s: UnsafePointer<Double>, e: UnsafePointer<Float>,
                         rows n: Int, columns d: Int, inverse u: UnsafePointer<Float>, coefficients a: UnsafeMutablePointer<Float>,
                         radial: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Float>,
                         scratch: UnsafeMutablePointer<Float>, build: KernelBuild?) {
        radial.update(repeating: 0, count: n)
        let band = 8
        for i0 in stride(from: 0, to: n, by: band) {
            for j in i0..<n {
                var radialJ = 0.0                                        // in a register, not through memory
                for i in i0..<min(i0 + band, j) {                       // i < j
                    let c = w[i * n + j] + w[j * n + i]
                    let t = c * s[i * n + j]
                    radial[i] += t
                    radialJ += t
                    let v = Float(c) * (u[i] * u[j])
                    a[i * n + j] = v
                    a[j * n + i] = v
                }
                radial[j] += radialJ
            }
        }
        for i in 0..<n { a[i * n + i] = Float(-radial[i]) * (u[i] * u[i]) }
        Kernels.singleMultiply(rows: n, columns: d, depth: n, a: a, aRowStride: n, aColumnStride: 1,       // [N, N] × [N, E]
                               b: e, bRowStride: d, bColumnStride: 1, c: out, cRowStride: d,
                               accumulate: false, scratch: scratch, build: build)
    }
}
