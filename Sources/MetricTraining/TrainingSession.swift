import PairWeighting

/// A model, its optimiser, a seeded batch stream and an evaluation set: the state the
/// explorer's step key and the `train`/`compare` commands drive.
///
/// One step (``trainStep(loss:)``) on the current batch:
///
///     X ─MLP→ E ─→ S_ij = f_i · f_j  (f = e / ‖e‖) ─loss→ L, G = ∂L/∂S
///     ∂L/∂F = (G + Gᵀ) F,  ∂L/∂E = (I − f fᵀ) ∂L/∂f / ‖e‖,  ∂L/∂θ by the MLP's backward pass
///     θ ← optimiser(θ, ∂L/∂θ)
///
/// (The engine computes `S` and `∂L/∂E` from `E` directly, without writing `F`: see
/// ``CosineSimilarity/forward(_:)`` and ``CosineSimilarity/embeddingGradient(pairWeights:forward:)``.)
///
/// Three independent random streams come from the seed: initial weights, batches, and the
/// evaluation subset. So two sessions with the same seed and configuration start from the same
/// weights and see the same batches, whatever loss each one trains with (`gpw compare`).
public struct TrainingSession: Sendable {
    /// The hyper-parameters (the learning rate follows ``setLearningRate(_:)``).
    public private(set) var configuration: TrainingConfiguration
    /// Steps taken since the last initialisation.
    public private(set) var step: Int = 0
    /// The batch the next step trains on.
    public private(set) var batch: Batch
    /// The network.
    public private(set) var model: MLP {
        didSet { parameterSquares = nil }
    }
    /// `Σ θ²` of ``model``'s parameters when known from the last accepted step (its update loop
    /// sums them), nil after any other change of the model.
    private var parameterSquares: Double?
    /// The buffer a step writes its proposed parameters into; swapped with the model's on acceptance.
    private var proposal: [Double] = []
    /// The data.
    public let split: DataSplit
    /// Test-split rows of the default evaluation subset (fixed by the seed).
    public let evaluationRows: [Int]

    private var optimizer: any Optimizer
    private var sampler: BatchSampler
    private let initialSampler: BatchSampler

    /// `‖Δθ‖ / ‖θ‖` above which a step counts as diverging. A sane step is a few per cent at
    /// most (Adam at lr 1e-3: about 0.005); lr 100 gives hundreds.
    public static let largestUpdateRatio = 1.0

    static let modelStream: UInt64 = 1, batchStream: UInt64 = 2, evaluationStream: UInt64 = 3

    /// A fresh model on `split`, with the first batch drawn. Throws when the batch shape cannot
    /// be drawn from the training classes or a setting is out of range.
    public init(split: DataSplit, configuration: TrainingConfiguration) throws(TrainingError) {
        try configuration.validate()
        self.configuration = configuration
        self.split = split
        var firstSampler = try BatchSampler(
            labels: split.train.labels, classesPerBatch: configuration.classesPerBatch,
            samplesPerClass: configuration.samplesPerClass,
            rng: .derived(seed: configuration.seed, stream: Self.batchStream))
        if configuration.hardBatches { firstSampler.useHardBatches(features: split.train.features) }
        initialSampler = firstSampler
        sampler = initialSampler
        if configuration.startsAtIdentity, !configuration.hidden.isEmpty || configuration.embedding != split.train.dimension {
            throw .invalidConfiguration("an identity start needs no hidden layer and an embedding as wide as the input (\(split.train.dimension))")
        }
        model = Self.initialModel(inputs: split.train.dimension, configuration)
        optimizer = makeOptimizer(configuration.optimizer, learningRate: configuration.learningRate,
                                  momentum: configuration.momentum, weightDecay: configuration.weightDecay)
        var evaluationRNG = SplitMix64.derived(seed: configuration.seed, stream: Self.evaluationStream)
        var rows: [Int] = []
        for (_, classRows) in split.test.rowsByClass.sorted(by: { $0.key < $1.key }) {
            rows += evaluationRNG.sample(classRows, count: min(configuration.evaluationSubsetPerClass, classRows.count))
        }
        evaluationRows = rows.sorted()
        batch = Batch(indices: [], labels: PairLabels([]), features: Matrix(rows: 0, columns: 0))
        drawBatch()
    }

    /// The model a seed starts from: random (seeded), or the identity.
    static func initialModel(inputs: Int, _ configuration: TrainingConfiguration) -> MLP {
        if configuration.startsAtIdentity { return .identity(width: inputs) }
        var modelRNG = SplitMix64.derived(seed: configuration.seed, stream: Self.modelStream)
        return MLP(inputs: inputs, hidden: configuration.hidden, embedding: configuration.embedding, using: &modelRNG)
    }

    /// Replaces the current batch with the next one from the seeded stream.
    public mutating func drawBatch() {
        let rows = sampler.next()
        batch = Batch(indices: rows, labels: PairLabels(rows.map { split.train.labels[$0] }),
                      features: split.train.features.rows(rows))
    }

    /// Re-initialises the weights and the optimiser from the seed, sets `step` to 0 and restarts
    /// the batch stream (the first batch is drawn again).
    public mutating func resetModel() {
        model = Self.initialModel(inputs: split.train.dimension, configuration)
        optimizer = makeOptimizer(configuration.optimizer, learningRate: configuration.learningRate,
                                  momentum: configuration.momentum, weightDecay: configuration.weightDecay)
        sampler = initialSampler
        step = 0
        drawBatch()
    }

    /// Raw embeddings `[N, E]` of `features` `[N, D]` under the current model.
    public func embed(_ features: Matrix) -> Matrix { model.forward(features) }

    /// The current batch's raw embeddings and similarity matrix under the current model.
    public func similarity() -> (embeddings: Matrix, similarity: Matrix) {
        let e = model.forward(batch.features)
        return (e, CosineSimilarity.forward(e).similarity)
    }

    /// `L` and `∂L/∂θ` (flattened, ``MLP/parameters`` order) of `loss` on the current batch,
    /// without updating anything; with the intermediate values the report shows.
    public func lossGradient(loss: any PairLoss) -> (weights: PairWeights, gradient: [Double], embeddings: Matrix, similarity: Matrix) {
        let (e, cache) = model.forwardWithCache(batch.features)          // [N, D] -> [N, E]
        let forward = CosineSimilarity.forward(e)                        // S: [N, E] -> [N, N]
        let s = forward.similarity
        WorkCounter.record(.lossEvaluation)
        let weights = loss.evaluate(similarity: s, labels: batch.labels) // G: [N, N]
        let dE = CosineSimilarity.embeddingGradient(pairWeights: weights.gradient, forward: forward)
        return (weights, model.backward(dE, cache: cache), e, s)
    }

    /// One step on the current batch (it does not draw the next one): forward, `S`, the loss
    /// and its weights `G`, the backward pass through `S`, the normalisation and the MLP, the
    /// optimiser update. Throws (and changes nothing) ``TrainingError/diverged(step:)`` when the
    /// loss or its gradient is not finite, or the update would make a parameter non-finite, and
    /// ``TrainingError/unstableUpdate(step:ratio:)`` when the update would move the parameters by
    /// more than their own norm.
    public mutating func trainStep(loss: any PairLoss) throws(TrainingError) -> StepReport {
        let (weights, gradient, e, s) = lossGradient(loss: loss)
        let gradientNorm = sumOfSquares(gradient).squareRoot()
        guard weights.value.isFinite, gradientNorm.isFinite else { throw .diverged(step: step + 1) }
        // The optimiser proposes into the spare buffer; its state and the model change only
        // after the checks pass (then the buffers swap). The sums of the new parameters and of
        // the change come out of the update loop itself.
        let previousNorm = (parameterSquares ?? sumOfSquares(model.parameters)).squareRoot()
        if proposal.count == model.parameterCount {
            proposal.withUnsafeMutableBufferPointer { p in
                model.parameters.withUnsafeBufferPointer { θ in p.baseAddress!.update(from: θ.baseAddress!, count: θ.count) }
            }
        } else {
            proposal = model.parameters
        }
        let sums = optimizer.propose(parameters: &proposal, gradient: gradient)
        let parameterNorm = sums.squares.squareRoot()
        guard parameterNorm.isFinite else { throw .diverged(step: step + 1) }
        let ratio = sums.changeSquares.squareRoot() / previousNorm
        if ratio > Self.largestUpdateRatio { throw .unstableUpdate(step: step + 1, ratio: ratio) }
        let accepted = proposal                 // the buffers change places; nothing is copied
        proposal = model.parameters
        model.parameters = accepted
        parameterSquares = sums.squares
        optimizer.commit()
        step += 1
        return StepReport(step: step, loss: weights.value, weights: weights, embeddings: e, similarity: s,
                          gradientNorm: gradientNorm, parameterNorm: parameterNorm)
    }

    /// Retrieval on the unseen (test) rows: the fixed subset
    /// (``TrainingConfiguration/evaluationSubsetPerClass`` rows per class) or every test row.
    public func evaluate(full: Bool = false) -> RetrievalMetrics {
        let test = full ? split.test : split.test.subset(rows: evaluationRows)
        return RetrievalEvaluator.evaluate(embeddings: model.forward(test.features), labels: test.labels)
    }

    /// Retrieval on the raw (standardised) test features, no network: the baseline to beat.
    public func evaluateRawFeatures(full: Bool = false) -> RetrievalMetrics {
        let test = full ? split.test : split.test.subset(rows: evaluationRows)
        return RetrievalEvaluator.evaluate(embeddings: test.features, labels: test.labels)
    }

    /// Changes the step size from the next step on (the optimiser keeps its state).
    public mutating func setLearningRate(_ lr: Double) {
        configuration.learningRate = lr
        optimizer.learningRate = lr
    }
}

/// `Σ v²` in four interleaved partial sums (``UpdateSums``' lane order; the step's norms are
/// checks and reports, never inputs to the update).
func sumOfSquares(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { a in
        guard let ap = a.baseAddress else { return 0 }
        let count = a.count, whole = count & ~3
        var lanes = SIMD4<Double>(), tail = 0.0
        var i = 0
        while i < whole {
            let d = UnsafeRawPointer(ap + i).loadUnaligned(as: SIMD4<Double>.self)
            lanes += d * d
            i += 4
        }
        while i < count { tail += ap[i] * ap[i]; i += 1 }
        return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + tail
    }
}
