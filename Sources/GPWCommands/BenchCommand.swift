import Foundation
import PairWeighting

/// `gpw bench [--json] [--quick]`: how fast the engine, a training step, a frame and an evaluation
/// are on this machine (median and 10th–90th percentile over repeated runs), start-up to the first
/// frame, and peak memory. `--quick` is a smoke test (few repetitions, the evaluation on a subset).
enum BenchCommand {
    struct Row {
        var group: String
        var name: String
        var timing: TimingSummary
        var note: String = ""
    }

    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let json = arguments.flag("--json")
        let quick = arguments.flag("--quick")
        let firstFrame = arguments.flag("--first-frame")   // hidden: the child of the start-up measurement
        try arguments.finish()
        if firstFrame { return try ExplorerBench.firstFrameChild() }
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        if build == "debug" && !json {
            Output.err("note: this is a debug build; figures for the README come from `swift run -c release gpw bench`")
        }
        let progress: (String) -> Void = { if !json { Output.err("  measuring \($0)…") } }
        // GPW_BENCH_ONLY=parts,training (section names below) runs a subset, for work on one kernel.
        let only = ProcessInfo.processInfo.environment["GPW_BENCH_ONLY"].map { Set($0.split(separator: ",").map(String.init)) }
        func wanted(_ section: String) -> Bool { only?.contains(section) ?? true }
        var rows: [Row] = []
        var scaling: [(loss: String, points: [(n: Int, ms: Double)])] = []
        if wanted("losses") {
            rows += EngineBench.losses(n: 80, d: 512, quick: quick, group: "loss N=80 D=512", progress: progress)
            rows += EngineBench.singlePrecision(quick: quick, progress: progress)
        }
        if wanted("parts") { rows += EngineBench.breakdown(quick: quick, progress: progress) }
        if wanted("kernels") { rows += KernelBench.rows(quick: quick, progress: progress) }
        if wanted("explorer-batch") {
            rows += EngineBench.losses(n: 16, d: 16, quick: quick, group: "loss N=16 D=16 (explorer batch)", progress: progress)
        }
        if wanted("training") {
            progress("a training step")
            rows += TrainingBench.step(quick: quick)
            rows += TrainingBench.singleStep(quick: quick)
        }
        if wanted("frames") {
            progress("explorer frames")
            rows += ExplorerBench.frames(quick: quick)
        }
        if wanted("startup") {
            progress("start-up to first frame")
            rows += ExplorerBench.startUp(quick: quick)
        }
        if wanted("evaluation") {
            progress("MAP@R on letters")
            rows += EvaluationBench.letters(quick: quick)
        }
        let sizes = quick ? [16, 32, 80] : [16, 32, 80, 160, 320, 640, 1280]
        for spec in ["ms", "contrastive"] where wanted("scaling") {
            progress("scaling of \(spec)")
            scaling.append((spec, EngineBench.scaling(spec: spec, sizes: sizes, quick: quick)))
        }
        let memory = peakResidentMiB()
        if json {
            try Output.out(jsonReport(rows: rows, scaling: scaling, memory: memory, build: build, quick: quick))
        } else {
            try Output.out(tableReport(rows: rows, scaling: scaling, memory: memory, build: build))
        }
    }

    static func tableReport(rows: [Row], scaling: [(loss: String, points: [(n: Int, ms: Double)])],
                            memory: Double, build: String) -> String {
        var lines = ["gpw bench (\(build) build, \(Kernels.active.rawValue) kernels, \(ProcessInfo.processInfo.activeProcessorCount) cores)", ""]
        var group = ""
        for row in rows {
            if row.group != group {
                group = row.group
                lines.append(group)
            }
            let name = row.name.padding(toLength: 42, withPad: " ", startingAt: 0)
            lines.append("  \(name) \(ms(row.timing.median))  [\(ms(row.timing.p10)) – \(ms(row.timing.p90))]\(row.note.isEmpty ? "" : "  \(row.note)")")
        }
        for s in scaling {
            lines.append("")
            lines.append("scaling of \(s.loss) with N at D=512 (value + weights + embedding gradient)")
            for p in s.points { lines.append("  N=\(String(p.n).padding(toLength: 5, withPad: " ", startingAt: 0)) \(ms(p.ms))") }
            lines.append("  growth exponent (log-log fit): \(String(format: "%.2f", growthExponent(s.points)))")
        }
        lines.append("")
        lines.append("peak resident memory: \(String(format: "%.1f", memory)) MiB")
        return lines.joined(separator: "\n")
    }

    static func ms(_ v: Double) -> String {
        if v >= 100 { return String(format: "%7.1f ms", v) }
        if v >= 1 { return String(format: "%7.3f ms", v) }
        return String(format: "%7.4f ms", v)
    }

    static func jsonReport(rows: [Row], scaling: [(loss: String, points: [(n: Int, ms: Double)])],
                           memory: Double, build: String, quick: Bool) -> String {
        var o = "{\n  \"build\": \(JSON.string(build)),\n  \"quick\": \(quick),\n"
        o += "  \"kernels\": \(JSON.string(Kernels.active.rawValue)),\n"
        o += "  \"cores\": \(ProcessInfo.processInfo.activeProcessorCount),\n"
        o += "  \"timings\": [\n" + rows.map {
            "    {\"group\": \(JSON.string($0.group)), \"name\": \(JSON.string($0.name)), \"timing\": \($0.timing.json)}"
        }.joined(separator: ",\n") + "\n  ],\n"
        o += "  \"scaling\": [\n" + scaling.map { s in
            "    {\"loss\": \(JSON.string(s.loss)), \"dimension\": 512, \"points\": [" +
                s.points.map { "{\"n\": \($0.n), \"median_ms\": \(JSON.number($0.ms))}" }.joined(separator: ", ") +
                "], \"growth_exponent\": \(JSON.number(growthExponent(s.points)))}"
        }.joined(separator: ",\n") + "\n  ],\n"
        o += "  \"peak_rss_mib\": \(JSON.number(memory))\n}"
        return o
    }
}
