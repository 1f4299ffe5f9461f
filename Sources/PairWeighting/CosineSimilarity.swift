/// Rows of a batch scaled to unit length (for views and retrieval; the training path never
/// writes them, see ``CosineSimilarity/forward(_:)``).
public struct NormalizedEmbeddings: Sendable, Equatable {
    /// `f_i = x_i / ‖x_i‖`, shape `[N, D]`.
    public var unit: Matrix
    /// `‖x_i‖`, clamped below at ``CosineSimilarity/minimumNorm``.
    public var norms: [Double]
}

/// Cosine similarity `S_ij = f_i · f_j` of L2-normalised rows, forward and backward.
///
/// Backward, the chain rule through the row normalisation: with `W = ∂L/∂S`,
/// `∂L/∂f_i = Σ_j (W_ij + W_ji) f_j` and `∂L/∂x_i = (I − f_i f_iᵀ) ∂L/∂f_i / ‖x_i‖`.
///
/// The engine runs ``forward(_:)`` and ``embeddingGradient(pairWeights:forward:)``, which work on
/// the raw rows; the `plain` functions are the same mathematics written step by step, the
/// reference the tests hold the engine to.
public enum CosineSimilarity {
    /// Norms below this are clamped (as `F.normalize` does), so a zero row gives a zero unit row.
    public static let minimumNorm = 1e-12

    /// Normalises every row of `embeddings` (`[N, D]`).
    public static func normalize(_ embeddings: Matrix) -> NormalizedEmbeddings {
        let n = embeddings.rows, d = embeddings.columns
        var norms = [Double](repeating: minimumNorm, count: n)   // also right for D = 0
        let unit = embeddings.storage.withUnsafeBufferPointer { x in
            norms.withUnsafeMutableBufferPointer { norms in
                Matrix(rows: n, columns: d) { f in
                    guard let f, let x = x.baseAddress else { return }       // an empty batch
                    for i in 0..<n {
                        let row = x + i * d
                        let sum = Kernels.dot(row, row, count: d)       // ‖x_i‖², SIMD
                        let norm = max(sum.squareRoot(), minimumNorm)
                        norms[i] = norm
                        let inverse = 1 / norm, inverse4 = SIMD4(repeating: inverse)
                        let out = f + i * d
                        var k = 0
                        while k + 4 <= d {
                            Kernels.store4(Kernels.load4(row + k) * inverse4, out + k)
                            k += 4
                        }
                        while k < d {
                            out[k] = row[k] * inverse
                            k += 1
                        }
                    }
                }
            }
        }
        return NormalizedEmbeddings(unit: unit, norms: norms)
    }

    /// `S = F Fᵀ` for rows `F` that are already unit (`[N, D] -> [N, N]`); symmetric by
    /// construction (the upper triangle is mirrored). Raw rows go through ``forward(_:)``.
    ///
    /// This is ``plainSimilarity(_:)`` on the blocked kernel (`Kernels.gram`): the same sums
    /// in the same order, bit for bit on the portable build, within rounding on the AVX2 and
    /// AVX-512 builds (fused multiply-adds; those two give the same bits).
    public static func similarity(_ unit: Matrix) -> Matrix {
        let n = unit.rows, d = unit.columns
        return unit.storage.withUnsafeBufferPointer { f in
            Matrix(rows: n, columns: n) { out in
                guard let out else { return }                                    // N = 0
                guard let f = f.baseAddress, d > 0 else {                        // D = 0: every dot product is 0
                    out.initialize(repeating: 0, count: n * n)
                    return
                }
                Kernels.gram(f, rows: n, columns: d, into: out)
            }
        }
    }

    /// `S = F Fᵀ` the obvious way: `S_ij = Σ_k f_ik f_jk` for `j ≥ i`, mirrored. The reference
    /// for ``similarity(_:)``, and the loop to read first.
    public static func plainSimilarity(_ unit: Matrix) -> Matrix {
        let n = unit.rows, d = unit.columns
        var s = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in i..<n {
                var dot = 0.0
                for k in 0..<d { dot += unit[i, k] * unit[j, k] }
                s[i, j] = dot
                s[j, i] = dot
            }
        }
        return s
    }

    /// The forward pass on raw rows `X` (`[N, D]`): `S_ij = (x_i · x_j) / (‖x_i‖ ‖x_j‖)`, and the
    /// norms the backward pass needs. `F` is never written: one Gram product `X Xᵀ` gives the dot
    /// products and, on its diagonal, the squared norms; one pass scales entry `(i, j)` by
    /// `1 / ‖x_i‖ · 1 / ‖x_j‖` (the same product for `(j, i)`, so `S` stays exactly symmetric).
    /// Equal within rounding to ``similarity(_:)`` of ``normalize(_:)``'s rows; the tests hold it
    /// to ``plainSimilarity(_:)``.
    public static func forward(_ embeddings: Matrix) -> CosineForward {
        let n = embeddings.rows, d = embeddings.columns
        var norms = [Double](repeating: minimumNorm, count: n)                  // also right for D = 0
        let s = embeddings.storage.withUnsafeBufferPointer { x in
            norms.withUnsafeMutableBufferPointer { norms in
                Matrix(rows: n, columns: n) { out in
                    guard let out else { return }                                    // N = 0
                    guard let x = x.baseAddress, d > 0 else {                        // D = 0: every dot product is 0
                        out.initialize(repeating: 0, count: n * n)
                        return
                    }
                    Kernels.cosineGram(x, rows: n, columns: d, minimumNorm: minimumNorm,
                                            norms: norms.baseAddress!, into: out)
                }
            }
        }
        return CosineForward(embeddings: embeddings, norms: norms, similarity: s)
    }

    /// `∂L/∂X` (`[N, D]`) from the pair weights `W = ∂L/∂S` (`[N, N]`), through the normalisation.
    /// With `c_ij = W_ij + W_ji` and `f_j = x_j / ‖x_j‖`:
    ///
    ///     ∂L/∂x_i = (I − f_i f_iᵀ) Σ_{j≠i} c_ij f_j / ‖x_i‖
    ///             = Σ_{j≠i} c_ij / (‖x_i‖ ‖x_j‖) · x_j  −  r_i / ‖x_i‖² · x_i,   r_i = Σ_{j≠i} c_ij S_ij
    ///
    /// because `f_i · f_j = S_ij`. The second line is one matrix product `A X`, with `A` built in
    /// one pass over the pairs (`Kernels.cosineBackward`): no unit rows and no projection pass.
    /// ``plainEmbeddingGradient(pairWeights:embeddings:)`` computes the first line step by step.
    public static func embeddingGradient(pairWeights w: Matrix, forward: CosineForward) -> Matrix {
        let x = forward.embeddings
        let n = x.rows, d = x.columns
        precondition(w.rows == n && w.columns == n, "pair weights must be [N, N] for N = \(n)")
        // Every scratch entry is written before it is read (the kernel's contract): no zero fill.
        var scratch = [Double](unsafeUninitializedCapacity: Kernels.cosineBackwardScratch(rows: n)) { _, count in
            count = Kernels.cosineBackwardScratch(rows: n)
        }
        return w.storage.withUnsafeBufferPointer { w in
            x.storage.withUnsafeBufferPointer { x in
                forward.similarity.storage.withUnsafeBufferPointer { s in
                    forward.norms.withUnsafeBufferPointer { norms in
                        scratch.withUnsafeMutableBufferPointer { scratch in
                            Matrix(rows: n, columns: d) { g in
                                guard let g else { return }                             // N = 0 or D = 0
                                Kernels.cosineBackward(w.baseAddress!, x.baseAddress!, similarity: s.baseAddress!,
                                                            norms: norms.baseAddress!, rows: n, columns: d,
                                                            into: g, scratch: scratch.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `∂L/∂F = (W + Wᵀ) F` the obvious way: `∂L/∂f_i = Σ_{j ≠ i} (W_ij + W_ji) f_j`. A step of
    /// ``plainEmbeddingGradient(pairWeights:embeddings:)``.
    public static func plainUnitGradient(pairWeights w: Matrix, unit: Matrix) -> Matrix {
        let n = unit.rows, d = unit.columns
        precondition(w.rows == n && w.columns == n, "pair weights must be [N, N] for N = \(n)")
        var out = Matrix(rows: n, columns: d)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let c = w[i, j] + w[j, i]
                if c == 0 { continue }
                for k in 0..<d { out[i, k] += c * unit[j, k] }
            }
        }
        return out
    }

    /// ``embeddingGradient(pairWeights:forward:)`` the obvious way, one step at a time: normalise,
    /// `∂L/∂F = (W + Wᵀ) F`, then take each row's component along `f_i` away and divide by `‖x_i‖`.
    /// The reference for the engine.
    public static func plainEmbeddingGradient(pairWeights w: Matrix, embeddings x: Matrix) -> Matrix {
        let n = x.rows, d = x.columns
        var unit = x, norms = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for k in 0..<d { sum += x[i, k] * x[i, k] }
            norms[i] = max(sum.squareRoot(), minimumNorm)
            for k in 0..<d { unit[i, k] = x[i, k] / norms[i] }
        }
        let g = plainUnitGradient(pairWeights: w, unit: unit)
        var out = Matrix(rows: n, columns: d)
        for i in 0..<n {
            var radial = 0.0                                                    // f_i · ∂L/∂f_i
            for k in 0..<d { radial += unit[i, k] * g[i, k] }
            for k in 0..<d { out[i, k] = (g[i, k] - radial * unit[i, k]) / norms[i] }
        }
        return out
    }
}

/// What the backward pass of cosine similarity keeps from the forward pass on raw rows.
public struct CosineForward: Sendable, Equatable {
    /// The raw rows `X`, `[N, D]`.
    public var embeddings: Matrix
    /// `‖x_i‖`, clamped below at ``CosineSimilarity/minimumNorm``.
    public var norms: [Double]
    /// `S`, `[N, N]`, exactly symmetric.
    public var similarity: Matrix
}
