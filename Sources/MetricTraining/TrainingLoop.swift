import PairWeighting

/// Which batch each step of a training loop trains on.
public enum BatchOrder: Sendable, Equatable {
    /// The current batch, then the next one is drawn (`gpw train`, `gpw compare`): the session is
    /// left on a batch no step has seen.
    case thenNext
    /// A new batch drawn just before each step (the explorer while running): the session is left
    /// on the batch the last step trained on, which the explorer's panels show.
    case newEachStep
    /// The current batch, every step (the explorer's `n`, and running with `R`).
    case same
}

/// When a training loop measures retrieval on the unseen classes (``TrainingSession/evaluate(full:)``).
public struct EvaluationSchedule: Sendable, Equatable {
    /// After every step whose number (``TrainingSession/step``) is a multiple of this.
    public var every: Int
    /// After the loop's last step as well.
    public var atEnd: Bool
    /// Every test row instead of the seeded subset.
    public var full: Bool

    public init(every: Int, atEnd: Bool = false, full: Bool = false) {
        self.every = max(1, every)
        self.atEnd = atEnd
        self.full = full
    }
}

/// One step of a training loop: what the step saw, the network before it, and the evaluation
/// after it when one was due.
public struct LoopStep: Sendable {
    public var report: StepReport
    /// The network before the step (the explorer's delta view weighs the batch with it).
    public var modelBefore: MLP
    public var evaluation: RetrievalMetrics?
}

extension TrainingSession {
    /// The training loop, the one `gpw train`, `gpw compare` and the explorer run: `steps` steps
    /// of `loss` (``trainStep(loss:)``) on the batches `order` gives, evaluating as `schedule`
    /// says; `observe` sees every step taken. Stops at the first step that fails (a failed step
    /// changes nothing) and returns its error; nil when every step was taken.
    @discardableResult
    public mutating func train(_ loss: any PairLoss, steps: Int, batches order: BatchOrder,
                               evaluating schedule: EvaluationSchedule?,
                               observe: (LoopStep) -> Void = { _ in }) -> TrainingError? {
        for index in 0..<max(0, steps) {
            if order == .newEachStep { drawBatch() }
            let before = model
            let report: StepReport
            do {
                report = try trainStep(loss: loss)
            } catch {
                return error
            }
            if order == .thenNext { drawBatch() }
            var evaluation: RetrievalMetrics?
            if let schedule, report.step % schedule.every == 0 || (schedule.atEnd && index == steps - 1) {
                evaluation = evaluate(full: schedule.full)
            }
            observe(LoopStep(report: report, modelBefore: before, evaluation: evaluation))
        }
        return nil
    }
}
