import PairWeighting
import TUICore

/// Draws the whole screen for `state` at `size`. Pure and deterministic: the same state and size
/// always give the same grid.
public func render(_ state: AppState, size: Size) -> CellGrid {
    var grid = CellGrid(size: size)
    grid.theme = state.settings.theme
    guard let layout = Layout.arrange(state, size: size) else {
        drawTooSmall(state, into: &grid)
        return grid
    }
    let glyphs = state.settings.ascii ? GlyphSet.ascii : GlyphSet.unicode
    let messageInHeader = drawHeader(state, glyphs: glyphs, into: &grid)
    let labels = state.session.batch.labels.labels
    let blocks = layout.panel.isClassBlocks ? Layout.classBlocks(labels) : nil
    if let caption = state.caption, let rect = layout.caption {
        _ = drawCaption(caption, in: rect, maximumRows: rect.height, into: &grid)
    }
    if let view = layout.view { drawTeachingViews(state, area: view, into: &grid) }
    // Each loss panel's content is made once: the text form is chosen from all of them, then
    // each panel draws its own.
    let contents = layout.frames.map { frame -> LossPanelContent? in
        guard case .loss(let index) = frame.kind else { return nil }
        return LossPanelContent(state, index: index, blocks: blocks)
    }
    let form = panelTextForm(state, layout: layout, contents: contents.compactMap { $0 })
    for (frame, content) in zip(layout.frames, contents) {
        drawPanel(frame.kind, content: content, state: state, layout: layout, form: form, blocks: blocks, glyphs: glyphs,
                  into: &grid, at: (frame.x, frame.y))
    }
    drawLegend(state, layout: layout, glyphs: glyphs, into: &grid)
    if !messageInHeader, let message = state.message { drawLegendRowNotice(message, into: &grid) }
    drawExportNotice(state, into: &grid)
    drawFooter(state, table: activeKeyTable(state, layout: layout), paging: layout.isPaging, glyphs: glyphs, into: &grid)
    if state.isShowingHelp { drawHelp(state, glyphs: glyphs, into: &grid) }
    if state.isShowingExportMenu { drawExportMenu(state, into: &grid) }
    return grid
}

/// The cursor in a panel's coordinates: the sample pair, or the class blocks holding it.
func panelCursor(_ cursor: PairIndex, blocks: [(label: Int, members: [Int])]?) -> PairIndex {
    guard let blocks else { return cursor }
    let block = { (i: Int) in blocks.firstIndex { $0.members.contains(i) } ?? 0 }
    return PairIndex(row: block(cursor.row), column: block(cursor.column))
}

/// How a loss panel writes its scale (the max |w| its levels are quarters of). The first form
/// that fits every loss panel on screen is used by all of them, so the panels read alike; numbers
/// are never cut, names are cut last.
enum PanelTextForm: CaseIterable {
    /// `▶ contrastive  max|w| 0.0625` over `(0,1) w -0.0625` and `L 2.11`.
    case wide
    /// `▶ contrastive max 0.0625`.
    case medium
    /// `▶ contrastive` over `(0,1) w -0.0625` and `L 2.11 max 0.0625`.
    case scaleBelow
    /// The same with the name cut: `▶ binomial:beta=5~`.
    case scaleBelowCut
    /// `▶ contrast~ 0.0625` (the legend's help explains the number).
    case bare
}

/// A loss panel's title and value lines in `form`; nil when that form does not fit `width`.
func panelText(_ form: PanelTextForm, mark: String, name: String, scaleWord: String, scale: String, pair: PairIndex,
               value: String, loss: String, width: Int) -> (title: String, lines: [String])? {
    let full = "(\(pair.row),\(pair.column)) " + value
    let first = Text.width(full) <= width ? full : value
    // `max|w|` -> `max`, `log max|w|` -> `log`.
    let short = (scaleWord.hasPrefix("log") ? "log" : (scaleWord.split(separator: "|").first.map(String.init) ?? scaleWord))
        + (scaleWord.contains("Δ") ? "Δ" : "")
    let text: (String, [String])
    switch form {
    case .wide: text = (mark + name + "  " + scaleWord + " " + scale, [first, "L " + loss])
    case .medium: text = (mark + name + " " + short + " " + scale, [first, "L " + loss])
    case .scaleBelow: text = (mark + name, [first, "L " + loss + " " + short + " " + scale])
    case .scaleBelowCut: text = (Text.fit(mark + name, width: width), [first, "L " + loss + " " + short + " " + scale])
    case .bare:
        let room = width - Text.width(mark) - Text.width(scale) - 1
        guard room >= 1 else { return nil }
        let tag = short == "log" ? "log " : ""
        text = (mark + Text.fit(name, width: max(1, room - Text.width(tag))) + " " + tag + scale, [first, "L " + loss])
    }
    guard Text.width(text.0) <= width, text.1.allSatisfy({ Text.width($0) <= width }) || form == .bare else { return nil }
    return text
}

/// The first text form that fits every loss panel on screen.
func panelTextForm(_ state: AppState, layout: Layout, contents panels: [LossPanelContent]) -> PanelTextForm {
    PanelTextForm.allCases.first { form in
        panels.allSatisfy { panel in
            // The widest value a cursor can show, so the form does not change as the cursor moves.
            panelText(form, mark: "▶ ", name: panel.name, scaleWord: panel.scaleWord, scale: panel.scale, pair: state.cursor,
                      value: panel.widestValue, loss: panel.loss, width: layout.panel.width) != nil
        }
    } ?? .bare
}

/// What one loss panel draws: its matrix (weights, or their change in the delta view) and the
/// strings around it. The layout's text form and the panel itself read the same values.
struct LossPanelContent {
    var matrix: PanelMatrix
    var name: String
    var scaleWord: String
    var scale: String
    var loss: String
    var value: String
    var widestValue: String

    init?(_ state: AppState, index: Int, blocks: [(label: Int, members: [Int])]?) {
        guard state.evaluations.indices.contains(index), let weights = state.evaluations[index] else { return nil }
        let labels = state.session.batch.labels.labels
        let c = state.cursor
        let earlier = state.isShowingDelta && state.earlierEvaluations.indices.contains(index) ? state.earlierEvaluations[index] : nil
        matrix = earlier.map { PanelMatrix.delta(weights, $0, labels: labels, blocks: blocks) }
            ?? PanelMatrix.weights(weights, labels: labels, blocks: blocks)
        name = (earlier == nil ? "" : "Δ ") + state.losses[index].name
        scaleWord = (state.isLogScale ? "log " : "") + (blocks == nil ? "max" : "sum") + (earlier == nil ? "|w|" : "|ΔW|")
        scale = NumberText.short(matrix.maximum)
        loss = NumberText.short(weights.value)
        widestValue = earlier == nil ? "W -3.95e-09" : "ΔW -3.95e-09"
        if let earlier {
            let d = weights.gradient[c.row, c.column] - earlier.gradient[c.row, c.column]
            value = c.row == c.column ? "self pair" : "ΔW " + (d > 0 ? "+" : "") + NumberText.short(d)
        } else {
            switch weights.status(c.row, c.column) {
            case .selfPair: value = "self pair"
            case .notSelected: value = "not selected"
            case .inactive: value = "W 0 inactive"
            case .active: value = "W " + NumberText.short(weights.gradient[c.row, c.column])
            }
        }
    }
}

private func drawPanel(_ kind: PanelKind, content: LossPanelContent?, state: AppState, layout: Layout, form: PanelTextForm,
                       blocks: [(label: Int, members: [Int])]?, glyphs: GlyphSet, into grid: inout CellGrid,
                       at origin: (x: Int, y: Int)) {
    let labels = state.session.batch.labels.labels
    let c = state.cursor
    let cursor = panelCursor(c, blocks: blocks)
    let width = layout.panel.width
    let axisName = { (label: Int) in state.axisName(label) }
    guard case .loss(let index) = kind else {
        let matrix = PanelMatrix.similarity(state.similarity, labels: labels, blocks: blocks)
        let value = state.similarity.rows > c.row ? NumberText.short(state.similarity[c.row, c.column]) : "-"
        let name = blocks == nil ? "similarity S" : "S, class blocks"
        let title = Text.width("  \(name) -1..1") <= width ? "  \(name) -1..1" : Text.fit("  " + name, width: width)
        let full = "(\(c.row),\(c.column)) S " + value
        MatrixPanelView(title: title, titleStyle: CellStyle(.title, bold: true), matrix: matrix, cursor: cursor,
                        valueLines: [Text.width(full) <= width ? full : "S " + value], glyphs: glyphs,
                        cell: layout.panel.cell, logScale: false, axisName: axisName)
            .draw(into: &grid, at: origin, width: width)
        return
    }
    let entry = state.losses[index]
    let isFocused = index == state.focus
    var focusMark = String.UnicodeScalarView()
    focusMark.append(isFocused ? glyphs.focus : " ")
    let mark = String(focusMark) + " "
    let style = CellStyle(isFocused ? .focused : .title, bold: true)
    guard state.evaluations[index] != nil else {
        grid.put(Text.fit(mark + entry.name, width: width), x: origin.x, y: origin.y, style: style)
        let message = entry.problem ?? "cannot be shown"
        for (row, line) in wrap(message, width: width - 2).enumerated() where row < layout.panel.height - 2 {
            grid.put(line, x: origin.x + 2, y: origin.y + 2 + row, style: CellStyle(.warning))
        }
        return
    }
    guard let panel = content else { return }
    let matrix = panel.matrix
    let text = panelText(form, mark: mark, name: panel.name, scaleWord: panel.scaleWord, scale: panel.scale,
                         pair: c, value: panel.value, loss: panel.loss, width: width)
        ?? (mark + panel.name, [panel.value])
    MatrixPanelView(title: text.title, titleStyle: style, matrix: matrix, cursor: cursor, valueLines: text.lines,
                    glyphs: glyphs, cell: layout.panel.cell, logScale: state.isLogScale, axisName: axisName)
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
    let classes = labels.count > max(c.row, c.column)
        ? "\(state.className(labels.labels[c.row]))/\(state.className(labels.labels[c.column]))" : "-"
    let pair = "(\(c.row),\(c.column))"
    // Fields give way whole, least needed first, so no number is ever cut.
    // A user's embeddings under a head that starts at the identity: as they are until trained.
    // A file is named by its last component: the header has no room for a long path.
    let data = " " + (state.settings.datasetName.split(separator: "/").last.map(String.init) ?? state.settings.datasetName)
    let head = configuration.startsAtIdentity ? [data + (state.session.step == 0 ? " as is" : " +linear head"), data] : [data]
    let first = fitFields([
        head,
        ["batch \(configuration.classesPerBatch)x\(configuration.samplesPerClass)"],
        ["step \(state.session.step)"],
        ["seed \(configuration.seed)", ""],
        // Help and the export menu hold the clock: say so rather than "running".
        [state.isRunning ? (state.isShowingHelp || state.isShowingExportMenu ? "running, held" : "running") : "paused", ""],
        ["pair \(pair) \(classes) \(pairKind)", "\(pair) \(classes) \(pairKind)", "\(pair) \(pairKind)"],
    ], separator: sep, width: grid.width)
    grid.put(first, x: 0, y: 0, style: CellStyle(.title, bold: true))
    let name = state.focusedLoss?.spec?.compactDescription ?? state.focusedLoss?.text ?? "-"
    var fields: [[String]] = [[" trains " + name]]
    if state.evaluations.indices.contains(state.focus), let weights = state.evaluations[state.focus] {
        fields.append(["loss " + NumberText.short(weights.value, significant: 4)])
    }
    if let (parameter, value) = state.selectedParameter { fields.append(["[\(parameter.name)] \(value)", ""]) }
    fields.append(["lr " + formatNumber(configuration.learningRate), ""])
    if let lecture = lectureField(state) { fields.append(lecture) }
    if let run = state.compare, !run.isFinished { fields.append(["compare \(run.step)/\(run.total)"]) }
    var second = fitFields(fields, separator: sep, width: grid.width)
    if Text.width(second) > grid.width {
        // Only the name is left to give: cut it, keep the numbers after it.
        let rest = String(second.dropFirst(Text.width(" trains " + name)))
        second = " trains " + Text.fit(name, width: max(1, grid.width - Text.width(" trains ") - Text.width(rest))) + rest
    }
    let end = grid.put(Text.fit(second, width: grid.width), x: 0, y: 1, style: CellStyle(.normal))
    guard let message = state.message else { return true }
    guard end + Text.width(sep + message) <= grid.width else { return false }
    grid.put(sep + message, x: end, y: 1, style: CellStyle(.warning))
    return true
}

/// Joins `fields` (each a list of forms, longest first; an empty form drops the field) with the
/// shortest forms needed to fit `width`, shortening the last fields first.
func fitFields(_ fields: [[String]], separator: String, width: Int) -> String {
    var choice = fields.map { _ in 0 }
    func text() -> String { zip(fields, choice).map { $0[$1] }.filter { !$0.isEmpty }.joined(separator: separator) }
    var index = fields.count - 1
    while Text.width(text()) > width, index >= 0 {
        if choice[index] + 1 < fields[index].count { choice[index] += 1 } else { index -= 1 }
    }
    return text()
}

/// A message too long for the header, on the legend's row (which it replaces until the next key).
private func drawLegendRowNotice(_ message: String, into grid: inout CellGrid) {
    guard grid.height >= 2 else { return }
    let y = grid.height - 2
    grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1))
    grid.put(Text.fit(" " + message, width: grid.width), x: 0, y: y, style: CellStyle(.warning))
}

/// The legend row: what each glyph means (the near-zero mark and the scale included), and which
/// losses show when they page. Longer words when they fit, shorter ones when not.
private func drawLegend(_ state: AppState, layout: Layout, glyphs: GlyphSet, into grid: inout CellGrid) {
    func scalar(_ s: Unicode.Scalar) -> String { String(String.UnicodeScalarView([s])) }
    let about = state.settings.ascii ? "~0" : "≈0"
    let nearZero = state.isLogScale ? ["\(about), <1e-4 of max (log)", "\(about) <1e-4 log", "<1e-4"]
                                    : ["\(about), <1% of max", "\(about) <1%", "<1%"]
    var paging: [String] = []
    if layout.isPaging, layout.lossCount > 0 {
        let first = layout.firstLoss + 1, last = min(layout.lossCount, layout.firstLoss + layout.lossesPerPage)
        paging = ["losses \(first)-\(last) of \(layout.lossCount) (< >)", "\(first)-\(last)/\(layout.lossCount) <>"]
    }
    let delta = state.isShowingDelta && !state.earlierEvaluations.isEmpty
    for verbose in 0..<3 {
        let pick = { (options: [String]) in options[min(verbose, options.count - 1)] }
        var parts: [(String, CellStyle, String)] = [
            (GlyphSet.ramp(glyphs.positive), CellStyle(.positive(3)), delta ? pick([" ΔW<0 pull more", " ΔW<0", " ΔW<0"]) : " pos"),
            (GlyphSet.ramp(glyphs.negative), CellStyle(.negative(3)), delta ? pick([" ΔW>0 push more", " ΔW>0", " ΔW>0"]) : " neg"),
            ("", .normal, delta ? pick(["since " + (state.deltaBase?.name ?? ""), "since " + (state.deltaBase?.name ?? ""), ""]) : ""),
            (scalar(glyphs.nearZero), CellStyle(.dim), " " + pick(nearZero)),
            (scalar(glyphs.inactive), CellStyle(.dim), pick([" zero", " 0"])),
            (pick(["blank", "blank", " "]), CellStyle(.dim), pick([" unselected", " unselected", ""])),
            (scalar(glyphs.selfPair), CellStyle(.structure), " self"),
        ]
        parts.removeAll { $0.0.isEmpty && $0.2.isEmpty }
        if let blank = parts.firstIndex(where: { $0.0 == " " }) { parts.remove(at: blank) }
        if !paging.isEmpty { parts.append(("", .normal, pick(paging))) }
        let separator = verbose == 0 ? "  " : " "
        let width = 1 + parts.reduce(0) { $0 + Text.width($1.0) + Text.width($1.2) } + Text.width(separator) * (parts.count - 1)
        guard width <= grid.width || verbose == 2 else { continue }
        var x = 1
        let y = grid.height - 2
        for (index, (glyph, style, label)) in parts.enumerated() {
            if index > 0 { x += Text.width(separator) }
            x = grid.put(glyph, x: x, y: y, style: style)
            x = grid.put(label, x: x, y: y, style: CellStyle(.dim))
        }
        return
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
    // Still too wide (60 columns): the other keys go before `?` and `q`, which always stay.
    while width > grid.width, let index = entries.lastIndex(where: { $0.key != "?" && $0.key != "q" }) {
        width -= Text.width(entries[index].key) + Text.width(entries[index].label) + 2
        entries.remove(at: index)
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
    var claimed = Set<Key>()
    return table.compactMap { binding in
        // A binding whose first key an earlier one took (the demo player's `space`) does nothing.
        defer { claimed.formUnion(binding.keys) }
        if claimed.contains(binding.keys[0]) { return nil }
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
    // The open tab is bracketed, so a plain-text export still shows which view this is.
    for tab in Layout.viewTabs(in: area) {
        let isSelected = tab.view == view
        let text = isSelected ? "[" + tab.view.tabText.dropFirst(0) + "]" : " " + tab.view.tabText + " "
        grid.put(text, x: tab.rect.x - 1, y: tab.rect.y,
                 style: CellStyle(isSelected ? .title : .dim, reversed: isSelected, bold: isSelected))
    }
    let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
    if body.width >= 2 * 80 + 2, let partner = TeachingView(rawValue: view.rawValue % TeachingView.allCases.count + 1) {
        let half = (body.width - 2) / 2
        drawTeachingView(view, state, in: Rect(x: body.x, y: body.y, width: half, height: body.height), into: &grid)
        drawTeachingView(partner, state, in: Rect(x: body.x + half + 2, y: body.y, width: body.width - half - 2, height: body.height), into: &grid)
    } else if view == .inspector, body.height >= 2 * Layout.minimumViewSize.height,
              let partner = TeachingView(rawValue: view.rawValue + 1) {
        // A tall area: the inspector's text, then the next view in the rows it leaves.
        let used = drawInspector(state, in: body, into: &grid)
        let rest = Rect(x: body.x, y: body.y + used + 1, width: body.width, height: body.height - used - 1)
        if rest.height >= Layout.minimumViewSize.height - 2 { drawTeachingView(partner, state, in: rest, into: &grid) }
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
