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

    subscript(row: Int, column: Int) -> CellContent { cells[row * side + column] }

    /// The similarity matrix; a cell's magnitude is `(S + 1) / 2`, so the scale is `-1...1`.
    static func similarity(_ s: Matrix, labels: [Int], blocks: [(label: Int, members: [Int])]?) -> PanelMatrix {
        aggregate(labels: labels, blocks: blocks) { i, j in
            labels[i] == labels[j] ? (i == j ? .selfPair : .value(isPositive: true, magnitude: (s[i, j] + 1) / 2))
                : .value(isPositive: false, magnitude: (s[i, j] + 1) / 2)
        } combine: { values in values.reduce(0, +) / Double(max(1, values.count)) } maximum: { _ in 1 }
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

    private static func aggregate(labels: [Int], blocks: [(label: Int, members: [Int])]?,
                                  cell: (Int, Int) -> CellContent, combine: ([Double]) -> Double,
                                  maximum: (Double) -> Double) -> PanelMatrix {
        let groups = blocks ?? labels.indices.map { (labels[$0], [$0]) }
        var cells: [CellContent] = []
        var largest = 0.0
        for a in groups {
            for b in groups {
                var magnitudes: [Double] = []
                var isPositive = false, sawInactive = false, sawNotSelected = false
                for i in a.members {
                    for j in b.members {
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

/// Draws one matrix panel: title, column labels, rows, cursor marks and the cursor's value.
struct MatrixPanelView {
    var title: String
    var titleStyle: CellStyle
    var matrix: PanelMatrix
    /// The cursor cell in this matrix's coordinates.
    var cursor: PairIndex
    /// The line under the matrix (the cursor pair's value).
    var valueLine: String
    var glyphs: GlyphSet

    func draw(into grid: inout CellGrid, at origin: (x: Int, y: Int), width: Int) {
        grid.put(Text.fit(title, width: width), x: origin.x, y: origin.y, style: titleStyle)
        let left = origin.x + 3
        // A class label where a class starts, when it does not touch the previous label (two-digit
        // labels would run together); the cursor column's label always, reversed. The row labels
        // on the left list every class in the same order.
        var lastEnd = -1
        for (j, label) in matrix.labels.enumerated() where j == 0 || matrix.labels[j - 1] != label {
            let text = Text.classLabel(label)
            let start = left + 2 * j + 2 - Text.width(text)
            guard start > lastEnd + 1 else { continue }
            grid.put(text, x: start, y: origin.y + 1, style: CellStyle(.dim))
            lastEnd = start + Text.width(text) - 1
        }
        grid.put(Text.rightAligned(Text.classLabel(matrix.labels[cursor.column]), width: 2), x: left + 2 * cursor.column,
                 y: origin.y + 1, style: CellStyle(.dim, reversed: true))
        for i in 0..<matrix.side {
            let y = origin.y + 2 + i
            let isCursorRow = i == cursor.row
            grid.put(Text.rightAligned(Text.classLabel(matrix.labels[i]), width: 2), x: origin.x, y: y,
                     style: CellStyle(.dim, reversed: isCursorRow))
            if isCursorRow { grid.put(">", x: origin.x + 2, y: y, style: CellStyle(.title, bold: true)) }
            for j in 0..<matrix.side {
                let (a, b, role) = glyphPair(matrix[i, j])
                let style = CellStyle(role, reversed: isCursorRow && j == cursor.column)
                grid.put(a, x: left + 2 * j, y: y, style: style)
                grid.put(b, x: left + 2 * j + 1, y: y, style: style)
            }
        }
        grid.put("^", x: left + 2 * cursor.column + 1, y: origin.y + 2 + matrix.side, style: CellStyle(.title, bold: true))
        grid.put(Text.fit(valueLine, width: width), x: origin.x, y: origin.y + 3 + matrix.side, style: CellStyle(.normal))
    }

    private func glyphPair(_ content: CellContent) -> (Unicode.Scalar, Unicode.Scalar, StyleRole) {
        switch content {
        case .selfPair: return (glyphs.selfPair, glyphs.selfPair, .structure)
        case .notSelected: return (" ", " ", .normal)
        case .inactive: return (" ", glyphs.inactive, .dim)
        case .value(let positive, let magnitude):
            let level = GlyphSet.level(magnitude, of: matrix.maximum)
            let glyph = (positive ? glyphs.positive : glyphs.negative)[level - 1]
            return (glyph, glyph, positive ? .positive(level) : .negative(level))
        }
    }
}

/// Text helpers shared by the views.
enum Text {
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

    /// A class label for a 2-column axis cell (labels ≥ 100 keep their last two digits).
    static func classLabel(_ label: Int) -> String { String(label % 100) }

    static func width(_ text: String) -> Int { text.unicodeScalars.count }
}
