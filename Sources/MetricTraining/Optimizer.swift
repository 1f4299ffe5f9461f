import PairWeighting

/// Which update rule training uses.
public enum OptimizerKind: String, Sendable, CaseIterable {
    /// Adam (Kingma & Ba 2015) with bias correction.
    case adam
    /// Stochastic gradient descent with heavy-ball momentum.
    case sgd
}

/// An update rule over a flat parameter vector, with whatever state it keeps between steps.
///
/// Weight decay is the coupled (L2) form PyTorch's `SGD` and `Adam` use: the gradient becomes
/// `g + λ θ` before the rule sees it.
public protocol Optimizer: Sendable {
    /// Moves `parameters` one step against `gradient` (same length).
    mutating func step(parameters: inout [Double], gradient: [Double])
    /// The step size.
    var learningRate: Double { get set }
}

/// Builds the optimiser a configuration names, with fresh state.
public func makeOptimizer(_ kind: OptimizerKind, learningRate: Double, momentum: Double, weightDecay: Double) -> any Optimizer {
    switch kind {
    case .sgd: return SGD(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
    case .adam: return Adam(learningRate: learningRate, weightDecay: weightDecay)
    }
}

/// SGD with momentum (PyTorch's form):
///
///     g ← ∇θ + λ θ;   v ← μ v + g   (v = g on the first step);   θ ← θ − η v
///
/// With `μ = 0` this is plain gradient descent.
public struct SGD: Optimizer {
    public var learningRate: Double
    /// `μ`.
    public var momentum: Double
    /// `λ`.
    public var weightDecay: Double
    /// `v`, empty before the first step.
    public private(set) var velocity: [Double] = []

    public init(learningRate: Double, momentum: Double = 0, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        precondition(parameters.count == gradient.count, "parameters and gradient differ in length")
        let first = velocity.isEmpty
        if first { velocity = [Double](repeating: 0, count: parameters.count) }
        for i in parameters.indices {
            let g = gradient[i] + weightDecay * parameters[i]
            velocity[i] = first ? g : momentum * velocity[i] + g
            parameters[i] -= learningRate * velocity[i]
        }
    }
}

/// Adam with bias correction:
///
///     g ← ∇θ + λ θ;   m ← β₁ m + (1 − β₁) g;   v ← β₂ v + (1 − β₂) g²
///     θ ← θ − η m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
public struct Adam: Optimizer {
    public var learningRate: Double
    /// `λ`.
    public var weightDecay: Double
    /// `β₁`, `β₂`, `ε`: the paper's defaults.
    public var beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
    /// First and second moments, empty before the first step.
    public private(set) var firstMoment: [Double] = [], secondMoment: [Double] = []
    /// `t`, the number of steps taken.
    public private(set) var stepCount = 0
    private var beta1Power = 1.0, beta2Power = 1.0

    public init(learningRate: Double, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        precondition(parameters.count == gradient.count, "parameters and gradient differ in length")
        if firstMoment.isEmpty {
            firstMoment = [Double](repeating: 0, count: parameters.count)
            secondMoment = firstMoment
        }
        stepCount += 1
        beta1Power *= beta1
        beta2Power *= beta2
        let c1 = 1 / (1 - beta1Power), c2 = 1 / (1 - beta2Power)
        let (b1, b2, eps, lr, decay) = (beta1, beta2, epsilon, learningRate, weightDecay)
        // The formula above, entry by entry, on the kernels (four lanes per operation; the same
        // bits as the scalar formula on either build).
        parameters.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { grad in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        guard let t = theta.baseAddress, let g = grad.baseAddress,
                              let mp = m.baseAddress, let vp = v.baseAddress else { return }
                        Kernels.adamUpdate(count: theta.count, parameters: t, gradient: g, firstMoment: mp, secondMoment: vp,
                                           beta1: b1, beta2: b2, correction1: c1, correction2: c2,
                                           learningRate: lr, epsilon: eps, decay: decay)
                    }
                }
            }
        }
    }
}
