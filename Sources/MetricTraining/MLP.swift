import PairWeighting

/// The embedding network: `input -> [Linear -> ReLU] × hidden -> Linear -> embedding`.
///
/// The output is the *raw* embedding; its L2 normalisation happens in the engine's
/// ``PairWeighting/CosineSimilarity``, so the loss, its pair weights and their backward pass
/// through the normalisation stay in one visible place.
///
/// The parameters are stored as one flat vector (``parameters``), the form the optimisers update:
/// a training step writes the new vector into a second buffer and swaps it in, so no step copies
/// the network layer by layer.
public struct MLP: Sendable, Equatable {
    /// Layer widths: input, each hidden width, embedding.
    public let widths: [Int]
    /// Every parameter in one vector: layer by layer, weight (`[in, out]` row-major) then bias.
    /// - Precondition (on assignment): the count stays ``parameterCount``.
    public var parameters: [Double] {
        didSet { precondition(parameters.count == oldValue.count, "expected \(oldValue.count) parameters, got \(parameters.count)") }
    }

    /// A network over existing layers. - Precondition: consecutive widths match.
    public init(layers: [Linear]) {
        precondition(!layers.isEmpty, "an MLP needs at least one layer")
        for (a, b) in zip(layers, layers.dropFirst()) {
            precondition(a.outputs == b.inputs, "layer widths \(a.outputs) and \(b.inputs) do not match")
        }
        widths = [layers[0].inputs] + layers.map(\.outputs)
        var flat: [Double] = []
        flat.reserveCapacity(layers.reduce(0) { $0 + $1.parameterCount })
        for layer in layers {
            flat.append(contentsOf: layer.weight.storage)
            flat.append(contentsOf: layer.bias)
        }
        parameters = flat
    }

    /// A freshly initialised network: He-scaled Gaussian weights for the hidden (ReLU) layers,
    /// Xavier-scaled for the final linear layer, zero biases; every draw from `rng`.
    public init(inputs: Int, hidden: [Int], embedding: Int, using rng: inout SplitMix64) {
        let widths = [inputs] + hidden + [embedding]
        var layers: [Linear] = []
        for l in 0..<(widths.count - 1) {
            let fanIn = Double(widths[l]), fanOut = Double(widths[l + 1])
            let isLast = l == widths.count - 2
            let scale = isLast ? (2 / (fanIn + fanOut)).squareRoot() : (2 / fanIn).squareRoot()
            layers.append(Linear(inputs: widths[l], outputs: widths[l + 1], scale: scale, using: &rng))
        }
        self.init(layers: layers)
    }

    /// One linear layer `width -> width` with weight I and bias 0: the input unchanged.
    public static func identity(width: Int) -> MLP {
        var weight = Matrix(rows: width, columns: width, storage: [Double](repeating: 0, count: width * width))
        for i in 0..<width { weight[i, i] = 1 }
        return MLP(layers: [Linear(weight: weight, bias: [Double](repeating: 0, count: width))])
    }

    /// Input width.
    public var inputs: Int { widths[0] }
    /// Embedding width.
    public var embedding: Int { widths[widths.count - 1] }
    /// Total number of parameters.
    public var parameterCount: Int { parameters.count }
    /// Number of linear layers.
    public var layerCount: Int { widths.count - 1 }

    /// Where layer `l`'s weight and bias sit in ``parameters``.
    func slot(_ l: Int) -> (weight: Range<Int>, bias: Range<Int>) {
        var offset = 0
        for k in 0..<l { offset += (widths[k] + 1) * widths[k + 1] }
        let weightEnd = offset + widths[l] * widths[l + 1]
        return (offset..<weightEnd, weightEnd..<(weightEnd + widths[l + 1]))
    }

    /// The layers, first to last, as separate values (copies of their slices of ``parameters``);
    /// ReLU follows every layer but the last.
    public var layers: [Linear] {
        (0..<layerCount).map { l in
            let (w, b) = slot(l)
            return Linear(weight: Matrix(rows: widths[l], columns: widths[l + 1], storage: Array(parameters[w])),
                          bias: Array(parameters[b]))
        }
    }

    /// What ``backward(_:cache:)`` needs from a forward pass: each linear layer's input and
    /// each pre-activation (the input of every ReLU).
    public struct Cache: Sendable {
        /// Input of layer `l`.
        public var layerInputs: [Matrix]
        /// Output of layer `l` before its ReLU (for the layers that have one).
        public var preActivations: [Matrix]
    }

    /// The raw embeddings `[N, embedding]` of `input` `[N, inputs]`.
    public func forward(_ input: Matrix) -> Matrix { forwardWithCache(input).output }

    /// The raw embeddings and the cache for the backward pass.
    public func forwardWithCache(_ input: Matrix) -> (output: Matrix, cache: Cache) {
        var cache = Cache(layerInputs: [], preActivations: [])
        var x = input
        parameters.withUnsafeBufferPointer { theta in
            for l in 0..<layerCount {
                let (w, b) = slot(l)
                cache.layerInputs.append(x)
                let z = Linear.forward(x, weight: UnsafeBufferPointer(rebasing: theta[w]), bias: UnsafeBufferPointer(rebasing: theta[b]))
                if l < layerCount - 1 {
                    cache.preActivations.append(z)
                    x = ReLU.forward(z)
                } else {
                    x = z
                }
            }
        }
        return (x, cache)
    }

    /// `∂L/∂θ` for every parameter, flattened in ``parameters`` order, from `∂L/∂output`. Each
    /// layer's gradient is written straight into its slice of the result.
    public func backward(_ outputGradient: Matrix, cache: Cache) -> [Double] {
        [Double](unsafeUninitializedCapacity: parameterCount) { flat, initialized in
            var g = outputGradient
            parameters.withUnsafeBufferPointer { theta in
                for l in stride(from: layerCount - 1, through: 0, by: -1) {
                    if l < layerCount - 1 { g = ReLU.backward(g, input: cache.preActivations[l]) }
                    let (w, b) = slot(l)
                    g = Linear.backward(g, input: cache.layerInputs[l], weight: UnsafeBufferPointer(rebasing: theta[w]),
                                        weightGradient: UnsafeMutableBufferPointer(rebasing: flat[w]),
                                        biasGradient: UnsafeMutableBufferPointer(rebasing: flat[b]),
                                        needsInputGradient: l > 0)
                }
            }
            initialized = parameterCount
        }
    }
}
