/// Rows of a batch scaled to unit length, with the norms kept for the backward pass.
public struct NormalizedEmbeddings: Sendable, Equatable {
    /// `f_i = x_i / ‖x_i‖`, shape `[N, D]`.
    public var unit: Matrix
    /// `‖x_i‖`, clamped below at ``CosineSimilarity/minimumNorm``.
    public var norms: [Double]
}

/// Cosine similarity `S_ij = f_i · f_j` of L2-normalised rows, forward and backward.
///
/// Backward (losses.md §1.2): with `W = ∂L/∂S`,
/// `∂L/∂f_i = Σ_j (W_ij + W_ji) f_j` and `∂L/∂x_i = (I − f_i f_iᵀ) ∂L/∂f_i / ‖x_i‖`.
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
                        let sum = DenseKernels.dot(row, row, count: d)       // ‖x_i‖², SIMD
                        let norm = max(sum.squareRoot(), minimumNorm)
                        norms[i] = norm
                        let inverse = 1 / norm, inverse4 = SIMD4(repeating: inverse)
                        let out = f + i * d
                        var k = 0
                        while k + 4 <= d {
                            DenseKernels.store4(DenseKernels.load4(row + k) * inverse4, out + k)
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

    /// `S = F Fᵀ` for unit rows `F` (`[N, D] -> [N, N]`). Computed once per batch and shared by
    /// every loss; symmetric by construction (the upper triangle is mirrored).
    ///
    /// This is ``plainSimilarity(_:)`` on the blocked kernel (`DenseKernels.gram`): the same sums
    /// in the same order, bit for bit on the portable build, within rounding on the AVX2 build
    /// (fused multiply-adds).
    public static func similarity(_ unit: Matrix) -> Matrix {
        let n = unit.rows, d = unit.columns
        return unit.storage.withUnsafeBufferPointer { f in
            Matrix(rows: n, columns: n) { out in
                guard let out else { return }                                    // N = 0
                guard let f = f.baseAddress, d > 0 else {                        // D = 0: every dot product is 0
                    out.initialize(repeating: 0, count: n * n)
                    return
                }
                DenseKernels.gram(f, rows: n, columns: d, into: out)
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

    /// Similarities of raw embeddings: normalise, then `F Fᵀ`.
    public static func similarity(ofRaw embeddings: Matrix) -> (normalized: NormalizedEmbeddings, similarity: Matrix) {
        let normalized = normalize(embeddings)
        return (normalized, similarity(normalized.unit))
    }

    /// `∂L/∂F` (`[N, D]`) from the pair weights `W = ∂L/∂S` (`[N, N]`): `(W + Wᵀ) F`.
    ///
    /// This is ``plainUnitGradient(pairWeights:unit:)`` on the kernels
    /// (`DenseKernels.symmetricCombination`: a dense product, or the non-zero rows only when most
    /// coefficients are zero); it adds the same terms in the same order, so the two agree bit for
    /// bit on the portable build and within rounding on the AVX2 build.
    public static func unitGradient(pairWeights w: Matrix, unit: Matrix) -> Matrix {
        let n = unit.rows, d = unit.columns
        precondition(w.rows == n && w.columns == n, "pair weights must be [N, N] for N = \(n)")
        var coefficients = [Double](repeating: 0, count: n * n + n)
        let out = w.storage.withUnsafeBufferPointer { w in
            unit.storage.withUnsafeBufferPointer { f in
                coefficients.withUnsafeMutableBufferPointer { c in
                    Matrix(rows: n, columns: d) { g in
                        guard let g else { return }                             // N = 0 or D = 0
                        guard let w = w.baseAddress, let f = f.baseAddress, let c = c.baseAddress else {
                            g.initialize(repeating: 0, count: n * d)
                            return
                        }
                        DenseKernels.symmetricCombination(w, f, rows: n, columns: d, into: g, coefficients: c)
                    }
                }
            }
        }
        return out
    }

    /// `(W + Wᵀ) F` the obvious way: `∂L/∂f_i = Σ_{j ≠ i} (W_ij + W_ji) f_j`. The reference for
    /// ``unitGradient(pairWeights:unit:)``.
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

    /// `∂L/∂X` (`[N, D]`) for raw embeddings, through the normalisation.
    public static func embeddingGradient(pairWeights w: Matrix, normalized: NormalizedEmbeddings) -> Matrix {
        let n = normalized.unit.rows, d = normalized.unit.columns
        var g = unitGradient(pairWeights: w, unit: normalized.unit)
        normalized.unit.storage.withUnsafeBufferPointer { f in
            g.storage.withUnsafeMutableBufferPointer { g in
                guard let fBase = f.baseAddress, let gBase = g.baseAddress else { return }   // N = 0 or D = 0
                normalized.norms.withUnsafeBufferPointer { norms in
                    let whole = d & ~3
                    for i in 0..<n {
                        let fi = fBase + i * d, gi = gBase + i * d
                        let radial = DenseKernels.dot(fi, gi, count: d)             // f_i · ∂L/∂f_i
                        let inverse = 1 / norms[i]
                        let r4 = SIMD4(repeating: radial), inverse4 = SIMD4(repeating: inverse)
                        var k = 0
                        while k < whole {                                           // same arithmetic, four lanes
                            DenseKernels.store4((DenseKernels.load4(gi + k) - r4 * DenseKernels.load4(fi + k)) * inverse4, gi + k)
                            k += 4
                        }
                        while k < d {
                            gi[k] = (gi[k] - radial * fi[k]) * inverse
                            k += 1
                        }
                    }
                }
            }
        }
        return g
    }
}
