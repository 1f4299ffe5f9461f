import TUICore

/// What an export key asks for. Export keys keep the message: an export shows the screen as the
/// key found it.
public enum ExportCommand: Sendable, Equatable, Hashable {
    /// `e`: write the screen to a file in the default export format.
    case save
    /// `E`: open the export format menu.
    case openMenu
    /// A menu key: write the screen in this format.
    case saveAs(ExportFormat)
    /// `esc` in the menu: close it without exporting.
    case closeMenu
}

/// The export commands.
func performExport(_ command: ExportCommand, on state: inout AppState) -> [Effect] {
    switch command {
    case .save:
        return [.export(state.exportFormat)]
    case .openMenu:
        state.isShowingExportMenu = true
        return []
    case .closeMenu:
        state.isShowingExportMenu = false
        return []
    case .saveAs(let format):
        state.isShowingExportMenu = false
        return [.export(format)]
    }
}

/// The export menu's lines: one per format with its key, then how to leave.
public func exportMenuLines(current: ExportFormat) -> [String] {
    var lines = ["Export the screen as"]
    for (index, format) in ExportFormat.allCases.enumerated() {
        let mark = format == current ? "  (e)" : ""
        lines.append("  \(index + 1)  " + Text.padded(format.name, width: 9) + "gpw-DATE-TIME.\(format.fileExtension)" + mark)
    }
    lines.append("  esc  cancel")
    return lines
}

func drawExportMenu(_ state: AppState, into grid: inout CellGrid) {
    let lines = exportMenuLines(current: state.exportFormat)
    let width = min(grid.width - 2, (lines.map(Text.width).max() ?? 0) + 4)
    let height = min(grid.height, lines.count + 2)
    let x0 = max(0, (grid.width - width) / 2), y0 = max(0, (grid.height - height) / 2)
    let ascii = state.settings.ascii
    let (horizontal, vertical): (Unicode.Scalar, Unicode.Scalar) = ascii ? ("-", "|") : ("─", "│")
    let corners: [Unicode.Scalar] = ascii ? ["+", "+", "+", "+"] : ["┌", "┐", "└", "┘"]
    let frame = CellStyle(.structure)
    grid.fill(Rect(x: x0, y: y0, width: width, height: height))
    for x in x0..<(x0 + width) {
        grid.put(horizontal, x: x, y: y0, style: frame)
        grid.put(horizontal, x: x, y: y0 + height - 1, style: frame)
    }
    for y in y0..<(y0 + height) {
        grid.put(vertical, x: x0, y: y, style: frame)
        grid.put(vertical, x: x0 + width - 1, y: y, style: frame)
    }
    grid.put(corners[0], x: x0, y: y0, style: frame)
    grid.put(corners[1], x: x0 + width - 1, y: y0, style: frame)
    grid.put(corners[2], x: x0, y: y0 + height - 1, style: frame)
    grid.put(corners[3], x: x0 + width - 1, y: y0 + height - 1, style: frame)
    grid.put(" export ", x: x0 + 2, y: y0, style: CellStyle(.title, reversed: true))
    for (row, line) in lines.enumerated() where row + 1 < height - 1 {
        let isHeading = !line.hasPrefix(" ")
        grid.put(Text.fit(line, width: width - 4), x: x0 + 2, y: y0 + 1 + row,
                 style: CellStyle(isHeading ? .title : .normal, bold: isHeading))
    }
}

/// The last export's path (or failure) on the legend row, in place of the legend until the next
/// key: the header's second line is often full.
func drawExportNotice(_ state: AppState, into grid: inout CellGrid) {
    guard let notice = state.exportNotice, grid.height >= 2 else { return }
    let y = grid.height - 2
    grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1))
    let failed = notice.hasPrefix("export failed")
    grid.put(Text.fit(" " + notice, width: grid.width), x: 0, y: y, style: CellStyle(failed ? .warning : .key, bold: true))
}
