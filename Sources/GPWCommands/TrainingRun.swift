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
    var losses: [Double] = []
    /// The step that diverged, if one did, and why.
    var divergedAt: Int?
    var divergence: TrainingError?
    var seconds = 0.0

    var before: RetrievalMetrics? { evaluations.first?.metrics }
    var after: RetrievalMetrics? { divergedAt == nil ? evaluations.last?.metrics : nil }

    /// Mean training loss over the last tenth of the steps (at least one): less noisy than the
    /// last batch alone.
    var finalLoss: Double? {
        guard !losses.isEmpty else { return nil }
        let tail = losses.suffix(max(1, losses.count / 10))
        return tail.reduce(0, +) / Double(tail.count)
    }

    /// Trains `session` for `steps` steps with `spec`, evaluating before, every `every` steps
    /// and after; `progress` is told after every step.
    static func run(_ session: inout TrainingSession, spec: LossSpec, steps: Int, every: Int, full: Bool,
                    progress: (_ step: Int, _ loss: Double, _ evaluation: RetrievalMetrics?) -> Void) -> TrainingRun {
        let loss = spec.makeLoss()
        var run = TrainingRun(spec: spec)
        let clock = ContinuousClock()
        let start = clock.now
        run.evaluations.append(EvaluationPoint(step: 0, metrics: session.evaluate(full: full)))
        for _ in 0..<steps {
            do {
                let report = try session.trainStep(loss: loss)
                run.losses.append(report.loss)
                session.drawBatch()
                var evaluation: RetrievalMetrics?
                if report.step % every == 0 || report.step == steps {
                    let metrics = session.evaluate(full: full)
                    run.evaluations.append(EvaluationPoint(step: report.step, metrics: metrics))
                    evaluation = metrics
                }
                progress(report.step, report.loss, evaluation)
            } catch {
                switch error {
                case .diverged(let step), .unstableUpdate(let step, _): run.divergedAt = step
                default: break
                }
                run.divergence = error
                break
            }
        }
        let elapsed = clock.now - start
        run.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return run
    }
}
