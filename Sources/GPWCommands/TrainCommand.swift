import MetricTraining
import PairWeighting

/// `gpw train`: trains one model with one loss and reports unseen-class retrieval before and after.
enum TrainCommand {
    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let specs = try arguments.lossSpecs()
        guard specs.count <= 1 else { throw CommandError.usage("gpw train takes one --loss; use gpw compare for several") }
        let spec = try TrainingOptions.loss(specs.first ?? "ms")
        let options = try TrainingOptions.read(&arguments)
        try arguments.finish()

        var session = try options.makeSession()
        let raw = session.evaluateRawFeatures(full: options.fullEvaluation)
        var progress = ProgressDisplay(label: spec.kind.name, total: options.steps)
        let run = TrainingRun.run(&session, spec: spec, steps: options.steps, every: options.evaluateEvery,
                                  full: options.fullEvaluation) { progress.update(step: $0, loss: $1, evaluation: $2) }
        progress.finish()
        let report = TrainingReport(options: options, raw: raw, runs: [run])
        try Output.out(options.json ? report.json(command: "train") : report.trainText())
        if let error = run.divergence { throw CommandError(error.description, status: .failure) }
    }
}
