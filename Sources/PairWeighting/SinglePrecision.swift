/// The like-for-like path against pytorch-metric-learning, which computes in float32: the two
/// products that are most of the cost, `S` from the raw rows and `∂L/∂X` from the pair weights,
/// run in single precision (``SingleCosine``: the float product, 8 lanes on AVX2 and 16 on
/// AVX-512); the pair weights themselves come from the loss in double, from `S` rounded to float,
/// so every loss's own code and checks are reused unchanged.
/// `gpw weights`, training and every reference check use the double path; this one exists for
/// the benchmark's like-for-like lines, and its tests hold it to the double path (DECISIONS.md).
public enum SinglePrecision {
    /// Value, weights and `∂L/∂X` (`[n, d]`, row-major) of `loss` on the float rows `x` (`[n, d]`),
    /// the products on `build` (nil: the active one).
    public static func evaluate(_ loss: any PairLoss, embeddings x: [Float], rows n: Int, columns d: Int,
                                labels: PairLabels, build: KernelBuild? = nil) -> (value: Double, weights: PairWeights, embeddingGradient: [Float]) {
        precondition(x.count == n * d && labels.count == n, "embeddings must be [\(n), \(d)] with \(n) labels")
        // Gram (then its A coefficients), the inverse norms, and the product's scratch.
        var floats = [Float](repeating: 0, count: n * n + n + Kernels.singleMultiplyScratch(depth: max(n, d)))
        var similarity = Matrix(rows: n, columns: n)
        var gradient = [Float](repeating: 0, count: n * d)
        if n > 0 && d > 0 {
            x.withUnsafeBufferPointer { xb in
                floats.withUnsafeMutableBufferPointer { f in
                    let gram = f.baseAddress!, inverse = gram + n * n, scratch = inverse + n
                    similarity.storage.withUnsafeMutableBufferPointer { s in
                        SingleCosine.forward(xb.baseAddress!, rows: n, columns: d, gram: gram, inverse: inverse,
                                             similarity: s.baseAddress!, scratch: scratch, build: build)
                    }
                }
            }
        }
        let weights = loss.evaluate(similarity: similarity, labels: labels)
        if n > 0 && d > 0 {
            x.withUnsafeBufferPointer { xb in
                floats.withUnsafeMutableBufferPointer { f in
                    let coefficients = f.baseAddress!, inverse = coefficients + n * n, scratch = inverse + n
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { radial in
                        weights.gradient.storage.withUnsafeBufferPointer { w in
                            similarity.storage.withUnsafeBufferPointer { s in
                                gradient.withUnsafeMutableBufferPointer { g in
                                    SingleCosine.backward(pairWeights: w.baseAddress!, similarity: s.baseAddress!, e: xb.baseAddress!,
                                                          rows: n, columns: d, inverse: inverse, coefficients: coefficients,
                                                          radial: radial.baseAddress!, into: g.baseAddress!, scratch: scratch, build: build)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (weights.value, weights, gradient)
    }
}
