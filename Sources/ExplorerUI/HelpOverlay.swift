import TUICore

/// The help overlay's lines: every key of the main table, then how to read the panels.
public func helpLines(ascii: Bool) -> [String] {
    let glyphs = ascii ? GlyphSet.ascii : GlyphSet.unicode
    var lines = ["Keys"]
    for binding in KeyMap.main {
        lines.append("  " + Text.padded(binding.keys.map(\.name).joined(separator: " "), width: 11) + " " + binding.help)
    }
    lines.append("Reading a panel (rows: anchor i, columns: other j, labels: class)")
    lines.append("  " + GlyphSet.ramp(glyphs.positive) + "  positive pair: weight pulls i and j together")
    lines.append("  " + GlyphSet.ramp(glyphs.negative) + "  negative pair: weight pushes them apart")
    lines.append("        level = 1/4 .. 4/4 of the max in the title (|w|, or block sum|w|);")
    lines.append("        with o (log), one level per decade: max/10, /100, /1000, /10^4")
    lines.append("  \(glyphs.nearZero)     near zero: under 1 % of the max (log: under max/10^4), not 0")
    lines.append("  \(glyphs.inactive)     considered, exactly zero weight;  blank: not selected (mined out)")
    lines.append("  \(glyphs.selfPair)     self pair;  > marks the cursor row, \(glyphs.columnCursor) its column")
    lines.append("  W_ij = dL/dS_ij, signed: < 0 pulls i and j together, > 0 pushes them apart;")
    lines.append("        the paper's weight is w_ij = |W_ij|, the panels draw it")
    return lines
}

/// How many help lines show at once on a screen of `size` (all of them when they fit).
func helpVisibleLines(size: Size) -> Int {
    let count = helpLines(ascii: false).count
    let height = min(size.height - 1, count + 2)
    return count > height - 2 ? max(1, height - 3) : count
}

func drawHelp(_ state: AppState, glyphs: GlyphSet, into grid: inout CellGrid) {
    var lines = helpLines(ascii: state.settings.ascii)
    let width = min(grid.width - 2, max(60, lines.map(Text.width).max() ?? 0) + 4)
    let height = min(grid.height - 1, lines.count + 2)
    if lines.count > height - 2 {
        let visible = helpVisibleLines(size: grid.size)
        let offset = min(state.helpOffset, max(0, lines.count - visible))
        let end = min(lines.count, offset + visible)
        lines = Array(lines[offset..<end])
            + ["  (lines \(offset + 1)-\(end) of \(helpLines(ascii: state.settings.ascii).count): down/up scroll)"]
    }
    let x0 = (grid.width - width) / 2, y0 = (grid.height - height) / 2
    let frame: [Unicode.Scalar] = state.settings.ascii ? ["+", "-", "|"] : ["┌", "─", "│"]
    // Whole rows are cleared, so nothing of the screen underneath shows beside the box.
    grid.fill(Rect(x: 0, y: y0, width: grid.width, height: height))
    for x in x0..<(x0 + width) {
        grid.put(frame[1], x: x, y: y0, style: CellStyle(.structure))
        grid.put(frame[1], x: x, y: y0 + height - 1, style: CellStyle(.structure))
    }
    for y in y0..<(y0 + height) {
        grid.put(frame[2], x: x0, y: y, style: CellStyle(.structure))
        grid.put(frame[2], x: x0 + width - 1, y: y, style: CellStyle(.structure))
    }
    let corners: [Unicode.Scalar] = state.settings.ascii ? ["+", "+", "+", "+"] : ["┌", "┐", "└", "┘"]
    grid.put(corners[0], x: x0, y: y0, style: CellStyle(.structure))
    grid.put(corners[1], x: x0 + width - 1, y: y0, style: CellStyle(.structure))
    grid.put(corners[2], x: x0, y: y0 + height - 1, style: CellStyle(.structure))
    grid.put(corners[3], x: x0 + width - 1, y: y0 + height - 1, style: CellStyle(.structure))
    grid.put(" help: ? or esc closes ", x: x0 + 2, y: y0, style: CellStyle(.title, reversed: true))
    for (row, line) in lines.enumerated() {
        let isHeading = !line.hasPrefix(" ")
        grid.put(Text.fit(line, width: width - 4), x: x0 + 2, y: y0 + 1 + row,
                 style: CellStyle(isHeading ? .title : .normal, bold: isHeading))
    }
}
