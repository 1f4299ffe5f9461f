import PairWeighting

/// A fully connected layer `Y = X W + b`.
///
/// Shapes: `X` is `[N, in]`, `W` is `[in, out]`, `b` is `[out]`, `Y` is `[N, out]`.
/// Backward, with `G = ∂L/∂Y`: `∂L/∂W = Xᵀ G`, `∂L/∂b = Σ_rows G`, `∂L/∂X = G Wᵀ`.
public struct Linear: Sendable, Equatable {
    /// `[in, out]`.
    public var weight: Matrix
    /// `[out]`.
    public var bias: [Double]

    /// A layer with the given parameters. - Precondition: `bias.count == weight.columns`.
    public init(weight: Matrix, bias: [Double]) {
        precondition(bias.count == weight.columns, "bias has \(bias.count) entries, weight has \(weight.columns) columns")
        self.weight = weight
        self.bias = bias
    }

    /// Gaussian weights with standard deviation `scale`, zero bias.
    ///
    /// He initialisation (`scale = √(2/in)`) suits a layer followed by ReLU; Xavier/Glorot
    /// (`scale = √(2/(in+out))`) the final, linear layer.
    public init(inputs: Int, outputs: Int, scale: Double, using rng: inout SplitMix64) {
        var w = Matrix(rows: inputs, columns: outputs)
        for i in 0..<w.storage.count { w.storage[i] = scale * rng.gaussian() }
        self.init(weight: w, bias: [Double](repeating: 0, count: outputs))
    }

    /// Number of inputs.
    public var inputs: Int { weight.rows }
    /// Number of outputs.
    public var outputs: Int { weight.columns }
    /// Number of parameters (`in·out + out`).
    public var parameterCount: Int { weight.storage.count + bias.count }

    /// `X W + b`: `[N, in] -> [N, out]`. The cache for ``backward(_:input:needsInputGradient:)`` is the input itself.
    public func forward(_ input: Matrix) -> Matrix {
        var y = Matrix.product(input, weight)                  // [N, in] × [in, out] -> [N, out]
        let m = outputs, rows = y.rows
        bias.withUnsafeBufferPointer { b in
            y.storage.withUnsafeMutableBufferPointer { y in
                for r in 0..<rows {
                    for c in 0..<m { y[r * m + c] += b[c] }
                }
            }
        }
        return y
    }

    /// Parameter and input gradients from `∂L/∂Y` and the forward input. With
    /// `needsInputGradient: false` (the first layer, whose input is data) `∂L/∂X` is not
    /// computed and comes back empty (`[0, 0]`).
    public func backward(_ outputGradient: Matrix, input: Matrix, needsInputGradient: Bool = true) -> (weight: Matrix, bias: [Double], input: Matrix) {
        let dW = Matrix.transposedProduct(input, outputGradient)        // [N, in]ᵀ × [N, out] -> [in, out]
        var db = [Double](repeating: 0, count: outputs)
        let m = outputs, rows = outputGradient.rows
        outputGradient.storage.withUnsafeBufferPointer { g in
            db.withUnsafeMutableBufferPointer { db in
                for r in 0..<rows {
                    for c in 0..<m { db[c] += g[r * m + c] }
                }
            }
        }
        guard needsInputGradient else { return (dW, db, Matrix(rows: 0, columns: 0)) }
        let dX = Matrix.productTransposed(outputGradient, weight)       // [N, out] × [in, out]ᵀ -> [N, in]
        return (dW, db, dX)
    }
}
