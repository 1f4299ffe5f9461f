import MetricTraining
import PairWeighting

/// One full training step at the paper's batch: a synthetic dataset with 64 features, the MLP
/// 64 → 128 → 64, multi-similarity with mining, Adam.
enum TrainingBench {
    /// The session the step is timed on: 40 synthetic classes of 30 rows (20 train), batches of
    /// 16 classes × 5 samples = 80 rows.
    static func makeSession() throws -> TrainingSession {
        var data = SyntheticParameters()
        data.signalDimension = 16
        data.nuisanceDimension = 48
        data.seed = 7
        let split = try DataSplit(data.generate(name: "synthetic-64"), rule: .halvesOfClasses)
        var configuration = TrainingConfiguration()
        configuration.classesPerBatch = 16
        configuration.samplesPerClass = 5
        configuration.hidden = [128]
        configuration.embedding = 64
        configuration.optimizer = .adam
        return try TrainingSession(split: split, configuration: configuration)
    }

    /// `trainStep` (forward, `S`, MS weights, backward through `S`, the normalisation and the
    /// MLP, Adam) on a fresh batch each time; drawing the batch is not timed.
    static func step(quick: Bool) -> [BenchCommand.Row] {
        guard var session = try? makeSession() else { return [] }
        let loss = MultiSimilarityLoss(spec: MultiSimilarityLoss.kind.defaultSpec)
        let timing = timeSteps(quick: quick, session: &session) { session in _ = try? session.trainStep(loss: loss) }
        return [BenchCommand.Row(group: "training", name: "step N=80 (64->128->64, ms, Adam)", timing: timing)]
    }

    /// The same step in float32 (``SingleTrainingStep``: weights, activations, both passes and
    /// Adam in single precision, the loss's weights in double), from the same initial parameters
    /// on the same batches as ``step(quick:)``; drawing the batch is not timed.
    static func singleStep(quick: Bool) -> [BenchCommand.Row] {
        guard var session = try? makeSession(), var single = try? SingleTrainingStep(session: session) else { return [] }
        let loss = MultiSimilarityLoss(spec: MultiSimilarityLoss.kind.defaultSpec)
        let timing = timeSteps(quick: quick, session: &session) { session in
            _ = try? single.trainStep(features: session.batch.features, labels: session.batch.labels, loss: loss)
        }
        return [BenchCommand.Row(group: "training", name: "step N=80 (64->128->64, ms, Adam), float32", timing: timing)]
    }

    /// Milliseconds per `step`, each on a batch `session` has just drawn (the drawing not timed):
    /// rounds of 20 steps (1 with `quick`), two warm-up rounds, then 31 (3) timed.
    private static func timeSteps(quick: Bool, session: inout TrainingSession,
                                  _ step: (inout TrainingSession) -> Void) -> TimingSummary {
        let inner = quick ? 1 : 20
        var samples: [Double] = []
        for round in 0..<(quick ? 3 : 31) + 2 {
            var elapsed = 0.0
            for _ in 0..<inner {
                session.drawBatch()
                let start = Stopwatch.now()
                step(&session)
                elapsed += Stopwatch.now() - start
            }
            if round >= 2 { samples.append(elapsed * 1000 / Double(inner)) }   // two warm-up rounds
        }
        return TimingSummary(samples)
    }
}
