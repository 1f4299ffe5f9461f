import PairWeighting
import TUICore

/// The similarity values a loss's parameters pin down (margins, lambda), for the plots: the loss's own.
func markers(for spec: LossSpec?) -> [SimilarityLandmark] { spec?.makeLoss().landmarks ?? [] }

/// Column of similarity `x` (−1...1) in a plot `width` wide.
func column(of x: Double, width: Int) -> Int {
    min(width - 1, max(0, Int(((x + 1) / 2 * Double(width - 1)).rounded())))
}

/// The x axis under a plot: ticks at −1, −0.5, 0, 0.5, 1 and the markers named below.
private func drawXAxis(x0: Int, y: Int, width: Int, markers: [SimilarityLandmark], ascii: Bool, into grid: inout CellGrid) {
    let line: Unicode.Scalar = ascii ? "-" : "─", tick: Unicode.Scalar = ascii ? "+" : "┴"
    for x in 0..<width { grid.put(line, x: x0 + x, y: y, style: CellStyle(.structure)) }
    for value in [-1.0, -0.5, 0, 0.5, 1] {
        let c = column(of: value, width: width)
        grid.put(tick, x: x0 + c, y: y, style: CellStyle(.structure))
        let label = ["-1", "-.5", "0", ".5", "1"][Int((value + 1) * 2)]
        let start = min(x0 + width - Text.width(label), max(x0, x0 + c - Text.width(label) / 2))
        grid.put(label, x: start, y: y + 1, style: CellStyle(.dim))
    }
    var text = "S"
    for marker in markers { text += "  \(ascii ? ":" : "¦") \(marker.name) \(formatNumber(marker.at))" }
    grid.put(Text.fit(text, width: width), x: x0, y: y + 2, style: CellStyle(.dim))
}

/// Draws the marker lines in the empty cells of a plot.
private func drawMarkers(_ markers: [SimilarityLandmark], x0: Int, top: Int, height: Int, width: Int, ascii: Bool, into grid: inout CellGrid) {
    for marker in markers where (-1...1).contains(marker.at) {
        let x = x0 + column(of: marker.at, width: width)
        for y in top..<(top + height) where grid[x, y].character == " " {
            grid.put(ascii ? ":" : "¦", x: x, y: y, style: CellStyle(.dim))
        }
    }
}

// MARK: - Weight versus similarity

/// One loss's weight-versus-similarity scatter in `rect`: x = S_ij, y = signed W_ij (negatives
/// above the zero line, positives below), `o` positive pair, `x` negative pair, `*` both, dim
/// where the weight is zero; the cursor pair is reversed.
func drawWeightScatter(_ state: AppState, loss index: Int, in rect: Rect, into grid: inout CellGrid) {
    let ascii = state.settings.ascii
    let entry = state.losses[index]
    let mark = index == state.focus ? "> " : "  "
    grid.put(Text.fit(mark + (entry.spec?.compactDescription ?? entry.text) + ": W_ij against S_ij", width: rect.width),
             x: rect.x, y: rect.y, style: CellStyle(index == state.focus ? .focused : .title, bold: true))
    guard state.evaluations.indices.contains(index), let weights = state.evaluations[index] else {
        grid.put(Text.fit(entry.problem ?? "unavailable", width: rect.width), x: rect.x, y: rect.y + 1, style: CellStyle(.warning))
        return
    }
    let labelWidth = 8
    let plotWidth = rect.width - labelWidth - 1, plotHeight = min(21, rect.height - 5)
    guard plotWidth >= 10, plotHeight >= 3 else { return }
    let x0 = rect.x + labelWidth + 1, top = rect.y + 1
    let n = weights.count
    var largest = 0.0
    for k in 0..<(n * n) { largest = max(largest, abs(weights.gradient.storage[k])) }
    let scale = largest > 0 ? largest : 1
    let middle = plotHeight / 2
    func row(of w: Double) -> Int { min(plotHeight - 1, max(0, middle - Int((w / scale * Double(middle)).rounded()))) }
    grid.put(Text.rightAligned("+" + NumberText.short(scale), width: labelWidth), x: rect.x, y: top, style: CellStyle(.dim))
    grid.put(Text.rightAligned("0", width: labelWidth), x: rect.x, y: top + middle, style: CellStyle(.dim))
    grid.put(Text.rightAligned("-" + NumberText.short(scale), width: labelWidth), x: rect.x, y: top + plotHeight - 1, style: CellStyle(.dim))
    let axis: Unicode.Scalar = ascii ? "|" : "│"
    for y in top..<(top + plotHeight) { grid.put(axis, x: x0 - 1, y: y, style: CellStyle(.structure)) }
    for x in 0..<plotWidth where grid[x0 + x, top + middle].character == " " {
        grid.put(ascii ? "." : "·", x: x0 + x, y: top + middle, style: CellStyle(.dim))
    }
    drawMarkers(markers(for: entry.spec), x0: x0, top: top, height: plotHeight, width: plotWidth, ascii: ascii, into: &grid)
    let labels = state.session.batch.labels.labels
    var cells: [Int: (positive: Bool, negative: Bool, active: Bool)] = [:]
    for i in 0..<n {
        for j in 0..<n where i != j && weights.status(i, j) != .notSelected {
            let w = weights.gradient[i, j]
            let key = row(of: w) * plotWidth + column(of: state.similarity[i, j], width: plotWidth)
            var cell = cells[key] ?? (false, false, false)
            if labels[i] == labels[j] { cell.positive = true } else { cell.negative = true }
            if w != 0 { cell.active = true }
            cells[key] = cell
        }
    }
    for (key, cell) in cells.sorted(by: { $0.key < $1.key }) {
        let glyph: Unicode.Scalar = cell.positive && cell.negative ? "*" : (cell.positive ? "o" : "x")
        let role: StyleRole = !cell.active ? .dim : (cell.positive ? .positive(4) : .negative(4))
        grid.put(glyph, x: x0 + key % plotWidth, y: top + key / plotWidth, style: CellStyle(role))
    }
    if largest == 0 {
        grid.put("every weight is 0 on this batch", x: x0 + 2, y: top + max(0, middle - 1), style: CellStyle(.warning))
    }
    // The cursor pair has its own glyph (reverse video repeats it), so an export still shows it.
    let c = state.cursor
    let cursorGlyph: Unicode.Scalar = ascii ? "@" : "◆"
    if c.row != c.column, c.row < n, c.column < n {
        let x = x0 + column(of: state.similarity[c.row, c.column], width: plotWidth), y = top + row(of: weights.gradient[c.row, c.column])
        let role: StyleRole = labels[c.row] == labels[c.column] ? .positive(4) : .negative(4)
        grid.put(cursorGlyph, x: x, y: y, style: CellStyle(role, reversed: true, bold: true))
    }
    drawXAxis(x0: x0, y: top + plotHeight, width: plotWidth, markers: markers(for: entry.spec), ascii: ascii, into: &grid)
    // The legend has a row of its own, below the axis and its marks.
    let legend = ["o pos  x neg  * both in one cell  \(cursorGlyph) the cursor pair  dim: W = 0",
                  "o pos x neg * both \(cursorGlyph) cursor dim: W=0", "o pos x neg * both \(cursorGlyph) cursor"]
        .first { Text.width($0) <= rect.width - 1 } ?? "o pos x neg"
    grid.put(Text.fit(legend, width: rect.width), x: rect.x, y: top + plotHeight + 3, style: CellStyle(.dim))
}

/// The weight view: the focused loss and the second loss (`w`) side by side, or stacked, or alone.
func drawWeightView(_ state: AppState, in rect: Rect, into grid: inout CellGrid) {
    let second = state.shownSecondLoss
    guard state.losses.indices.contains(state.focus) else { return }
    if let second, rect.width >= 2 * 36 + 2 {
        let half = (rect.width - 2) / 2
        drawWeightScatter(state, loss: state.focus, in: Rect(x: rect.x, y: rect.y, width: half, height: rect.height), into: &grid)
        drawWeightScatter(state, loss: second, in: Rect(x: rect.x + half + 2, y: rect.y, width: half, height: rect.height), into: &grid)
    } else if let second, rect.height >= 2 * 9 {
        let half = rect.height / 2
        drawWeightScatter(state, loss: state.focus, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: half), into: &grid)
        drawWeightScatter(state, loss: second, in: Rect(x: rect.x, y: rect.y + half, width: rect.width, height: rect.height - half), into: &grid)
    } else {
        drawWeightScatter(state, loss: state.focus, in: rect, into: &grid)
    }
}

// MARK: - Similarity histograms

/// Histograms of positive (top) and negative (bottom) similarities of the batch, one bin per
/// column on −1...1, with the focused loss's margins / lambda marked.
func drawDistributions(_ state: AppState, in rect: Rect, into grid: inout CellGrid) {
    let ascii = state.settings.ascii
    let labelWidth = 5
    let width = rect.width - labelWidth - 1
    let chartHeight = min(10, (rect.height - 5) / 2)
    guard width >= 10, chartHeight >= 2 else { return }
    let x0 = rect.x + labelWidth + 1
    let labels = state.session.batch.labels.labels
    var positive = [Int](repeating: 0, count: width), negative = [Int](repeating: 0, count: width)
    var nPos = 0, nNeg = 0
    for i in labels.indices {
        for j in labels.indices where j > i {
            let c = column(of: state.similarity[i, j], width: width)
            if labels[i] == labels[j] { positive[c] += 1; nPos += 1 } else { negative[c] += 1; nNeg += 1 }
        }
    }
    let spec = state.focusedLoss?.spec
    let title = "S of the batch's pairs (i<j): \(nPos) positive, \(nNeg) negative" + (spec.map { "; marks: " + $0.compactDescription } ?? "")
    grid.put(Text.fit(title, width: rect.width), x: rect.x, y: rect.y, style: CellStyle(.title, bold: true))
    let eighths: [Unicode.Scalar] = ascii ? [".", ".", ":", ":", "=", "=", "#", "#"] : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    func bars(_ counts: [Int], top: Int, role: StyleRole, name: String) {
        let largest = max(1, counts.max() ?? 1)
        grid.put(Text.fit(name, width: labelWidth), x: rect.x, y: top, style: CellStyle(.dim))
        grid.put(Text.rightAligned(String(largest), width: labelWidth), x: rect.x, y: top + 1, style: CellStyle(.dim))
        for (x, count) in counts.enumerated() where count > 0 {
            let units = max(1, Int((Double(count) / Double(largest) * Double(chartHeight * 8)).rounded()))
            for r in 0..<chartHeight {
                let filled = units - r * 8
                guard filled > 0 else { break }
                let glyph = eighths[min(8, filled) - 1]
                grid.put(glyph, x: x0 + x, y: top + chartHeight - 1 - r, style: CellStyle(role))
            }
        }
    }
    let topPositive = rect.y + 1, topNegative = rect.y + 2 + chartHeight
    bars(positive, top: topPositive, role: .positive(3), name: "pos")
    bars(negative, top: topNegative, role: .negative(3), name: "neg")
    let marks = markers(for: spec)
    drawMarkers(marks, x0: x0, top: topPositive, height: 2 * chartHeight + 1, width: width, ascii: ascii, into: &grid)
    drawXAxis(x0: x0, y: topNegative + chartHeight, width: width, markers: marks, ascii: ascii, into: &grid)
    if let note = spec?.makeLoss().landmarkNote {
        grid.put(Text.fit(note, width: width), x: x0,
                 y: min(rect.y + rect.height - 1, topNegative + chartHeight + 2), style: CellStyle(.dim))
    }
}
