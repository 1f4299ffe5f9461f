import DataIO
import Dispatch
import Foundation
import MetricTraining
import PairWeighting
import Synchronization

/// `gpw compare --seeds LIST` (and `--ablation ms`): every loss trained once per seed, then per
/// loss the mean, sd and 95 % interval of MAP@R and R@1 over the seeds, and the paired
/// difference to a baseline loss (the same seed's runs, so the same initial weights and batches).
struct SeedStudy {
    /// One loss on one seed.
    struct Run: Sendable {
        var seed: UInt64
        var mapAtR: Double?
        var recallAt1: Double?
        var finalLoss: Double?
        var divergedAt: Int?
    }

    struct Row {
        var spec: LossSpec
        var runs: [Run]
        var mapAtR: SampleSummary?
        var recallAt1: SampleSummary?
        /// MAP@R minus the baseline's, seed by seed; nil for the baseline itself.
        var difference: SampleSummary?
        var recallDifference: SampleSummary?
    }

    let options: TrainingOptions
    let seeds: [UInt64]
    let baseline: Int
    let rows: [Row]
    let ablation: Bool
    /// Retrieval on the raw features (the first seed's evaluation rows: every seed's with --full-eval).
    let raw: RetrievalMetrics

    /// The paper's ablation of MS (its Table 1, read as which similarity types each uses), in
    /// gpw specs: MS, each of its two steps removed, binomial deviance (S only) with and without
    /// MS's mining, lifted structure (N), and contrastive (S, the plain baseline).
    static let msAblation = ["ms", "ms:mining=off", "ms:weighting=off", "binomial", "binomial:mining=on", "lifted", "contrastive"]

    /// The most seeds one study runs.
    static let maximumSeeds = 100

    static func parseSeeds(_ text: String) throws(CommandError) -> [UInt64] {
        var out: [UInt64] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = UInt64(bounds[0]), let high = UInt64(bounds.last!), low <= high else {
                throw .usage("--seeds \(text): expected seeds like 1-5 or 1,4,9 (whole numbers, ranges low-high)")
            }
            guard high - low < UInt64(maximumSeeds), out.count + Int(high - low + 1) <= maximumSeeds else {
                throw .usage("--seeds \(text): at most \(maximumSeeds) seeds")
            }
            for s in low...high where !out.contains(s) { out.append(s) }
        }
        guard out.count >= 2 else { throw .usage("--seeds \(text): an interval needs at least 2 seeds") }
        return out
    }

    /// Runs the study: seeds in parallel (both cores), losses in order within a seed. The result
    /// does not depend on the schedule: each run is a pure function of its seed and loss.
    static func run(options: TrainingOptions, specs: [LossSpec], seeds: [UInt64], baseline: Int, ablation: Bool) throws(CommandError) -> SeedStudy {
        var sessions: [TrainingSession] = []
        for seed in seeds {
            var seeded = options
            seeded.configuration.seed = seed
            sessions.append(try seeded.makeSession())
        }
        let initialSessions = sessions
        let total = seeds.count * specs.count
        let results = Mutex<[Run?]>(Array(repeating: nil, count: total))
        let finished = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: seeds.count) { s in
            let initial = initialSessions[s]
            let before = initial.evaluate(full: options.fullEvaluation)
            for (l, spec) in specs.enumerated() {
                var session = initial
                let run = TrainingRun.run(&session, spec: spec, steps: options.steps, every: options.steps,
                                          full: options.fullEvaluation, before: before) { _, _, _ in }
                let after = run.divergence == nil ? run.evaluations.last?.metrics : nil
                let result = Run(seed: seeds[s], mapAtR: after?.mapAtR, recallAt1: after?.recallAt[1],
                                 finalLoss: run.finalLoss, divergedAt: run.divergedAt)
                results.withLock { $0[s * specs.count + l] = result }
                let done = finished.add(1, ordering: .relaxed).newValue
                let what = after.map { "MAP@R \(fixed($0.mapAtR, 4))" } ?? "diverged at step \(run.divergedAt ?? 0)"
                Output.err("[\(done)/\(total)] seed \(seeds[s]) \(spec.compactDescription): \(what)")
            }
        }
        let all = results.withLock { $0.map { $0! } }
        var rows: [Row] = specs.enumerated().map { l, spec in
            let runs = seeds.indices.map { all[$0 * specs.count + l] }
            let maps = runs.compactMap(\.mapAtR), recalls = runs.compactMap(\.recallAt1)
            return Row(spec: spec, runs: runs,
                       mapAtR: maps.isEmpty ? nil : SampleSummary(maps), recallAt1: recalls.isEmpty ? nil : SampleSummary(recalls))
        }
        // Paired by seed, over the seeds where both trained without diverging.
        for l in rows.indices where l != baseline {
            let pairs = zip(rows[l].runs, rows[baseline].runs)
            let d = pairs.compactMap { a, b in a.mapAtR.flatMap { x in b.mapAtR.map { x - $0 } } }
            let r = pairs.compactMap { a, b in a.recallAt1.flatMap { x in b.recallAt1.map { x - $0 } } }
            rows[l].difference = d.isEmpty ? nil : SampleSummary(d)
            rows[l].recallDifference = r.isEmpty ? nil : SampleSummary(r)
        }
        return SeedStudy(options: options, seeds: seeds, baseline: baseline, rows: rows, ablation: ablation,
                         raw: sessions[0].evaluateRawFeatures(full: options.fullEvaluation))
    }

    // MARK: Reports

    /// `mean ± h`, `h` the half-width of the (symmetric) Student-t interval: one cell where
    /// `mean [lower, upper]` took two more numbers, so the table fits a projector's 80 columns.
    static func interval(_ s: SampleSummary?) -> String {
        guard let s else { return "-" }
        return "\(fixed(s.mean, 4)) ± \(fixed((s.upper - s.lower) / 2, 4))"
    }

    /// ``interval(_:)`` with the mean's sign always shown, for differences.
    static func signed(_ s: SampleSummary?) -> String {
        guard let s else { return "-" }
        return (s.mean >= 0 ? "+" : "") + interval(s)
    }

    static func verdict(_ s: SampleSummary?) -> String {
        guard let s else { return "-" }
        switch s.sign {
        case 1: return "better"
        case -1: return "worse"
        default: return "not shown"
        }
    }

    var seedText: String { seeds.map(String.init).joined(separator: ",") }

    /// The table and its notes, at most 80 columns wide with the catalogue's names (the longest,
    /// 18 characters, `generalized-lifted` and `binomial:mining=on`), for a projector: MAP@R with
    /// its interval, R@1's mean (its interval and the standard deviations are in the JSON), the
    /// paired difference to the baseline with its interval, and the verdict.
    func text() -> String {
        let base = rows[baseline].spec.compactDescription
        var table: [[String]] = [[ablation ? "variant" : "loss"] + (ablation ? ["SNP"] : [])
            + ["MAP@R ± 95% CI", "R@1", "vs baseline", ""]]
        for (l, row) in rows.enumerated() {
            var cells = [row.spec.compactDescription]
            if ablation {
                let types = row.spec.similarityTypes
                cells.append(["S", "N", "P"].map { types.contains($0) ? "x" : "." }.joined())
            }
            cells += [Self.interval(row.mapAtR), row.recallAt1.map { fixed($0.mean, 4) } ?? "-"]
            cells += l == baseline ? ["(baseline)", ""] : [Self.signed(row.difference), Self.verdict(row.difference)]
            table.append(cells)
        }
        let report = TrainingReport(options: options, raw: raw, runs: [])
        var lines = report.header.map { $0.replacingOccurrences(of: "; seed \(options.configuration.seed)", with: "; seeds \(seedText)") }
        lines.append("seeds: \(seedText) (\(seeds.count) runs per loss); within a seed every loss starts")
        lines.append("  from the same weights and sees the same batches")
        lines.append("raw features (no network): MAP@R \(fixed(raw.mapAtR, 4)), R@1 \(fixed(raw.recallAt[1] ?? .nan, 4))")
        lines.append("")
        lines += TrainingReport.table(table).map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
        lines.append("")
        lines.append("Means over the seeds ± half the width of their 95% Student-t interval.")
        lines.append("vs baseline: the MAP@R difference to \(base), paired by seed.")
        lines.append("\"better\" or \"worse\" only when its interval excludes 0; \"not shown\": these")
        lines.append("seeds cannot tell the two apart. Standard deviations, R@1's interval: --json.")
        if ablation { lines.append("SNP: the similarity types each variant uses (the MS paper's S, N, P): x uses it") }
        let diverged = rows.flatMap { row in row.runs.filter { $0.divergedAt != nil }.map { "\(row.spec.compactDescription) seed \($0.seed)" } }
        if !diverged.isEmpty { lines.append("diverged (left out of the intervals): " + diverged.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        func summary(_ s: SampleSummary?) -> String {
            guard let s else { return "null" }
            return "{\"mean\": \(JSON.number(s.mean)), \"sd\": \(JSON.number(s.standardDeviation)), \"ci95\": [\(JSON.number(s.lower)), \(JSON.number(s.upper))], \"n\": \(s.count)}"
        }
        func optional(_ v: Double?) -> String { v.map(JSON.number) ?? "null" }
        let losses = rows.enumerated().map { l, row in
            let runs = row.runs.map { r in
                "{\"seed\": \(r.seed), \"map_at_r\": \(optional(r.mapAtR)), \"recall_at_1\": \(optional(r.recallAt1)), "
                    + "\"final_loss\": \(optional(r.finalLoss)), \"diverged_at\": \(r.divergedAt.map(String.init) ?? "null")}"
            }
            return """
                {"spec": \(JSON.string(row.spec.description)), "similarity_types": [\(row.spec.similarityTypes.map(JSON.string).joined(separator: ", "))], \
            "baseline": \(l == baseline), "map_at_r": \(summary(row.mapAtR)), "recall_at_1": \(summary(row.recallAt1)), \
            "map_at_r_minus_baseline": \(summary(row.difference)), "recall_at_1_minus_baseline": \(summary(row.recallDifference)),
                 "runs": [\(runs.joined(separator: ", "))]}
            """
        }
        let report = TrainingReport(options: options, raw: raw, runs: [])
        let configuration = report.configurationJSON.filter { !$0.hasPrefix("\"raw_features\"") }
            .map { $0.replacingOccurrences(of: "\"seed\": \(options.configuration.seed), ", with: "") }
        return "{\n  " + (["\"command\": \"compare\"", "\"seeds\": [\(seedText)]", "\"ablation\": \(ablation ? "\"ms\"" : "null")",
                           "\"baseline\": \(JSON.string(rows[baseline].spec.description))"] + configuration
            + ["\"losses\": [\n" + losses.joined(separator: ",\n") + "\n  ]"]).joined(separator: ",\n  ") + "\n}"
    }
}
