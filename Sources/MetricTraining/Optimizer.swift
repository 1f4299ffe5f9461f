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
        // The same update as the formula above, entry by entry, over raw buffers (no per-entry
        // uniqueness or bounds checks), four entries per step: each lane does exactly the scalar
        // operations (square root and division are correctly rounded), so the result is the
        // scalar loop's bit for bit.
        parameters.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { grad in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        guard let t = theta.baseAddress, let gp = grad.baseAddress,
                              let mp = m.baseAddress, let vp = v.baseAddress else { return }
                        let count = theta.count, whole = count & ~3
                        func load(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
                            UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
                        }
                        func store(_ x: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
                            UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD4<Double>.self)
                        }
                        var i = 0
                        while i < whole {
                            let th = load(t + i)
                            let g = UnsafeRawPointer(gp + i).loadUnaligned(as: SIMD4<Double>.self) + decay * th
                            let m4 = b1 * load(mp + i) + (1 - b1) * g
                            let v4 = b2 * load(vp + i) + (1 - b2) * g * g
                            store(m4, mp + i)
                            store(v4, vp + i)
                            let mHat = m4 * c1, vHat = v4 * c2
                            store(th - lr * mHat / (vHat.squareRoot() + eps), t + i)
                            i += 4
                        }
                        while i < count {
                            let g = gp[i] + decay * t[i]
                            mp[i] = b1 * mp[i] + (1 - b1) * g
                            vp[i] = b2 * vp[i] + (1 - b2) * g * g
                            let mHat = mp[i] * c1, vHat = vp[i] * c2
                            t[i] -= lr * mHat / (vHat.squareRoot() + eps)
                            i += 1
                        }
                    }
                }
            }
        }
    }
}
