import TUICore

/// A sparkline of `values` in `width` columns (bucket means when there are more values than
/// columns), scaled to `range` (or the values' own range).
func sparkline(_ values: [Double], width: Int, range: ClosedRange<Double>? = nil, ascii: Bool) -> String {
    guard width > 0, !values.isEmpty else { return "" }
    let ramp: [Unicode.Scalar] = ascii ? ["_", ".", "-", ":", "=", "+", "*", "#"] : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    var buckets: [Double] = []
    if values.count <= width {
        buckets = values
    } else {
        for b in 0..<width {
            let lo = b * values.count / width, hi = max(lo + 1, (b + 1) * values.count / width)
            let slice = values[lo..<hi]
            buckets.append(slice.reduce(0, +) / Double(slice.count))
        }
    }
    let finite = buckets.filter(\.isFinite)
    let lo = range?.lowerBound ?? (finite.min() ?? 0), hi = range?.upperBound ?? (finite.max() ?? 1)
    var view = String.UnicodeScalarView()
    for v in buckets {
        guard v.isFinite else { view.append("?"); continue }
        let t = hi > lo ? (v - lo) / (hi - lo) : 0.5
        view.append(ramp[min(7, max(0, Int((t * 7).rounded())))])
    }
    return String(view)
}

/// The curves view: the explorer model's training loss, unseen-class MAP@R and Recall@1, and,
/// when a `c` comparison exists, every lane's MAP@R on one shared scale.
func drawCurves(_ state: AppState, in rect: Rect, into grid: inout CellGrid) {
    let ascii = state.settings.ascii
    var y = rect.y
    func line(_ text: String, _ style: CellStyle = CellStyle(.normal)) {
        guard y < rect.y + rect.height else { return }
        grid.put(Text.fit(text, width: rect.width), x: rect.x, y: y, style: style)
        y += 1
    }
    let nameWidth = 16, tailWidth = 30
    let spark = max(8, rect.width - nameWidth - tailWidth - 2)
    let history = state.history
    line("this model (step \(state.session.step); unseen classes evaluated every \(ControlLadders.evaluateEvery) steps)",
         CellStyle(.title, bold: true))
    if history.losses.isEmpty {
        line(Text.padded("training loss", width: nameWidth) + " (no step yet: n or space)")
    } else {
        let losses = history.losses
        let best = losses.min() ?? 0
        line(Text.padded("training loss", width: nameWidth) + " " + Text.padded(sparkline(losses, width: spark, ascii: ascii), width: spark)
             + "  step \(state.session.step) " + NumberText.short(losses.last ?? 0) + " min " + NumberText.short(best))
        // The header's loss is on the current batch after the update; the curve records the
        // loss each step minimised (before its update). Say so, so the two numbers do not clash.
        line(String(repeating: " ", count: nameWidth) + " (each step's loss before its update; the header: now)")
    }
    let evaluations = history.evaluations
    if let last = evaluations.last, let best = history.bestMapAtR {
        line(Text.padded("MAP@R unseen", width: nameWidth) + " "
             + Text.padded(sparkline(evaluations.map(\.mapAtR), width: spark, ascii: ascii), width: spark)
             + "  now " + NumberText.fixed(last.mapAtR, decimals: 3) + " best " + NumberText.fixed(best.mapAtR, decimals: 3)
             + " @\(best.step)")
        let bestRecall = evaluations.max { $0.recallAt1 < $1.recallAt1 } ?? last
        line(Text.padded("Recall@1 unseen", width: nameWidth) + " "
             + Text.padded(sparkline(evaluations.map(\.recallAt1), width: spark, ascii: ascii), width: spark)
             + "  now " + NumberText.fixed(last.recallAt1, decimals: 3) + " best " + NumberText.fixed(bestRecall.recallAt1, decimals: 3)
             + " @\(bestRecall.step)")
    }
    y += 1
    guard let run = state.compare else {
        line("c: compare MAP@R: every loss on screen, \(ControlLadders.compareSteps) steps from one initialisation", CellStyle(.dim))
        return
    }
    line(run.status, CellStyle(run.isFinished ? .title : .warning, bold: true))
    let all = run.lanes.flatMap { $0.curve.map(\.mapAtR) }
    let lo = all.min() ?? 0, hi = max((all.max() ?? 1), lo + 1e-9)
    line(Text.padded("MAP@R, one scale", width: nameWidth) + " " + NumberText.fixed(lo, decimals: 3) + " .. "
         + NumberText.fixed(hi, decimals: 3) + "  (step 0 .. \(run.step))", CellStyle(.dim))
    let leader = run.leader?.name
    for lane in run.lanes {
        let values = lane.curve.map(\.mapAtR)
        var tail = "  "
        if let stopped = lane.stopped {
            tail += "stopped: " + stopped
        } else if let last = lane.curve.last {
            tail += NumberText.fixed(last.mapAtR, decimals: 3) + " R@1 " + NumberText.fixed(last.recallAt1, decimals: 3)
            if lane.name == leader && run.step > 0 { tail += run.isFinished ? "  best" : "  leads" }
        }
        line(Text.padded(lane.name, width: nameWidth) + " " + Text.padded(sparkline(values, width: spark, range: lo...hi, ascii: ascii), width: spark) + tail,
             CellStyle(lane.name == leader ? .focused : .normal, bold: lane.name == leader))
    }
    if !run.skipped.isEmpty { line("not compared (no loss): " + run.skipped.joined(separator: ", "), CellStyle(.dim)) }
}
