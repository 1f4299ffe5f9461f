import PairWeighting

/// The embedding network: `input -> [Linear -> ReLU] × hidden -> Linear -> embedding`.
///
/// The output is the *raw* embedding; its L2 normalisation happens in the engine's
/// ``PairWeighting/CosineSimilarity``, so the loss, its pair weights and their backward pass
/// through the normalisation stay in one visible place.
public struct MLP: Sendable, Equatable {
    /// The linear layers, first to last; ReLU follows every layer but the last.
    public var layers: [Linear]

    /// A network over existing layers. - Precondition: consecutive widths match.
    public init(layers: [Linear]) {
        precondition(!layers.isEmpty, "an MLP needs at least one layer")
        for (a, b) in zip(layers, layers.dropFirst()) {
            precondition(a.outputs == b.inputs, "layer widths \(a.outputs) and \(b.inputs) do not match")
        }
        self.layers = layers
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

    /// Input width.
    public var inputs: Int { layers[0].inputs }
    /// Embedding width.
    public var embedding: Int { layers[layers.count - 1].outputs }
    /// Total number of parameters.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

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
        for (l, layer) in layers.enumerated() {
            cache.layerInputs.append(x)
            let z = layer.forward(x)
            if l < layers.count - 1 {
                cache.preActivations.append(z)
                x = ReLU.forward(z)
            } else {
                x = z
            }
        }
        return (x, cache)
    }

    /// `∂L/∂θ` for every parameter, flattened in ``parameters`` order, from `∂L/∂output`.
    public func backward(_ outputGradient: Matrix, cache: Cache) -> [Double] {
        var perLayer = [(weight: Matrix, bias: [Double])](repeating: (Matrix(rows: 0, columns: 0), []), count: layers.count)
        var g = outputGradient
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            if l < layers.count - 1 { g = ReLU.backward(g, input: cache.preActivations[l]) }
            let grads = layers[l].backward(g, input: cache.layerInputs[l], needsInputGradient: l > 0)
            perLayer[l] = (grads.weight, grads.bias)
            g = grads.input
        }
        var flat: [Double] = []
        flat.reserveCapacity(parameterCount)
        for grads in perLayer {
            flat.append(contentsOf: grads.weight.storage)
            flat.append(contentsOf: grads.bias)
        }
        return flat
    }

    /// Every parameter in one vector: layer by layer, weight (row-major) then bias.
    public var parameters: [Double] {
        get {
            var flat: [Double] = []
            flat.reserveCapacity(parameterCount)
            for layer in layers {
                flat.append(contentsOf: layer.weight.storage)
                flat.append(contentsOf: layer.bias)
            }
            return flat
        }
        set {
            precondition(newValue.count == parameterCount, "expected \(parameterCount) parameters, got \(newValue.count)")
            var offset = 0
            for l in layers.indices {
                let w = layers[l].weight.storage.count, b = layers[l].bias.count
                layers[l].weight.storage = Array(newValue[offset..<(offset + w)])
                layers[l].bias = Array(newValue[(offset + w)..<(offset + w + b)])
                offset += w + b
            }
        }
    }
}
