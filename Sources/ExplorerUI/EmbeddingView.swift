import PairWeighting
import TUICore

/// The top two principal directions of the rows of `x` (`[N, D]`), by power iteration with
/// deflation from a fixed start vector (deterministic; 100 iterations are plenty for a plot).
/// Each direction's sign makes its largest-magnitude entry positive, so the picture does not
/// flip between frames. Returns the centred rows projected: `N` points.
public func principalProjection(_ x: Matrix) -> [(Double, Double)] {
    let n = x.rows, d = x.columns
    guard n > 0, d > 0 else { return [] }
    var mean = [Double](repeating: 0, count: d)
    for i in 0..<n { for k in 0..<d { mean[k] += x[i, k] / Double(n) } }
    var centred = [[Double]](repeating: [Double](repeating: 0, count: d), count: n)
    for i in 0..<n { for k in 0..<d { centred[i][k] = x[i, k] - mean[k] } }
    var covariance = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
    for row in centred {
        for a in 0..<d { for b in 0..<d { covariance[a][b] += row[a] * row[b] } }
    }
    var directions: [[Double]] = []
    for component in 0..<min(2, d) {
        var v = (0..<d).map { 1 + Double(($0 * 7 + component * 3) % 5) / 10 }
        for _ in 0..<100 {
            var next = [Double](repeating: 0, count: d)
            for a in 0..<d { for b in 0..<d { next[a] += covariance[a][b] * v[b] } }
            for u in directions {
                let dot = zip(next, u).reduce(0) { $0 + $1.0 * $1.1 }
                for a in 0..<d { next[a] -= dot * u[a] }
            }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 1e-12 else { break }
            v = next.map { $0 / norm }
        }
        if let largest = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[largest] < 0 { v = v.map { -$0 } }
        directions.append(v)
    }
    while directions.count < 2 { directions.append([Double](repeating: 0, count: d)) }
    return centred.map { row in
        (zip(row, directions[0]).reduce(0) { $0 + $1.0 * $1.1 }, zip(row, directions[1]).reduce(0) { $0 + $1.0 * $1.1 })
    }
}

/// The embedding view: the batch's normalised embeddings on their first two principal
/// components, one letter per class (`a` = the batch's first class); the cursor pair reversed.
func drawEmbedding(_ state: AppState, in rect: Rect, into grid: inout CellGrid) {
    let labels = state.session.batch.labels.labels
    let blocks = Layout.classBlocks(labels)
    let letter = { (i: Int) -> Unicode.Scalar in
        let index = blocks.firstIndex { $0.label == labels[i] } ?? 0
        return Unicode.Scalar(UInt8(ascii: "a") + UInt8(index % 26))
    }
    var legend = "batch embeddings, PCA of unit vectors, step \(state.session.step):"
    for (index, block) in blocks.enumerated() {
        legend += " " + String(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(index % 26)))) + "=\(block.label)"
    }
    let legendLines = wrap(legend, width: rect.width)
    for (row, text) in legendLines.prefix(2).enumerated() {
        grid.put(text, x: rect.x, y: rect.y + row, style: CellStyle(.title, bold: row == 0))
    }
    let top = rect.y + min(2, legendLines.count)
    let height = rect.y + rect.height - top, width = rect.width
    guard height >= 4, width >= 10 else { return }
    let frame: (h: Unicode.Scalar, v: Unicode.Scalar) = state.settings.ascii ? ("-", "|") : ("─", "│")
    for x in rect.x..<(rect.x + width) {
        grid.put(frame.h, x: x, y: top, style: CellStyle(.structure))
        grid.put(frame.h, x: x, y: top + height - 1, style: CellStyle(.structure))
    }
    for y in (top + 1)..<(top + height - 1) {
        grid.put(frame.v, x: rect.x, y: y, style: CellStyle(.structure))
        grid.put(frame.v, x: rect.x + width - 1, y: y, style: CellStyle(.structure))
    }
    let corners: [Unicode.Scalar] = state.settings.ascii ? ["+", "+", "+", "+"] : ["┌", "┐", "└", "┘"]
    grid.put(corners[0], x: rect.x, y: top, style: CellStyle(.structure))
    grid.put(corners[1], x: rect.x + width - 1, y: top, style: CellStyle(.structure))
    grid.put(corners[2], x: rect.x, y: top + height - 1, style: CellStyle(.structure))
    grid.put(corners[3], x: rect.x + width - 1, y: top + height - 1, style: CellStyle(.structure))
    let points = principalProjection(state.embeddings)
    guard !points.isEmpty else { return }
    let xs = points.map(\.0), ys = points.map(\.1)
    let spanX = max(1e-9, (xs.max() ?? 0) - (xs.min() ?? 0)), spanY = max(1e-9, (ys.max() ?? 0) - (ys.min() ?? 0))
    let innerW = width - 2, innerH = height - 2
    let cursor = state.cursor
    for (i, (px, py)) in points.enumerated() {
        let cx = rect.x + 1 + Int(((px - (xs.min() ?? 0)) / spanX * Double(innerW - 1)).rounded())
        let cy = top + 1 + Int((((ys.max() ?? 0) - py) / spanY * Double(innerH - 1)).rounded())
        let isCursor = i == cursor.row || i == cursor.column
        let isPositive = labels[i] == labels[min(cursor.row, labels.count - 1)]
        grid.put(letter(i), x: cx, y: cy, style: CellStyle(isPositive ? .positive(4) : .negative(4), reversed: isCursor, bold: isCursor))
    }
}
