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
        weight.storage.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in Self.forward(input, weight: w, bias: b) }
        }
    }

    /// Parameter and input gradients from `∂L/∂Y` and the forward input. With
    /// `needsInputGradient: false` (the first layer, whose input is data) `∂L/∂X` is not
    /// computed and comes back empty (`[0, 0]`).
    public func backward(_ outputGradient: Matrix, input: Matrix, needsInputGradient: Bool = true) -> (weight: Matrix, bias: [Double], input: Matrix) {
        var dW = Matrix(rows: inputs, columns: outputs)
        var db = [Double](repeating: 0, count: outputs)
        let dX = weight.storage.withUnsafeBufferPointer { w in
            dW.storage.withUnsafeMutableBufferPointer { dW in
                db.withUnsafeMutableBufferPointer { db in
                    Self.backward(outputGradient, input: input, weight: w, weightGradient: dW, biasGradient: db,
                                  needsInputGradient: needsInputGradient)
                }
            }
        }
        return (dW, db, dX)
    }
}

extension Linear {
    /// `X W + b` for a layer whose parameters live elsewhere (the ``MLP``'s flat vector): `weight`
    /// is `[in, out]` row-major, `bias` `[out]`, `in = input.columns`.
    static func forward(_ input: Matrix, weight: UnsafeBufferPointer<Double>, bias: UnsafeBufferPointer<Double>) -> Matrix {
        let n = input.rows, k = input.columns, m = bias.count
        precondition(weight.count == k * m, "weight has \(weight.count) entries, [\(k), \(m)] needs \(k * m)")
        return input.storage.withUnsafeBufferPointer { x in
            Matrix(rows: n, columns: m) { y in
                guard let y else { return }
                Kernels.multiply(rows: n, columns: m, depth: k, a: x.baseAddress, aRowStride: k, aColumnStride: 1,  // [N, in] × [in, out]
                                 b: weight.baseAddress, bRowStride: m, bColumnStride: 1, c: y, cRowStride: m, accumulate: false)
                addBias(bias, to: y, rows: n)
            }
        }
    }

    /// `y_rc += b_c` for every row of `y` (`[rows, b.count]`), four columns at a time.
    private static func addBias(_ b: UnsafeBufferPointer<Double>, to y: UnsafeMutablePointer<Double>, rows: Int) {
        guard let bias = b.baseAddress else { return }
        let m = b.count, whole = m & ~3
        for r in 0..<rows {
            let row = y + r * m
            var c = 0
            while c < whole {
                Kernels.store4(Kernels.load4(row + c) + Kernels.load4(bias + c), row + c)
                c += 4
            }
            while c < m { row[c] += bias[c]; c += 1 }
        }
    }

    /// `b_c = Σ_r g_rc` over the rows in order, four columns at a time (the sums stay in registers;
    /// a loop adding into memory would wait on each store).
    private static func sumRows(_ g: UnsafePointer<Double>, rows n: Int, columns m: Int, into b: UnsafeMutablePointer<Double>) {
        let whole = m & ~3
        var c = 0
        while c < whole {
            var sum = SIMD4<Double>()
            for r in 0..<n { sum += Kernels.load4(g + r * m + c) }
            Kernels.store4(sum, b + c)
            c += 4
        }
        while c < m {
            var sum = 0.0
            for r in 0..<n { sum += g[r * m + c] }
            b[c] = sum
            c += 1
        }
    }

    /// The backward pass of a layer whose parameters live elsewhere: `∂L/∂W = Xᵀ G` into
    /// `weightGradient` (`[in, out]`), `∂L/∂b = Σ_rows G` into `biasGradient` (`[out]`), and
    /// `∂L/∂X = G Wᵀ` returned (`[0, 0]` when `needsInputGradient` is false).
    static func backward(_ outputGradient: Matrix, input: Matrix, weight: UnsafeBufferPointer<Double>,
                         weightGradient: UnsafeMutableBufferPointer<Double>, biasGradient: UnsafeMutableBufferPointer<Double>,
                         needsInputGradient: Bool) -> Matrix {
        let n = input.rows, k = input.columns, m = outputGradient.columns
        precondition(outputGradient.rows == n && weight.count == k * m && weightGradient.count == k * m && biasGradient.count == m,
                     "layer backward: shapes do not match")
        outputGradient.storage.withUnsafeBufferPointer { g in
            input.storage.withUnsafeBufferPointer { x in
                guard let dW = weightGradient.baseAddress else { return }          // in = 0 or out = 0
                Kernels.multiply(rows: k, columns: m, depth: n, a: x.baseAddress, aRowStride: 1, aColumnStride: k,  // [N, in]ᵀ × [N, out]
                                 b: g.baseAddress, bRowStride: m, bColumnStride: 1, c: dW, cRowStride: m, accumulate: false)
            }
            if let db = biasGradient.baseAddress {
                if let g = g.baseAddress { sumRows(g, rows: n, columns: m, into: db) } else { db.initialize(repeating: 0, count: m) }
            }
        }
        guard needsInputGradient else { return Matrix(rows: 0, columns: 0) }
        return outputGradient.storage.withUnsafeBufferPointer { g in
            Matrix(rows: n, columns: k) { dX in
                guard let dX else { return }
                Kernels.multiply(rows: n, columns: k, depth: m, a: g.baseAddress, aRowStride: m, aColumnStride: 1,  // [N, out] × [in, out]ᵀ
                                 b: weight.baseAddress, bRowStride: 1, bColumnStride: m, c: dX, cRowStride: k, accumulate: false)
            }
        }
    }
}
