import MetricTraining
import PairWeighting

/// `gpw compare`: one model per loss, all from the same initial weights and the same batch
/// sequence, side by side.
enum CompareCommand {
    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        var texts = try arguments.lossSpecs()
        let ablation = try arguments.choice("--ablation") != nil
        if ablation { texts = SeedStudy.msAblation + texts.filter { !SeedStudy.msAblation.contains($0) } }
        let seedsText = try arguments.value("--seeds")
        let baselineText = try arguments.value("--baseline")
        guard !texts.isEmpty else {
            throw CommandError.usage("gpw compare needs at least one --loss SPEC (repeat --loss for each loss)")
        }
        var specs: [LossSpec] = []
        for text in texts { specs.append(try TrainingOptions.loss(text)) }
        let options = try TrainingOptions.read(&arguments)
        try arguments.finish()
        if seedsText != nil || ablation || baselineText != nil {
            guard let seedsText else {
                throw CommandError.usage("\(ablation ? "--ablation" : "--baseline") goes with --seeds LIST (e.g. --seeds 1-5): intervals need several seeds")
            }
            let seeds = try SeedStudy.parseSeeds(seedsText)
            var baseline = 0
            if let baselineText {
                let wanted = try TrainingOptions.loss(baselineText)
                if let index = specs.firstIndex(where: { $0.description == wanted.description }) {
                    baseline = index
                } else {
                    specs.insert(wanted, at: 0)
                }
            }
            let study = try SeedStudy.run(options: options, specs: specs, seeds: seeds, baseline: baseline, ablation: ablation)
            try Output.out(options.json ? study.json() : study.text())
            return
        }

        let initial = try options.makeSession()
        let raw = initial.evaluateRawFeatures(full: options.fullEvaluation)
        // Every loss starts from these weights: their evaluation is done once.
        let before = initial.evaluate(full: options.fullEvaluation)
        var runs: [TrainingRun] = []
        for spec in specs {
            var session = initial               // same weights, same batch stream
            var progress = ProgressDisplay(label: spec.compactDescription, total: options.steps)
            runs.append(TrainingRun.run(&session, spec: spec, steps: options.steps, every: options.evaluateEvery,
                                        full: options.fullEvaluation, before: before) { progress.update(step: $0, loss: $1, evaluation: $2) })
            progress.finish()
        }
        let report = TrainingReport(options: options, raw: raw, runs: runs)
        try Output.out(options.json ? report.json(command: "compare") : report.compareText())
        if let first = runs.first(where: { $0.divergence != nil }), let error = first.divergence {
            throw CommandError("\(first.spec.compactDescription): \(error)", status: .failure)
        }
    }
}
