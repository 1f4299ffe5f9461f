import PairWeighting

/// Where the float32 step keeps what, in floats from the start of its two allocations:
/// the optimiser state (``State``, sized by the parameter count) and the per-batch workspace
/// (``Workspace``, sized by the batch's rows).
///
/// Parameters are in ``MLP/parameters`` order: layer by layer, weight (`[in, out]` row-major)
/// then bias.
struct SingleLayout: Sendable, Equatable {
    /// Layer widths: input, each hidden width, embedding.
    let widths: [Int]
    /// Start of layer `l`'s weight in the parameter vector (its bias follows the weight).
    let weightOffsets: [Int]
    /// Number of parameters.
    let parameterCount: Int

    init(widths: [Int]) {
        self.widths = widths
        var offsets: [Int] = [], offset = 0
        for l in 0..<(widths.count - 1) {
            offsets.append(offset)
            offset += (widths[l] + 1) * widths[l + 1]
        }
        weightOffsets = offsets
        parameterCount = offset
    }

    var layerCount: Int { widths.count - 1 }
    var embedding: Int { widths[widths.count - 1] }
    /// Start of layer `l`'s bias in the parameter vector.
    func biasOffset(_ l: Int) -> Int { weightOffsets[l] + widths[l] * widths[l + 1] }

    /// The optimiser's buffers: two parameter vectors and two of each moment (the current one and
    /// the proposal a step writes, swapped on acceptance), and the loss gradient.
    struct State: Sendable {
        let parameterCount: Int
        /// Parameters `[0]`/`[1]`, first moments `[2]`/`[3]`, second moments `[4]`/`[5]`, then the gradient.
        func slot(_ k: Int) -> Int { k * parameterCount }
        var gradient: Int { 6 * parameterCount }
        var count: Int { 7 * parameterCount }
    }

    /// The buffers of one batch of `rows` rows.
    struct Workspace: Sendable {
        let rows: Int
        /// Layer `l`'s input `[rows, widths[l]]` (the features as floats, then each ReLU output);
        /// entry `layerCount` is the raw embedding `[rows, embedding]`.
        let activations: [Int]
        /// Two buffers `[rows, max width]` the backward pass alternates between.
        let gradients: (Int, Int)
        /// `E Eᵀ`, then the coefficients `A` of `∂L/∂E = A E`, `[rows, rows]` each.
        let gram: Int, coefficients: Int
        /// `1 / ‖e_i‖`, `[rows]`; then the radial sums of the cosine backward pass, `[rows]`
        /// doubles (`2 rows` floats, at an even offset so they are aligned).
        let inverseNorms: Int, radial: Int
        /// Scratch for ``Kernels/singleMultiply``.
        let scratch: Int
        let count: Int

        init(rows n: Int, widths: [Int]) {
            rows = n
            var offset = 0, starts: [Int] = []
            for w in widths {
                starts.append(offset)
                offset += n * w
            }
            activations = starts
            let widest = widths.max() ?? 0
            gradients = (offset, offset + n * widest)
            offset += 2 * n * widest
            gram = offset
            coefficients = offset + n * n
            inverseNorms = offset + 2 * n * n
            radial = (inverseNorms + n + 1) & ~1
            scratch = radial + 2 * n
            count = scratch + Kernels.singleMultiplyScratch(depth: max(widest, n))
        }
    }
}
