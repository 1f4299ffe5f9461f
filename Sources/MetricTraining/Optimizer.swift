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
    /// Writes into `parameters` the step against `gradient` (same length) without changing the
    /// optimiser's state; ``commit()`` then keeps the state that step implies (a caller can refuse
    /// a step by not committing). Returns `Σ θ'²` and `Σ (θ' − θ)²` of the new parameters.
    mutating func propose(parameters: inout [Double], gradient: [Double]) -> UpdateSums
    /// Keeps the state of the last ``propose(parameters:gradient:)``.
    mutating func commit()
    /// The step size.
    var learningRate: Double { get set }
}

/// Sums over a proposed step, for the caller's checks: `Σ θ'²` and `Σ (θ' − θ)²`, each in four
/// interleaved lanes (entry `i` into lane `i mod 4` over the whole groups of four, the lanes added
/// as `(l0 + l1) + (l2 + l3)`, then the tail in order).
public struct UpdateSums: Sendable, Equatable {
    public var squares: Double
    public var changeSquares: Double
}

extension Optimizer {
    /// Moves `parameters` one step against `gradient` (same length): propose, then commit.
    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        _ = propose(parameters: &parameters, gradient: gradient)
        commit()
    }
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
    /// The proposed `v` (double buffering: a refused step leaves `velocity` as it was).
    private var proposedVelocity: [Double] = []

    public init(learningRate: Double, momentum: Double = 0, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public mutating func propose(parameters: inout [Double], gradient: [Double]) -> UpdateSums {
        precondition(parameters.count == gradient.count, "parameters and gradient differ in length")
        let first = velocity.isEmpty
        if proposedVelocity.count != parameters.count { proposedVelocity = [Double](repeating: 0, count: parameters.count) }
        var sums = LaneSums()
        for i in parameters.indices {
            let old = parameters[i]
            let g = gradient[i] + weightDecay * old
            let v = first ? g : momentum * velocity[i] + g
            proposedVelocity[i] = v
            parameters[i] -= learningRate * v
            sums.add(i, value: parameters[i], change: parameters[i] - old, count: parameters.count)
        }
        return sums.result
    }

    public mutating func commit() {
        swap(&velocity, &proposedVelocity)
    }
}

/// `Σ θ'²` and `Σ (θ' − θ)²` in ``UpdateSums``' lane order, one entry at a time.
struct LaneSums {
    var squares = SIMD4<Double>(), changes = SIMD4<Double>()
    var squareTail = 0.0, changeTail = 0.0

    mutating func add(_ i: Int, value: Double, change: Double, count: Int) {
        if i < count & ~3 {
            squares[i & 3] += value * value
            changes[i & 3] += change * change
        } else {
            squareTail += value * value
            changeTail += change * change
        }
    }

    var result: UpdateSums {
        UpdateSums(squares: (squares[0] + squares[1]) + (squares[2] + squares[3]) + squareTail,
                   changeSquares: (changes[0] + changes[1]) + (changes[2] + changes[3]) + changeTail)
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
    /// The proposed moments (double buffering: a refused step leaves the state as it was).
    private var proposedFirst: [Double] = [], proposedSecond: [Double] = []
    /// `t`, the number of steps taken.
    public private(set) var stepCount = 0
    private var beta1Power = 1.0, beta2Power = 1.0

    public init(learningRate: Double, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    public mutating func propose(parameters: inout [Double], gradient: [Double]) -> UpdateSums {
        precondition(parameters.count == gradient.count, "parameters and gradient differ in length")
        let count = parameters.count
        if firstMoment.count != count {
            firstMoment = [Double](repeating: 0, count: count)
            secondMoment = firstMoment
        }
        if proposedFirst.count != count {
            proposedFirst = [Double](repeating: 0, count: count)
            proposedSecond = proposedFirst
        }
        let c1 = 1 / (1 - beta1Power * beta1), c2 = 1 / (1 - beta2Power * beta2)
        let (b1, b2, eps, lr, decay) = (beta1, beta2, epsilon, learningRate, weightDecay)
        // The formula above, entry by entry, on the kernels (four lanes per operation; the same
        // bits as the scalar formula on either build), the new moments into the proposal buffers.
        return parameters.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { grad in
                firstMoment.withUnsafeBufferPointer { m in
                    secondMoment.withUnsafeBufferPointer { v in
                        proposedFirst.withUnsafeMutableBufferPointer { newM in
                            proposedSecond.withUnsafeMutableBufferPointer { newV in
                                guard let t = theta.baseAddress, let g = grad.baseAddress, let mp = m.baseAddress,
                                      let vp = v.baseAddress, let nm = newM.baseAddress, let nv = newV.baseAddress else {
                                    return UpdateSums(squares: 0, changeSquares: 0)
                                }
                                let sums = Kernels.adamUpdate(count: count, parameters: t, gradient: g, firstMoment: mp,
                                                              secondMoment: vp, newFirstMoment: nm, newSecondMoment: nv,
                                                              beta1: b1, beta2: b2, correction1: c1, correction2: c2,
                                                              learningRate: lr, epsilon: eps, decay: decay)
                                return UpdateSums(squares: sums.squares, changeSquares: sums.changeSquares)
                            }
                        }
                    }
                }
            }
        }
    }

    public mutating func commit() {
        swap(&firstMoment, &proposedFirst)
        swap(&secondMoment, &proposedSecond)
        stepCount += 1
        beta1Power *= beta1
        beta2Power *= beta2
    }
}
