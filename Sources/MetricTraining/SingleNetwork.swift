import PairWeighting

/// The MLP's forward and backward passes in single precision, over the float32 step's buffers:
/// the same network as ``MLP`` (`Linear -> ReLU` per hidden layer, then `Linear`), the products
/// on ``PairWeighting/Kernels/singleMultiply(rows:columns:depth:a:aRowStride:aColumnStride:b:bRowStride:bColumnStride:c:cRowStride:accumulate:upperTriangleOnly:scratch:build:)``
/// (transposed operands read through their strides), the entry-wise passes on the single kernels.
enum SingleNetwork {
    /// `E` from the features already in `activations[0]`: for each layer `Y = X W + b`, ReLU in
    /// place for every layer but the last, into the next activation buffer.
    static func forward(_ layout: SingleLayout, parameters θ: UnsafePointer<Float>, workspace w: SingleLayout.Workspace,
                        buffers: UnsafeMutablePointer<Float>, build: KernelBuild?) {
        let n = w.rows, scratch = buffers + w.scratch
        for l in 0..<layout.layerCount {
            let k = layout.widths[l], m = layout.widths[l + 1]
            let x = buffers + w.activations[l], y = buffers + w.activations[l + 1]
            Kernels.singleMultiply(rows: n, columns: m, depth: k, a: x, aRowStride: k, aColumnStride: 1,       // [N, in] × [in, out]
                                   b: θ + layout.weightOffsets[l], bRowStride: m, bColumnStride: 1,
                                   c: y, cRowStride: m, accumulate: false, scratch: scratch, build: build)
            Kernels.singleAddBias(y, rows: n, columns: m, bias: θ + layout.biasOffset(l), relu: l < layout.layerCount - 1, build: build)
        }
    }

    /// `∂L/∂θ` into `gradient` (``MLP/parameters`` order) from `∂L/∂E` in `gradients.0`, with the
    /// activations of the forward pass: for each layer, last first, `∂L/∂W = Xᵀ G`, `∂L/∂b = Σ_rows G`
    /// and (but for the first layer) `∂L/∂X = G Wᵀ` masked by ReLU, into the other gradient buffer.
    static func backward(_ layout: SingleLayout, parameters θ: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
                         workspace w: SingleLayout.Workspace, buffers: UnsafeMutablePointer<Float>, build: KernelBuild?) {
        let n = w.rows, scratch = buffers + w.scratch
        var g = buffers + w.gradients.0, next = buffers + w.gradients.1
        for l in stride(from: layout.layerCount - 1, through: 0, by: -1) {
            let k = layout.widths[l], m = layout.widths[l + 1]
            let x = buffers + w.activations[l]
            Kernels.singleMultiply(rows: k, columns: m, depth: n, a: x, aRowStride: 1, aColumnStride: k,       // [N, in]ᵀ × [N, out]
                                   b: g, bRowStride: m, bColumnStride: 1,
                                   c: gradient + layout.weightOffsets[l], cRowStride: m, accumulate: false, scratch: scratch, build: build)
            Kernels.singleSumRows(g, rows: n, columns: m, into: gradient + layout.biasOffset(l), build: build)
            guard l > 0 else { break }
            Kernels.singleMultiply(rows: n, columns: k, depth: m, a: g, aRowStride: m, aColumnStride: 1,       // [N, out] × [in, out]ᵀ
                                   b: θ + layout.weightOffsets[l], bRowStride: 1, bColumnStride: m,
                                   c: next, cRowStride: k, accumulate: false, scratch: scratch, build: build)
            Kernels.singleMaskByPositive(next, x, count: n * k, build: build)     // x: this layer's input, a ReLU output
            swap(&g, &next)
        }
    }
}
