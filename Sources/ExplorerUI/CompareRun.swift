import MetricTraining
import PairWeighting

/// A live `c` comparison (the `gpw compare` protocol): one copy of the freshly initialised model
/// per loss on screen, all with the same initial weights and the same batch sequence, trained a
/// bounded number of steps per tick and evaluated on the fixed unseen-class subset.
public struct CompareRun: Sendable {
    /// One trained model.
    public struct Lane: Sendable {
        /// The loss (compact spec) this lane trains with.
        public var name: String
        var loss: any PairLoss
        public internal(set) var session: TrainingSession
        /// MAP@R and Recall@1 at step 0 and every ``CompareRun/evaluateEvery`` steps.
        public var curve: [EvaluationSample]
        /// Why the lane stopped early, if it did.
        public var stopped: String?
        /// Steps this lane has taken.
        public var step = 0
        var isDone: Bool { stopped != nil }
    }

    public private(set) var lanes: [Lane]
    /// Steps taken by every lane (the slowest lane's count).
    public private(set) var step = 0
    /// Steps to take.
    public let total: Int
    /// Steps between evaluations.
    public let evaluateEvery: Int
    /// Evaluations per tick (each after ``evaluateEvery`` steps of one lane): keeps one tick short
    /// whatever the number of lanes, since an evaluation costs far more than a step.
    public let evaluationsPerTick: Int
    /// Stopped by the user before `total`.
    public private(set) var isCancelled = false
    /// Losses that could not take part (specs that did not parse).
    public let skipped: [String]

    public var isFinished: Bool { isCancelled || step >= total || lanes.allSatisfy(\.isDone) }

    /// Starts from `session` re-initialised from its seed (so from step 0, as `gpw compare`).
    init(session: TrainingSession, losses: [LossEntry], total: Int, evaluateEvery: Int, evaluationsPerTick: Int = 1) {
        var fresh = session
        fresh.resetModel()
        let start = EvaluationSample(step: 0, metrics: fresh.evaluate())
        lanes = losses.compactMap { entry in
            entry.spec.map { Lane(name: $0.compactDescription, loss: $0.makeLoss(), session: fresh, curve: [start]) }
        }
        skipped = losses.filter { $0.spec == nil }.map(\.name)
        self.total = max(1, total)
        self.evaluateEvery = max(1, evaluateEvery)
        self.evaluationsPerTick = max(1, evaluationsPerTick)
    }

    /// Advances the lane that is furthest behind to its next evaluation point, evaluates it, and
    /// repeats ``evaluationsPerTick`` times: lanes take turns, so they stay within one evaluation
    /// interval of each other.
    mutating func advance() {
        guard !isFinished else { return }
        for _ in 0..<evaluationsPerTick {
            let waiting = lanes.indices.filter { !lanes[$0].isDone && lanes[$0].step < total }
            guard let index = waiting.min(by: { lanes[$0].step < lanes[$1].step }) else { break }
            var lane = lanes[index]
            let target = min(total, (lane.step / evaluateEvery + 1) * evaluateEvery)
            var taken = 0
            var evaluation: RetrievalMetrics?
            let error = lane.session.train(lane.loss, steps: target - lane.step, batches: .thenNext,
                                           evaluating: EvaluationSchedule(every: evaluateEvery, atEnd: true)) { step in
                taken += 1
                evaluation = step.evaluation
            }
            lane.step += taken
            if let error {
                lane.stopped = "\(error)"
            } else if let evaluation {
                lane.curve.append(EvaluationSample(step: lane.step, metrics: evaluation))
            }
            lanes[index] = lane
        }
        let running = lanes.filter { !$0.isDone }
        step = running.isEmpty ? (lanes.map(\.step).max() ?? 0) : (running.map(\.step).min() ?? 0)
    }

    mutating func cancel() { isCancelled = true }

    /// The lane with the highest last MAP@R (ties: the first), among lanes that did not stop.
    public var leader: Lane? {
        lanes.filter { $0.stopped == nil }.max { ($0.curve.last?.mapAtR ?? 0) < ($1.curve.last?.mapAtR ?? 0) }
    }

    /// `compare: step k/N` or the result.
    public var status: String {
        if !isFinished { return "compare: step \(step)/\(total) (c or esc stops)" }
        let head = isCancelled ? "compare stopped at step \(step)/\(total)" : "compare done: \(step) steps"
        guard let leader, let last = leader.curve.last else { return head }
        return head + "; best MAP@R " + leader.name + " " + NumberText.fixed(last.mapAtR, decimals: 3)
    }
}
