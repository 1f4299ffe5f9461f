import PairWeighting

/// What one float32 step reports (the float twin of ``StepReport``'s numbers).
public struct SingleStepReport: Sendable, Equatable {
    /// The step just taken (1 for the first).
    public var step: Int
    /// The training loss on the batch, before the update.
    public var loss: Double
    /// `‖∂L/∂θ‖` of the loss alone (weight decay not included).
    public var gradientNorm: Double
    /// `‖θ‖` after the update.
    public var parameterNorm: Double
}

/// The training step in single precision, like for like with pytorch-metric-learning (float32):
/// the MLP's weights, activations, forward and backward passes, the normalisation and its
/// backward pass, and Adam's update all in float, on the single-precision kernels picked at run
/// time like the double ones (the products 8 lanes wide with fused multiply-adds on the AVX2
/// build, 16 on the AVX-512 build; the entry-wise passes 8 lanes). The loss's pair weights `G = ∂L/∂S`
/// come from the loss's own double code on `S` widened from float (the `[N, N]` matrix is tiny).
///
///     X ─float MLP→ E ─→ S = (E Eᵀ) ⊙ u uᵀ ─widen→ loss (double) → G ─→ A ─→ ∂L/∂E = A E ─float MLP backward→ ∂L/∂θ
///     θ ← Adam(θ, ∂L/∂θ)   (float)
///
/// It starts from a double ``MLP``'s parameters (rounded to float) with a fresh Adam, so it and a
/// ``TrainingSession`` at step 0 can be compared from the same state; the tests hold the two to
/// the same loss, gradients and updates within float rounding (DECISIONS.md). `gpw weights`, the
/// explorer and `train` use the double session; this type exists for the benchmark's
/// like-for-like step and its tests.
///
/// A step allocates only what the loss itself allocates for its weights: every float buffer lives
/// in two allocations made at the first step (``SingleBuffers``), copied only if the value is
/// shared when it is written.
public struct SingleTrainingStep: Sendable {
    /// The double network this one was made from (its shape, and the form ``model`` returns).
    private let shape: MLP
    private let layout: SingleLayout
    private let stateLayout: SingleLayout.State
    private var state: SingleBuffers
    private var workspaceLayout: SingleLayout.Workspace
    private var workspace: SingleBuffers
    /// `S` widened for the loss, reused from step to step.
    private var similarity: Matrix
    /// Which of the two parameter (and moment) slots is current: 0 or 1.
    private var current = 0
    /// `Σ θ²` of the current parameters when known from the last accepted step.
    private var parameterSquares: Double?
    private var beta1Power = 1.0, beta2Power = 1.0

    /// The kernel build every product and pass runs on (nil: the active one).
    public let build: KernelBuild?
    /// Adam's step size `η`, and the coupled weight decay `λ` (``Adam``'s form).
    public var learningRate: Double, weightDecay: Double
    /// `β₁`, `β₂`, `ε`: the paper's defaults, as ``Adam``.
    public let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
    /// Steps taken.
    public private(set) var step = 0

    /// A float32 network with `model`'s parameters rounded to float, and a fresh Adam.
    public init(model: MLP, learningRate: Double, weightDecay: Double = 0, build: KernelBuild? = nil) {
        shape = model
        layout = SingleLayout(widths: model.widths)
        stateLayout = SingleLayout.State(parameterCount: layout.parameterCount)
        state = SingleBuffers(count: stateLayout.count)
        let θ = state.pointer(stateLayout.slot(0))
        for (k, v) in model.parameters.enumerated() { θ[k] = Float(v) }
        workspaceLayout = SingleLayout.Workspace(rows: 0, widths: layout.widths)
        workspace = SingleBuffers(count: workspaceLayout.count)
        similarity = Matrix(rows: 0, columns: 0)
        self.build = build
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// The float32 twin of `session`'s model and optimiser as they start (Adam, fresh moments, the
    /// session's learning rate and weight decay). Throws when the session does not train with Adam.
    public init(session: TrainingSession, build: KernelBuild? = nil) throws(TrainingError) {
        let c = session.configuration
        guard c.optimizer == .adam else { throw .invalidConfiguration("the float32 step trains with Adam only") }
        self.init(model: session.model, learningRate: c.learningRate, weightDecay: c.weightDecay, build: build)
    }

    /// Layer widths: input, each hidden width, embedding.
    public var widths: [Int] { layout.widths }
    /// The current parameters, ``MLP/parameters`` order.
    public var parameters: [Float] { state.array(stateLayout.slot(current), layout.parameterCount) }
    /// The current parameters widened into a double ``MLP`` (for evaluation and comparison).
    public var model: MLP {
        var m = shape
        m.parameters = parameters.map(Double.init)
        return m
    }

    /// `L`, its pair weights and `∂L/∂θ` (``MLP/parameters`` order) of `loss` on a batch, without
    /// updating anything.
    public mutating func lossGradient(features: Matrix, labels: PairLabels, loss: any PairLoss) -> (weights: PairWeights, gradient: [Float]) {
        let weights = computeGradient(features: features, labels: labels, loss: loss)
        return (weights, state.array(stateLayout.gradient, layout.parameterCount))
    }

    /// One step on a batch: forward, `S`, the loss's weights, the backward pass, Adam. Throws (and
    /// changes nothing) as ``TrainingSession/trainStep(loss:)`` does: ``TrainingError/diverged(step:)``
    /// when the loss, its gradient or the new parameters are not finite,
    /// ``TrainingError/unstableUpdate(step:ratio:)`` when the update is larger than the parameters.
    public mutating func trainStep(features: Matrix, labels: PairLabels, loss: any PairLoss) throws(TrainingError) -> SingleStepReport {
        let weights = computeGradient(features: features, labels: labels, loss: loss)
        let n = layout.parameterCount, s = stateLayout, old = current, new = 1 - current
        let c1 = 1 / (1 - beta1Power * beta1), c2 = 1 / (1 - beta2Power * beta2)
        let sums = Kernels.singleAdamUpdate(
            count: n, parameters: state.pointer(s.slot(old)), newParameters: state.pointer(s.slot(new)),
            gradient: state.pointer(s.gradient),
            firstMoment: state.pointer(s.slot(2 + old)), secondMoment: state.pointer(s.slot(4 + old)),
            newFirstMoment: state.pointer(s.slot(2 + new)), newSecondMoment: state.pointer(s.slot(4 + new)),
            beta1: Float(beta1), beta2: Float(beta2), correction1: Float(c1), correction2: Float(c2),
            learningRate: Float(learningRate), epsilon: Float(epsilon), decay: Float(weightDecay), build: build)
        let gradientNorm = sums.gradientSquares.squareRoot(), parameterNorm = sums.squares.squareRoot()
        guard weights.value.isFinite, gradientNorm.isFinite, parameterNorm.isFinite else { throw .diverged(step: step + 1) }
        let previousNorm = (parameterSquares ?? Self.sumOfSquares(state.pointer(s.slot(old)), count: n)).squareRoot()
        let ratio = sums.changeSquares.squareRoot() / previousNorm
        if ratio > TrainingSession.largestUpdateRatio { throw .unstableUpdate(step: step + 1, ratio: ratio) }
        current = new                       // the proposal becomes the state; nothing is copied
        parameterSquares = sums.squares
        beta1Power *= beta1
        beta2Power *= beta2
        step += 1
        return SingleStepReport(step: step, loss: weights.value, gradientNorm: gradientNorm, parameterNorm: parameterNorm)
    }

    /// Forward, `S`, the loss, the backward pass: `∂L/∂θ` into the state's gradient buffer.
    private mutating func computeGradient(features: Matrix, labels: PairLabels, loss: any PairLoss) -> PairWeights {
        let n = features.rows
        precondition(features.columns == layout.widths[0] && labels.count == n,
                     "features must be [\(labels.count), \(layout.widths[0])], are [\(n), \(features.columns)]")
        prepare(rows: n)
        let w = workspaceLayout, buffers = workspace.base, d = layout.embedding
        let θ = UnsafePointer(state.pointer(stateLayout.slot(current)))
        features.storage.withUnsafeBufferPointer { x in
            let input = buffers + w.activations[0]
            for k in 0..<x.count { input[k] = Float(x[k]) }
        }
        SingleNetwork.forward(layout, parameters: θ, workspace: w, buffers: buffers, build: build)
        let e = UnsafePointer(buffers + w.activations[layout.layerCount])
        similarity.storage.withUnsafeMutableBufferPointer { s in
            SingleCosine.forward(e, rows: n, columns: d, gram: buffers + w.gram, inverse: buffers + w.inverseNorms,
                                 similarity: s.baseAddress!, scratch: buffers + w.scratch, build: build)
        }
        WorkCounter.record(.lossEvaluation)
        let weights = loss.evaluate(similarity: similarity, labels: labels)
        weights.gradient.storage.withUnsafeBufferPointer { g in
            similarity.storage.withUnsafeBufferPointer { s in
                SingleCosine.backward(pairWeights: g.baseAddress!, similarity: s.baseAddress!, e: e, rows: n, columns: d,
                                      inverse: buffers + w.inverseNorms, coefficients: buffers + w.coefficients,
                                      radial: UnsafeMutableRawPointer(buffers + w.radial).bindMemory(to: Double.self, capacity: n),
                                      into: buffers + w.gradients.0, scratch: buffers + w.scratch, build: build)
            }
        }
        SingleNetwork.backward(layout, parameters: θ, gradient: state.pointer(stateLayout.gradient),
                               workspace: w, buffers: buffers, build: build)
        return weights
    }

    /// Sizes the workspace for `rows` rows (once per batch size) and makes both buffers unshared.
    private mutating func prepare(rows n: Int) {
        if !isKnownUniquelyReferenced(&state) { state = SingleBuffers(copying: state) }
        if workspaceLayout.rows != n {
            workspaceLayout = SingleLayout.Workspace(rows: n, widths: layout.widths)
            workspace = SingleBuffers(count: workspaceLayout.count)
            similarity = Matrix(rows: n, columns: n)
        } else if !isKnownUniquelyReferenced(&workspace) {
            workspace = SingleBuffers(copying: workspace)
        }
    }

    private static func sumOfSquares(_ p: UnsafePointer<Float>, count: Int) -> Double {
        var sum = 0.0
        for k in 0..<count { sum += Double(p[k]) * Double(p[k]) }
        return sum
    }
}
