import PairWeighting
import TUICore

/// Draws the whole screen for `state` at `size`. Pure and deterministic: the same state and size
/// always give the same grid.
public func render(_ state: AppState, size: Size) -> CellGrid {
    var grid = CellGrid(size: size)
    guard let layout = Layout.arrange(state, size: size) else {
        drawTooSmall(state, into: &grid)
        return grid
    }
    let glyphs = state.settings.ascii ? GlyphSet.ascii : GlyphSet.unicode
    let messageInHeader = drawHeader(state, glyphs: glyphs, into: &grid)
    let first = Layout.clampedFirstPanel(state.firstPanel, state: state, size: size)
    let total = Layout.panelCount(state)
    let shown = Array(first..<min(total, first + layout.perPage))
    let labels = state.session.batch.labels.labels
    let blocks = layout.panel.isClassBlocks ? Layout.classBlocks(labels) : nil
    let viewArea = Layout.viewArea(state, size: size, selected: state.selectedView)
    if let viewArea { drawTeachingViews(state, area: viewArea, into: &grid) }
    for (slot, panel) in shown.enumerated() where viewArea?.isBesidePanels != false {
        let x = (slot % layout.columns) * (layout.panel.width + Layout.gap)
        let y = Layout.headerRows + (slot / layout.columns) * (layout.panel.height + 1)
        drawPanel(panel, state: state, blocks: blocks, glyphs: glyphs, into: &grid, at: (x, y), width: layout.panel.width)
    }
    drawLegend(state, layout: layout, shown: viewArea?.isBesidePanels == false ? [] : shown, glyphs: glyphs, into: &grid)
    if !messageInHeader, let message = state.message { drawLegendRowNotice(message, into: &grid) }
    drawExportNotice(state, into: &grid)
    drawFooter(state, table: activeKeyTable(state, size: size), paging: shown.count < total, glyphs: glyphs, into: &grid)
    if state.isShowingHelp { drawHelp(state, glyphs: glyphs, into: &grid) }
    if state.isShowingExportMenu { drawExportMenu(state, into: &grid) }
    return grid
}

private func drawPanel(_ panel: Int, state: AppState, blocks: [(label: Int, members: [Int])]?, glyphs: GlyphSet,
                       into grid: inout CellGrid, at origin: (x: Int, y: Int), width: Int) {
    let labels = state.session.batch.labels.labels
    let c = state.cursor
    let cursor: PairIndex
    if let blocks {
        let block = { (i: Int) in blocks.firstIndex { $0.members.contains(i) } ?? 0 }
        cursor = PairIndex(row: block(c.row), column: block(c.column))
    } else {
        cursor = c
    }
    if panel == 0 {
        let matrix = PanelMatrix.similarity(state.similarity, labels: labels, blocks: blocks)
        let value = state.similarity.rows > c.row ? NumberText.short(state.similarity[c.row, c.column]) : "-"
        MatrixPanelView(title: blocks == nil ? "  similarity S -1..1" : "  similarity S, class blocks", titleStyle: CellStyle(.title, bold: true),
                        matrix: matrix, cursor: cursor, valueLine: "(\(c.row),\(c.column)) S \(value)", glyphs: glyphs)
            .draw(into: &grid, at: origin, width: width)
        return
    }
    let index = panel - 1
    let entry = state.losses[index]
    let isFocused = index == state.focus
    var focusMark = String.UnicodeScalarView()
    focusMark.append(isFocused ? glyphs.focus : " ")
    let mark = String(focusMark) + " "
    let style = CellStyle(isFocused ? .focused : .title, bold: true)
    guard let weights = state.evaluations[index] else {
        grid.put(Text.fit(mark + entry.name, width: width), x: origin.x, y: origin.y, style: style)
        let message = entry.problem ?? "cannot be shown"
        for (row, line) in wrap(message, width: width - 2).enumerated() {
            grid.put(line, x: origin.x + 2, y: origin.y + 2 + row, style: CellStyle(.warning))
        }
        return
    }
    let matrix = PanelMatrix.weights(weights, labels: labels, blocks: blocks)
    let scale = blocks == nil ? "max|w| " : "block sum|w| "
    // A long loss name gives way before the scale: the panel's levels mean nothing without it.
    let tail = "  " + scale + NumberText.short(matrix.maximum)
    let room = width - Text.width(mark) - Text.width(tail)
    let title = mark + (room >= 6 ? Text.fit(entry.name, width: room) : entry.name) + tail
    let value: String
    switch weights.status(c.row, c.column) {
    case .selfPair: value = "self pair"
    case .notSelected: value = "not selected"
    case .inactive: value = "w 0 inactive"
    case .active: value = "w " + NumberText.short(weights.gradient[c.row, c.column])
    }
    MatrixPanelView(title: title, titleStyle: style, matrix: matrix, cursor: cursor,
                    valueLine: "(\(c.row),\(c.column)) \(value)  L \(NumberText.short(weights.value))", glyphs: glyphs)
        .draw(into: &grid, at: origin, width: width)
}

/// Draws the two header lines. The last action's message goes at the end of the second line when
/// all of it fits there; otherwise it returns false and the message takes the legend's row.
private func drawHeader(_ state: AppState, glyphs: GlyphSet, into grid: inout CellGrid) -> Bool {
    var separator = String.UnicodeScalarView()
    separator.append(contentsOf: [" ", glyphs.separator, " "])
    let sep = String(separator)
    let configuration = state.session.configuration
    let labels = state.session.batch.labels
    let c = state.cursor
    let pairKind: String
    switch labels.count > max(c.row, c.column) ? labels.role(c.row, c.column) : .selfPair {
    case .selfPair: pairKind = "self"
    case .positive: pairKind = "positive"
    case .negative: pairKind = "negative"
    }
    let classes = labels.count > max(c.row, c.column) ? "\(labels.labels[c.row])/\(labels.labels[c.column])" : "-"
    let first = [state.settings.datasetName,
                 "batch \(configuration.classesPerBatch)x\(configuration.samplesPerClass)",
                 "step \(state.session.step)", "seed \(configuration.seed)",
                 state.isRunning ? "running" : "paused",
                 "pair (\(c.row),\(c.column)) \(classes) \(pairKind)"].joined(separator: sep)
    grid.put(Text.fit(" " + first, width: grid.width), x: 0, y: 0, style: CellStyle(.title, bold: true))
    var second = " trains " + (state.focusedLoss?.spec?.compactDescription ?? state.focusedLoss?.text ?? "-")
    if state.evaluations.indices.contains(state.focus), let weights = state.evaluations[state.focus] {
        second += sep + "loss " + NumberText.short(weights.value, significant: 4)
    }
    if let (parameter, value) = state.selectedParameter { second += sep + "[\(parameter.name)] \(value)" }
    second += sep + "lr " + formatNumber(configuration.learningRate)
    if let run = state.compare, !run.isFinished { second += sep + "compare \(run.step)/\(run.total)" }
    let end = grid.put(Text.fit(second, width: grid.width), x: 0, y: 1, style: CellStyle(.normal))
    guard let message = state.message else { return true }
    guard end + Text.width(sep + message) <= grid.width else { return false }
    grid.put(sep + message, x: end, y: 1, style: CellStyle(.warning))
    return true
}

/// A message too long for the header, on the legend's row (which it replaces until the next key).
private func drawLegendRowNotice(_ message: String, into grid: inout CellGrid) {
    guard grid.height >= 2 else { return }
    let y = grid.height - 2
    grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1))
    grid.put(Text.fit(" " + message, width: grid.width), x: 0, y: y, style: CellStyle(.warning))
}

private func drawLegend(_ state: AppState, layout: Layout, shown: [Int], glyphs: GlyphSet, into grid: inout CellGrid) {
    var inactive = String.UnicodeScalarView()
    inactive.append(glyphs.inactive)
    var selfGlyph = String.UnicodeScalarView()
    selfGlyph.append(glyphs.selfPair)
    var parts = [
        (GlyphSet.ramp(glyphs.positive), CellStyle(.positive(3)), " pos  "),
        (GlyphSet.ramp(glyphs.negative), CellStyle(.negative(3)), " neg  "),
        (String(inactive), CellStyle(.dim), " zero  "),
        ("blank", CellStyle(.dim), " unselected  "),
        (String(selfGlyph), CellStyle(.structure), " self"),
    ]
    let total = Layout.panelCount(state)
    if shown.count < total, let first = shown.first, let last = shown.last, !shown.isEmpty {
        parts.append(("  ", .normal, "panels \(first + 1)-\(last + 1) of \(total) (< >)"))
    }
    var x = 1
    let y = grid.height - 2
    for (glyph, style, label) in parts {
        x = grid.put(glyph, x: x, y: y, style: style)
        x = grid.put(label, x: x, y: y, style: CellStyle(.dim))
    }
}

private func drawFooter(_ state: AppState, table: [KeyBinding], paging: Bool, glyphs: GlyphSet, into grid: inout CellGrid) {
    var entries = footerEntries(table, running: state.isRunning, paging: paging, ascii: state.settings.ascii)
    let compactWidth = entries.reduce(0) { $0 + Text.width($1.key) + Text.width($1.label) + 2 }
    var width = compactWidth
    // Optional entries go last-listed first, so the core keys (b batch) outlast the extras.
    for binding in table.reversed() where binding.footer == .whenRoom && width > grid.width {
        if let index = entries.firstIndex(where: { $0.label == binding.label }) {
            width -= Text.width(entries[index].key) + Text.width(entries[index].label) + 2
            entries.remove(at: index)
        }
    }
    let y = grid.height - 1
    // Two spaces between entries when they fit, else `key:label` entries one space apart.
    let wide = entries.reduce(1) { $0 + Text.width($1.key) + Text.width($1.label) + 3 } <= grid.width
    var x = 1
    for (key, label) in entries {
        x = grid.put(key, x: x, y: y, style: CellStyle(.key, bold: true))
        x = grid.put((wide ? " " : ":") + label, x: x, y: y, style: CellStyle(.normal))
        x += wide ? 2 : 1
    }
}

/// The footer's `(key, label)` pairs, read from the key table.
public func footerEntries(_ table: [KeyBinding], running: Bool, paging: Bool, ascii: Bool) -> [(key: String, label: String)] {
    table.compactMap { binding in
        switch binding.footer {
        case .never: return nil
        case .whenPaging where !paging: return nil
        default:
            let key = (ascii ? binding.asciiKeyLabel ?? binding.keyLabel : binding.keyLabel) ?? binding.keys[0].name
            return (key, running ? binding.runningLabel ?? binding.label : binding.label)
        }
    }
}

private func drawTooSmall(_ state: AppState, into grid: inout CellGrid) {
    let need = Layout.minimumSize(state)
    let lines = ["too small: need \(need)", "this is \(grid.size)", "q quits"]
    for (row, line) in lines.enumerated() {
        grid.put(line, x: 0, y: row, style: CellStyle(row == 0 ? .warning : .normal, bold: row == 0))
    }
}

/// Draws the selected teaching view (and, on a wide area, the next one beside it) in `area`.
private func drawTeachingViews(_ state: AppState, area: ViewArea, into grid: inout CellGrid) {
    let view = state.selectedView ?? .inspector
    var rect = area.rect
    if area.isBesidePanels { rect.x += 1; rect.width -= 1 }
    let tabs = TeachingView.allCases.map { "\($0.rawValue) " + $0.title }
    var x = rect.x
    for (index, tab) in tabs.enumerated() {
        let isSelected = index + 1 == view.rawValue
        guard x + Text.width(tab) <= rect.x + rect.width else { break }
        x = grid.put(tab, x: x, y: rect.y, style: CellStyle(isSelected ? .title : .dim, reversed: isSelected, bold: isSelected)) + 2
    }
    let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
    if body.width >= 2 * 80 + 2, let partner = TeachingView(rawValue: view.rawValue % TeachingView.allCases.count + 1) {
        let half = (body.width - 2) / 2
        drawTeachingView(view, state, in: Rect(x: body.x, y: body.y, width: half, height: body.height), into: &grid)
        drawTeachingView(partner, state, in: Rect(x: body.x + half + 2, y: body.y, width: body.width - half - 2, height: body.height), into: &grid)
    } else {
        drawTeachingView(view, state, in: body, into: &grid)
    }
}

private func drawTeachingView(_ view: TeachingView, _ state: AppState, in rect: Rect, into grid: inout CellGrid) {
    switch view {
    case .inspector: drawInspector(state, in: rect, into: &grid)
    case .weights: drawWeightView(state, in: rect, into: &grid)
    case .distributions: drawDistributions(state, in: rect, into: &grid)
    case .curves: drawCurves(state, in: rect, into: &grid)
    case .embedding: drawEmbedding(state, in: rect, into: &grid)
    }
}

/// Greedy word wrap to `width` columns.
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if Text.width(candidate) <= width {
            line = candidate
        } else {
            if !line.isEmpty { lines.append(line) }
            line = Text.fit(String(word), width: width)
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
