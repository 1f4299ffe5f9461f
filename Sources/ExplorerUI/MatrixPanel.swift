import PairWeighting
import TUICore

/// What one cell of a matrix panel shows.
enum CellContent: Equatable {
    case selfPair
    /// Dropped by the loss's selection step: drawn blank.
    case notSelected
    /// Considered, zero weight: drawn as a dot.
    case inactive
    /// A magnitude (|w| or a similarity level) on a positive or negative pair.
    case value(isPositive: Bool, magnitude: Double)
}

/// A panel's matrix at sample or class-block resolution, ready to draw.
struct PanelMatrix {
    var side: Int
    var labels: [Int]
    var cells: [CellContent]
    /// The largest magnitude, for the level scale (1 for similarity panels).
    var maximum: Double
    /// Similarity levels have no near-zero mark (S = -1 is a value like any other).
    var isSimilarity = false

    subscript(row: Int, column: Int) -> CellContent { cells[row * side + column] }

    /// The similarity matrix; a cell's magnitude is `(S + 1) / 2`, so the scale is `-1...1`.
    static func similarity(_ s: Matrix, labels: [Int], blocks: [(label: Int, members: [Int])]?) -> PanelMatrix {
        aggregate(labels: labels, blocks: blocks) { i, j in
            labels[i] == labels[j] ? (i == j ? .selfPair : .value(isPositive: true, magnitude: (s[i, j] + 1) / 2))
                : .value(isPositive: false, magnitude: (s[i, j] + 1) / 2)
        } combine: { values in values.reduce(0, +) / Double(max(1, values.count)) } maximum: { _ in 1 }
        .similarityLevels()
    }

    private func similarityLevels() -> PanelMatrix {
        var copy = self
        copy.isSimilarity = true
        return copy
    }

    /// One loss's weights; a class block shows `Σ|w|` over its pairs.
    static func weights(_ w: PairWeights, labels: [Int], blocks: [(label: Int, members: [Int])]?) -> PanelMatrix {
        aggregate(labels: labels, blocks: blocks) { i, j in
            switch w.status(i, j) {
            case .selfPair: return .selfPair
            case .notSelected: return .notSelected
            case .inactive: return .inactive
            case .active:
                let g = w.gradient[i, j]
                return g == 0 ? .inactive : .value(isPositive: labels[i] == labels[j], magnitude: abs(g))
            }
        } combine: { $0.reduce(0, +) } maximum: { $0 }
    }

    /// How one loss's weights changed: `W_now - W_before` per pair (class blocks sum `|ΔW|`). The
    /// glyph family is the change's sign: shades where W fell (the pair is pulled more, or pushed
    /// less), bars where it rose; the same levels, near-zero mark and log option as the weights.
    static func delta(_ now: PairWeights, _ before: PairWeights, labels: [Int], blocks: [(label: Int, members: [Int])]?) -> PanelMatrix {
        aggregate(labels: labels, blocks: blocks) { i, j in
            if i == j { return .selfPair }
            if now.status(i, j) == .notSelected && before.status(i, j) == .notSelected { return .notSelected }
            let d = now.gradient[i, j] - before.gradient[i, j]
            return d == 0 || !d.isFinite ? .inactive : .value(isPositive: d < 0, magnitude: abs(d))
        } combine: { $0.reduce(0, +) } maximum: { $0 }
    }

    private static func aggregate(labels: [Int], blocks: [(label: Int, members: [Int])]?,
                                  cell: (Int, Int) -> CellContent, combine: ([Double]) -> Double,
                                  maximum: (Double) -> Double) -> PanelMatrix {
        let groups = blocks ?? labels.indices.map { (labels[$0], [$0]) }
        let members = groups.map(\.members)
        var cells: [CellContent] = []
        cells.reserveCapacity(groups.count * groups.count)
        var largest = 0.0
        // One buffer for every cell's magnitudes (not an array per cell: a frame has hundreds).
        var magnitudes: [Double] = []
        let largestGroup = members.map(\.count).max() ?? 0
        magnitudes.reserveCapacity(largestGroup * largestGroup)
        for a in members.indices {
            for b in members.indices {
                magnitudes.removeAll(keepingCapacity: true)
                var isPositive = false, sawInactive = false, sawNotSelected = false
                for i in members[a] {
                    for j in members[b] {
                        switch cell(i, j) {
                        case .selfPair: break
                        case .notSelected: sawNotSelected = true
                        case .inactive: sawInactive = true
                        case .value(let positive, let m):
                            isPositive = positive
                            magnitudes.append(m)
                        }
                    }
                }
                let content: CellContent
                if !magnitudes.isEmpty {
                    let m = combine(magnitudes)
                    largest = max(largest, m)
                    content = .value(isPositive: isPositive, magnitude: m)
                } else if sawInactive {
                    content = .inactive
                } else if sawNotSelected {
                    content = .notSelected
                } else {
                    content = .selfPair
                }
                cells.append(content)
            }
        }
        return PanelMatrix(side: groups.count, labels: groups.map(\.label), cells: cells, maximum: maximum(largest))
    }
}

/// Draws one matrix panel: title, column labels with the column marker, rows with the row
/// marker, and the cursor's value lines.
struct MatrixPanelView {
    var title: String
    var titleStyle: CellStyle
    var matrix: PanelMatrix
    /// The cursor cell in this matrix's coordinates.
    var cursor: PairIndex
    /// The lines under the matrix (the cursor pair's value, the loss).
    var valueLines: [String]
    var glyphs: GlyphSet
    var cell: CellSize
    var logScale: Bool
    /// Short class names for the axes (two columns at most), by label.
    var axisName: (Int) -> String

    func draw(into grid: inout CellGrid, at origin: (x: Int, y: Int), width: Int) {
        grid.put(Text.fit(title, width: width), x: origin.x, y: origin.y, style: titleStyle)
        let left = origin.x + PanelGeometry.matrixLeft
        let top = origin.y + PanelGeometry.matrixTop
        // A class name where a class starts, when it does not touch the previous one. The cursor's
        // column is marked with its own glyph (never with a second copy of a class name, which a
        // plain-text export would read as another class).
        // The marker sits in its cell's last column; a label starting under it moves one right.
        let markerX = left + cell.width * cursor.column + cell.width - 1
        var lastEnd = -1
        for (j, label) in matrix.labels.enumerated() where j == 0 || matrix.labels[j - 1] != label {
            let text = axisName(label)
            var start = left + cell.width * j
            if start == markerX { start += 1 }
            guard start > lastEnd + 1 || j == 0 else { continue }
            grid.put(text, x: start, y: origin.y + 1, style: CellStyle(.dim))
            lastEnd = start + Text.width(text) - 1
        }
        grid.put(glyphs.columnCursor, x: markerX, y: origin.y + 1, style: CellStyle(.title, bold: true))
        for i in 0..<matrix.side {
            let isCursorRow = i == cursor.row
            let y0 = top + i * cell.height
            grid.put(Text.rightAligned(axisName(matrix.labels[i]), width: 2), x: origin.x, y: y0,
                     style: CellStyle(.dim, reversed: isCursorRow))
            if isCursorRow { grid.put(">", x: origin.x + 2, y: y0, style: CellStyle(.title, bold: true)) }
            for j in 0..<matrix.side {
                let (glyph, fillsCell, role) = glyph(matrix[i, j])
                let style = CellStyle(role, reversed: isCursorRow && j == cursor.column)
                for dy in 0..<cell.height {
                    for dx in 0..<cell.width {
                        // Marks that are not levels (zero, near zero) sit once in the cell's last column.
                        let isMark = fillsCell || (dx == cell.width - 1 && dy == (cell.height - 1) / 2)
                        grid.put(isMark ? glyph : " ", x: left + cell.width * j + dx, y: y0 + dy, style: style)
                    }
                }
            }
        }
        for (row, line) in valueLines.enumerated() {
            grid.put(Text.fit(line, width: width), x: origin.x, y: top + matrix.side * cell.height + row,
                     style: CellStyle(.normal))
        }
    }

    /// The glyph of a cell, whether it fills the cell, and its role.
    private func glyph(_ content: CellContent) -> (Unicode.Scalar, Bool, StyleRole) {
        switch content {
        case .selfPair: return (glyphs.selfPair, true, .structure)
        case .notSelected: return (" ", true, .normal)
        case .inactive: return (glyphs.inactive, false, .dim)
        case .value(let positive, let magnitude):
            var level = GlyphSet.level(magnitude, of: matrix.maximum, logScale: logScale && !matrix.isSimilarity)
            if matrix.isSimilarity { level = max(1, GlyphSet.level(magnitude, of: 1)) }
            guard level > 0 else { return (glyphs.nearZero, false, .dim) }
            let glyph = (positive ? glyphs.positive : glyphs.negative)[level - 1]
            return (glyph, true, positive ? .positive(level) : .negative(level))
        }
    }
}

/// Text helpers shared by the views.
public enum Text {
    /// `text` cut to `width` columns, with `~` marking a cut.
    static func fit(_ text: String, width: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > width else { return text }
        guard width > 1 else { return String(repeating: "~", count: max(0, width)) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars.prefix(width - 1))
        view.append("~")
        return String(view)
    }

    static func rightAligned(_ text: String, width: Int) -> String {
        let count = text.unicodeScalars.count
        return count >= width ? String(text.suffix(width)) : String(repeating: " ", count: width - count) + text
    }

    static func padded(_ text: String, width: Int) -> String {
        let count = text.unicodeScalars.count
        return count >= width ? fit(text, width: width) : text + String(repeating: " ", count: width - count)
    }


    public static func width(_ text: String) -> Int { text.unicodeScalars.count }
}
