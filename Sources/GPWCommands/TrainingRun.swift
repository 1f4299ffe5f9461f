import MetricTraining
import PairWeighting

/// One evaluation during a run.
struct EvaluationPoint {
    /// Steps taken when it was measured (0: untrained).
    var step: Int
    var metrics: RetrievalMetrics
}

/// What one model trained with one loss produced.
struct TrainingRun {
    var spec: LossSpec
    var evaluations: [EvaluationPoint] = []
    /// The most recent training losses (a bounded window, so a long run's memory stays flat).
    var recentLosses = RecentLosses(capacity: 1)
    /// The step that diverged, if one did, and why.
    var divergedAt: Int?
    var divergence: TrainingError?
    var seconds = 0.0

    var before: RetrievalMetrics? { evaluations.first?.metrics }
    var after: RetrievalMetrics? { divergedAt == nil ? evaluations.last?.metrics : nil }

    /// How many of the last steps ``finalLoss`` averages: a tenth of the steps taken (at least
    /// one, at most ``RecentLosses/maximumCapacity``).
    var finalLossWindow: Int { min(max(1, recentLosses.count / 10), recentLosses.stored) }

    /// Mean training loss over the last tenth of the steps: less noisy than the last batch alone.
    var finalLoss: Double? {
        guard recentLosses.count > 0 else { return nil }
        return recentLosses.mean(ofLast: finalLossWindow)
    }

    /// Trains `session` for `steps` steps with `spec`, evaluating before, every `every` steps
    /// and after; `progress` is told after every step. `before` is the evaluation of `session`
    /// as it is, when the caller already has it (`compare` evaluates the shared initial weights
    /// once for every loss).
    static func run(_ session: inout TrainingSession, spec: LossSpec, steps: Int, every: Int, full: Bool,
                    before: RetrievalMetrics? = nil,
                    progress: (_ step: Int, _ loss: Double, _ evaluation: RetrievalMetrics?) -> Void) -> TrainingRun {
        let loss = spec.makeLoss()
        var run = TrainingRun(spec: spec)
        run.recentLosses = RecentLosses(capacity: max(1, steps / 10))
        let clock = ContinuousClock()
        let start = clock.now
        run.evaluations.append(EvaluationPoint(step: 0, metrics: before ?? session.evaluate(full: full)))
        let schedule = EvaluationSchedule(every: every, atEnd: true, full: full)
        let divergence = session.train(loss, steps: steps, batches: .thenNext, evaluating: schedule) { step in
            run.recentLosses.append(step.report.loss)
            if let metrics = step.evaluation {
                run.evaluations.append(EvaluationPoint(step: step.report.step, metrics: metrics))
            }
            progress(step.report.step, step.report.loss, step.evaluation)
        }
        run.divergence = divergence
        switch divergence {
        case .diverged(let step)?, .unstableUpdate(let step, _)?: run.divergedAt = step
        default: break
        }
        let elapsed = clock.now - start
        run.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return run
    }
}

/// The last values of a series in a ring buffer of at most ``maximumCapacity`` entries.
struct RecentLosses {
    static let maximumCapacity = 10_000
    private var buffer: [Double] = []
    private var next = 0
    private let capacity: Int
    /// Values appended so far (all of them, not only those kept).
    private(set) var count = 0

    init(capacity: Int) { self.capacity = min(max(1, capacity), Self.maximumCapacity) }

    /// Values kept.
    var stored: Int { buffer.count }

    mutating func append(_ value: Double) {
        count += 1
        if buffer.count < capacity {
            buffer.append(value)
        } else {
            buffer[next] = value
            next = (next + 1) % capacity
        }
    }

    /// Mean of the last `n` values (`1 ≤ n ≤ stored`), oldest first, as the unbounded history summed them.
    func mean(ofLast n: Int) -> Double {
        let start = buffer.count < capacity ? buffer.count - n : (next - n + capacity) % capacity
        var sum = 0.0
        for k in 0..<n { sum += buffer[(start + k) % max(1, buffer.count)] }
        return sum / Double(n)
    }
}
