/// The like-for-like path against pytorch-metric-learning, which computes in float32: the two
/// products that are most of the cost, `S` from the raw rows and `∂L/∂X` from the pair weights,
/// run in single precision (eight lanes); the pair weights themselves come from the loss in
/// double, from `S` rounded to float, so every loss's own code and checks are reused unchanged.
/// `gpw weights`, training and every reference check use the double path; this one exists for
/// the benchmark's like-for-like lines, and its tests hold it to the double path (DECISIONS.md).
public enum SinglePrecision {
    /// Value, weights and `∂L/∂X` (`[n, d]`, row-major) of `loss` on the float rows `x` (`[n, d]`),
    /// the products on `build` (nil: the active one).
    public static func evaluate(_ loss: any PairLoss, embeddings x: [Float], rows n: Int, columns d: Int,
                                labels: PairLabels, build: KernelBuild? = nil) -> (value: Double, weights: PairWeights, embeddingGradient: [Float]) {
        precondition(x.count == n * d && labels.count == n, "embeddings must be [\(n), \(d)] with \(n) labels")
        var gram = [Float](repeating: 0, count: n * n)
        x.withUnsafeBufferPointer { xb in
            gram.withUnsafeMutableBufferPointer { g in
                if let base = xb.baseAddress, let out = g.baseAddress, n > 0, d > 0 {
                    Kernels.singleGram(base, rows: n, columns: d, into: out, build: build)
                }
            }
        }
        let floor = Float(CosineSimilarity.minimumNorm)
        let inverse: [Float] = (0..<n).map { 1 / max(gram[$0 * n + $0].squareRoot(), floor) }
        var s = [Float](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { s[i * n + j] = gram[i * n + j] * inverse[i] * inverse[j] } }
        let similarity = Matrix(rows: n, columns: n, storage: s.map(Double.init))
        let weights = loss.evaluate(similarity: similarity, labels: labels)
        // A: c_ij / (‖x_i‖ ‖x_j‖) off the diagonal, −r_i / ‖x_i‖² on it, with c = W + Wᵀ and
        // r_i = Σ_j c_ij S_ij (CosineSimilarity.embeddingGradient derives it).
        var a = [Float](repeating: 0, count: n * n)
        let w = weights.gradient
        for i in 0..<n {
            var r: Float = 0
            for j in 0..<n where j != i {
                let c = Float(w[i, j] + w[j, i])
                r += c * s[i * n + j]
                a[i * n + j] = c * inverse[i] * inverse[j]
            }
            a[i * n + i] = -r * inverse[i] * inverse[i]
        }
        var gradient = [Float](repeating: 0, count: n * d)
        a.withUnsafeBufferPointer { ab in
            x.withUnsafeBufferPointer { xb in
                gradient.withUnsafeMutableBufferPointer { gb in
                    if let ap = ab.baseAddress, let xp = xb.baseAddress, let gp = gb.baseAddress, n > 0, d > 0 {
                        Kernels.singleCombineRows(ap, xp, rows: n, columns: d, into: gp, build: build)
                    }
                }
            }
        }
        return (weights.value, weights, gradient)
    }
}
