import MetricTraining
import PairWeighting

/// The text and JSON that `gpw train` and `gpw compare` print.
struct TrainingReport {
    let options: TrainingOptions
    let raw: RetrievalMetrics
    let runs: [TrainingRun]

    var evaluationDescription: String {
        options.fullEvaluation
            ? "all \(options.split.test.count) test rows"
            : "\(options.configuration.evaluationSubsetPerClass) rows per unseen class (seeded subset; --full-eval for all)"
    }

    /// Lines describing the data and the setup, each label's details indented on the next line
    /// so that each line fits a projector's 80 columns.
    var header: [String] {
        let c = options.configuration
        let split = options.split
        return [
            "data: \(options.data)",
            "  \(split.train.dimension) features; split: \(split.rule)",
            "  \(split.train.count) training rows (\(split.train.classes.count) classes), \(split.test.count) test rows (\(split.test.classes.count) classes)",
            "model: \(([split.train.dimension] + c.hidden + [c.embedding]).map(String.init).joined(separator: "->")), L2-normalised; \(c.optimizer.rawValue) lr \(formatNumber(c.learningRate)), weight decay \(formatNumber(c.weightDecay))",
            "  batch \(c.classesPerBatch)x\(c.samplesPerClass)\(c.hardBatches ? " (hard: a class and its nearest classes)" : ""); \(options.steps) steps; seed \(c.seed)",
            "evaluation: unseen classes, cosine, query left out;",
            "  \(evaluationDescription)",
        ]
    }

    static func metricCells(_ m: RetrievalMetrics?) -> [String] {
        guard let m else { return ["-", "-", "-", "-", "-"] }
        return [fixed(m.mapAtR, 4)] + RetrievalMetrics.ks.map { fixed(m.recallAt[$0] ?? 0, 4) }
    }

    /// Right-aligns columns (the first column left-aligned), `gap` spaces apart.
    static func table(_ rows: [[String]], gap: Int = 2) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: String(repeating: " ", count: gap))
        }
    }

    /// `gpw train`'s table: rows raw / before / after, columns MAP@R and R@K.
    func trainText() -> String {
        let run = runs[0]
        var rows = [["", "MAP@R"] + RetrievalMetrics.ks.map { "R@\($0)" }]
        rows.append(["raw features"] + Self.metricCells(raw))
        rows.append(["untrained net"] + Self.metricCells(run.before))
        rows.append([run.divergedAt.map { "diverged at step \($0)" } ?? "after \(options.steps) steps"] + Self.metricCells(run.after))
        // The loss's name, then its parameters indented (a full spec is longer than 80 columns).
        let spec = "\(run.spec)".split(separator: ":", maxSplits: 1).map(String.init)
        var lines = header + ["loss: \(spec[0])"] + spec.dropFirst().map { "  " + $0 } + [""] + Self.table(rows)
        lines.append("")
        let lossText = run.finalLoss.map { "\(fixed($0, 4)) (\(run.finalLossWindow == 1 ? "the last step" : "mean of the last \(run.finalLossWindow) steps"))" } ?? "-"
        lines.append("final loss \(lossText); time \(fixed(run.seconds, 2)) s")
        return lines.joined(separator: "\n")
    }

    /// `gpw compare`'s side-by-side table, one row per loss, at most 80 columns wide with the
    /// catalogue's names: MAP@R after training and its change from the untrained net (the same
    /// for every loss, so given once below), R@K, the final loss and the time.
    func compareText() -> String {
        var rows = [["loss", "MAP@R", "change"] + RetrievalMetrics.ks.map { "R@\($0)" } + ["final loss", "time"]]
        let rawCells = Self.metricCells(raw)
        rows.append(["(raw features)", rawCells[0], ""] + rawCells.dropFirst() + ["", ""])
        for run in runs {
            let before = run.before?.mapAtR ?? .nan
            let after = run.after
            let change = after.map { $0.mapAtR - before }
            var cells = [run.spec.compactDescription, after.map { fixed($0.mapAtR, 4) } ?? "diverged@\(run.divergedAt ?? 0)",
                         change.map { ($0 >= 0 ? "+" : "") + fixed($0, 4) } ?? "-"]
            cells += Array(Self.metricCells(after).dropFirst())
            cells += [run.finalLoss.map { fixed($0, 4) } ?? "-", fixed(run.seconds, 1) + "s"]
            rows.append(cells)
        }
        let before = runs.first?.before
        var lines = header + [""] + Self.table(rows, gap: 1).map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
        lines.append("")
        lines.append("MAP@R and R@K after training; change: MAP@R minus the untrained net's, which")
        lines.append("is the same for every loss (MAP@R \(before.map { fixed($0.mapAtR, 4) } ?? "-"), R@1 \(before.map { fixed($0.recallAt[1] ?? 0, 4) } ?? "-")): every loss trains from")
        lines.append("the same initial weights on the same batch sequence. final loss: the mean of")
        lines.append("the last tenth of the steps (losses have different scales).")
        return lines.joined(separator: "\n")
    }

    // MARK: JSON

    static func json(_ m: RetrievalMetrics?) -> String {
        guard let m else { return "null" }
        let recall = RetrievalMetrics.ks.map { "\"\($0)\": \(JSON.number(m.recallAt[$0] ?? 0))" }.joined(separator: ", ")
        return "{\"map_at_r\": \(JSON.number(m.mapAtR)), \"recall_at\": {\(recall)}, \"queries\": \(m.queries)}"
    }

    var configurationJSON: [String] {
        let c = options.configuration
        let split = options.split
        return [
            "\"data\": {\"name\": \(JSON.string(options.data)), \"split\": \(JSON.string(split.rule.description)), \"train_rows\": \(split.train.count), \"train_classes\": \(split.train.classes), \"test_rows\": \(split.test.count), \"test_classes\": \(split.test.classes), \"features\": \(split.train.dimension)}",
            "\"configuration\": {\"steps\": \(options.steps), \"batch\": {\"classes\": \(c.classesPerBatch), \"samples_per_class\": \(c.samplesPerClass), \"hard\": \(c.hardBatches)}, \"hidden\": \(c.hidden), \"embedding\": \(c.embedding), \"optimizer\": \(JSON.string(c.optimizer.rawValue)), \"learning_rate\": \(JSON.number(c.learningRate)), \"weight_decay\": \(JSON.number(c.weightDecay)), \"momentum\": \(JSON.number(c.momentum)), \"seed\": \(c.seed), \"eval_every\": \(options.evaluateEvery), \"evaluation\": \(JSON.string(options.fullEvaluation ? "full" : "subset")), \"evaluation_rows_per_class\": \(options.fullEvaluation ? "null" : String(c.evaluationSubsetPerClass))}",
            "\"raw_features\": \(Self.json(raw))",
        ]
    }

    func runJSON(_ run: TrainingRun, indent: String) -> String {
        let evaluations = run.evaluations.map { "\(indent)    {\"step\": \($0.step), \"metrics\": \(Self.json($0.metrics))}" }
        var fields = [
            "\"loss\": \(JSON.string(run.spec.description))",
            "\"before\": \(Self.json(run.before))",
            "\"after\": \(Self.json(run.after))",
            "\"final_loss\": \(run.finalLoss.map(JSON.number) ?? "null")",
            "\"diverged_at_step\": \(run.divergedAt.map(String.init) ?? "null")",
            "\"evaluations\": [\n" + evaluations.joined(separator: ",\n") + "\n\(indent)  ]",
        ]
        if options.timings { fields.append("\"seconds\": \(JSON.number(run.seconds))") }
        return "{\n" + fields.map { "\(indent)  " + $0 }.joined(separator: ",\n") + "\n\(indent)}"
    }

    /// One object: data, configuration, raw-feature baseline and every run. Timings only with
    /// `--timings`, so that the same seed gives the same bytes.
    func json(command: String) -> String {
        var fields = ["\"command\": \(JSON.string(command))"] + configurationJSON
        if command == "train", let run = runs.first {
            fields.append("\"run\": " + runJSON(run, indent: "  "))
        } else {
            fields.append("\"runs\": [\n" + runs.map { "    " + runJSON($0, indent: "    ") }.joined(separator: ",\n") + "\n  ]")
        }
        return "{\n" + fields.map { "  " + $0 }.joined(separator: ",\n") + "\n}"
    }
}
