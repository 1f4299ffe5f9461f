import MetricTraining

/// One unseen-class evaluation: the fixed evaluation subset of the test classes.
public struct EvaluationSample: Sendable, Equatable {
    /// Steps taken when it was measured.
    public var step: Int
    public var mapAtR: Double
    public var recallAt1: Double

    public init(step: Int, mapAtR: Double, recallAt1: Double) {
        self.step = step
        self.mapAtR = mapAtR
        self.recallAt1 = recallAt1
    }

    init(step: Int, metrics: RetrievalMetrics) {
        self.init(step: step, mapAtR: metrics.mapAtR, recallAt1: metrics.recallAt[1] ?? 0)
    }
}

/// The curves of one model: training loss per step and evaluations every few steps.
public struct TrainingHistory: Sendable, Equatable {
    /// The training loss of every step, oldest first (the last ``capacity`` kept).
    public private(set) var losses: [Double] = []
    /// Evaluations, oldest first (the last ``capacity`` kept).
    public private(set) var evaluations: [EvaluationSample] = []
    /// How many values each series keeps.
    public static let capacity = 2000

    public init() {}

    mutating func record(loss: Double) {
        losses.append(loss)
        if losses.count > Self.capacity { losses.removeFirst(losses.count - Self.capacity) }
    }

    mutating func record(step: Int, metrics: RetrievalMetrics) {
        evaluations.append(EvaluationSample(step: step, metrics: metrics))
        if evaluations.count > Self.capacity { evaluations.removeFirst(evaluations.count - Self.capacity) }
    }

    /// The best MAP@R so far.
    public var bestMapAtR: EvaluationSample? { evaluations.max { $0.mapAtR < $1.mapAtR } }
}
