/// A screen as a value: `width × height` cells. Rendering produces one; a terminal driver only
/// copies it out. Writes outside the grid are clipped, never trapped.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Row-major cells.
    public private(set) var cells: [Cell]
    /// The colour scheme the screen asks for; the terminal driver and the exports follow it.
    public var theme: Theme = .dark

    /// A blank grid.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    /// A blank grid of `size`.
    public init(size: Size) { self.init(width: size.width, height: size.height) }

    /// The size.
    public var size: Size { Size(width: width, height: height) }

    /// The cell at column `x`, row `y`. - Precondition: inside the grid.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes one cell; outside the grid it does nothing. A scalar wider than one column is
    /// replaced by `?` so the grid's geometry never lies.
    public mutating func put(_ scalar: Unicode.Scalar, x: Int, y: Int, style: CellStyle = .normal) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = Cell(Glyphs.isSingleWidth(scalar) ? scalar : "?", style: style)
    }

    /// Writes `text` from `(x, y)` rightwards, clipped at `maxWidth` columns and at the grid's
    /// edge. Returns the column after the last written cell.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .normal, maxWidth: Int? = nil) -> Int {
        var column = x
        let limit = maxWidth.map { x + $0 } ?? width
        for scalar in text.unicodeScalars {
            if column >= limit { break }
            put(scalar, x: column, y: y, style: style)
            column += 1
        }
        return column
    }

    /// Sets the style of the cells in a rectangle (clipped), keeping their glyphs.
    public mutating func restyle(_ rect: Rect, _ change: (inout CellStyle) -> Void) {
        for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) {
                change(&cells[y * width + x].style)
            }
        }
    }

    /// Fills a rectangle (clipped) with one glyph.
    public mutating func fill(_ rect: Rect, with scalar: Unicode.Scalar = " ", style: CellStyle = .normal) {
        for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) { put(scalar, x: x, y: y, style: style) }
        }
    }

    /// Row `y` as text, trailing blanks kept.
    public func row(_ y: Int) -> String {
        var s = String.UnicodeScalarView()
        for x in 0..<width { s.append(cells[y * width + x].character) }
        return String(s)
    }

    /// The screen as text: one line per row, trailing blanks trimmed, rows joined by `\n` —
    /// exactly what `tmux capture-pane -p` shows for the same screen.
    public func text() -> String {
        (0..<height).map { row($0).trimmingTrailingSpaces }.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
