/// A screen ready to leave the terminal: the grid as drawn, one line that reproduces it, and a
/// short caption. Every serialiser keeps the screen's rows exactly as ``CellGrid/text()`` gives
/// them and puts the command and caption outside the screen block.
public struct ScreenExport: Sendable, Equatable {
    /// The screen as drawn.
    public var grid: CellGrid
    /// The shell command that renders the same screen (`gpw snapshot ...`).
    public var command: String
    /// A one-line description for titles and captions (`letters · step 3 · 80x24`).
    public var caption: String

    public init(grid: CellGrid, command: String, caption: String) {
        self.grid = grid
        self.command = command
        self.caption = caption
    }

    /// The file contents in `format`. For ``ExportFormat/ascii`` the grid should already be
    /// drawn with ASCII glyphs; anything else non-ASCII on the screen is transliterated.
    public func serialised(as format: ExportFormat) -> String {
        switch format {
        case .plain: return plainText()
        case .ascii: return asciiText()
        case .markdown: return markdown()
        case .ansi: return ansi()
        case .html: return html()
        case .svg: return svg()
        }
    }

    /// The screen rows only: `grid.text()` plus a final newline, as `tmux capture-pane -p`
    /// prints it.
    public var screenText: String { grid.text() + "\n" }

    /// Plain text: `$ command`, then the screen rows.
    public func plainText() -> String { "$ " + command + "\n" + screenText }

    /// The plain text with every non-ASCII glyph of the screen transliterated (``ASCIIGlyphs``).
    /// The command line is kept verbatim so that it still reproduces the screen.
    public func asciiText() -> String { "$ " + command + "\n" + ASCIIGlyphs.transliterate(screenText) }
}

/// One horizontal run of cells with the same style.
struct StyleRun: Equatable {
    var column: Int
    var text: String
    var style: CellStyle
    var count: Int
}

extension CellGrid {
    /// The number of cells of row `y` up to its last non-blank glyph (what `text()` keeps).
    func trimmedLength(row y: Int) -> Int {
        var length = width
        while length > 0, self[length - 1, y].character == " " { length -= 1 }
        return length
    }

    /// Row `y` (trimmed as in `text()`) cut into runs of equal style.
    func styleRuns(row y: Int) -> [StyleRun] {
        var runs: [StyleRun] = []
        for x in 0..<trimmedLength(row: y) {
            let cell = self[x, y]
            if var last = runs.last, last.style == cell.style {
                last.text.unicodeScalars.append(cell.character)
                last.count += 1
                runs[runs.count - 1] = last
            } else {
                var text = String.UnicodeScalarView()
                text.append(cell.character)
                runs.append(StyleRun(column: x, text: String(text), style: cell.style, count: 1))
            }
        }
        return runs
    }
}
