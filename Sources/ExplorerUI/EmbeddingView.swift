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

/// The embedding view: the batch's normalised embeddings (or, with `u`, the unseen classes'
/// evaluation subset) on their first two principal components, one letter per class (`a` = the
/// first class); the cursor pair reversed (batch only).
func drawEmbedding(_ state: AppState, in rect: Rect, into grid: inout CellGrid) {
    let unseen = state.embeddingShowsUnseen
    let labels: [Int], unit: Matrix
    if unseen {
        let test = state.session.split.test.subset(rows: state.session.evaluationRows)
        labels = test.labels
        unit = CosineSimilarity.normalize(state.session.embed(test.features)).unit
    } else {
        labels = state.session.batch.labels.labels
        unit = state.embeddings
    }
    let blocks = unseen ? Layout.classBlocks(labels.sorted()) : Layout.classBlocks(labels)
    let classIndex = Dictionary(uniqueKeysWithValues: blocks.enumerated().map { ($0.element.label, $0.offset) })
    // A class's own one-letter name when every class on screen has one (letters: N, digits: 3);
    // else a, b, c ... in order, and the legend names them.
    let shortNames = blocks.compactMap { block -> Unicode.Scalar? in
        let name = state.className(block.label).unicodeScalars
        return name.count == 1 && name.first!.isASCII && name.first! != " " ? name.first! : nil
    }
    let ownNames = shortNames.count == blocks.count && Set(shortNames).count == blocks.count
    let letter = { (label: Int) -> Unicode.Scalar in
        if ownNames, let name = state.className(label).unicodeScalars.first { return name }
        let index = classIndex[label] ?? 0
        return index < 26 ? Unicode.Scalar(UInt8(ascii: "a") + UInt8(index)) : Unicode.Scalar(UInt8(ascii: "A") + UInt8((index - 26) % 26))
    }
    let cursorGlyph: Unicode.Scalar = state.settings.ascii ? "@" : "◆"
    var legend = (unseen ? "unseen classes, \(labels.count) rows (u: batch)" : "batch (u: unseen classes)")
        + ", PCA of unit vectors, step \(state.session.step)" + (unseen ? ":" : "; \(cursorGlyph) the cursor pair:")
    for block in blocks {
        legend += " " + (ownNames ? state.className(block.label) : String(Character(letter(block.label))) + "=" + state.className(block.label))
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
    let points = principalProjection(unit)
    guard !points.isEmpty else { return }
    let xs = points.map(\.0), ys = points.map(\.1)
    let minX = xs.min() ?? 0, maxY = ys.max() ?? 0
    let spanX = max(1e-9, (xs.max() ?? 0) - minX), spanY = max(1e-9, maxY - (ys.min() ?? 0))
    let innerW = width - 2, innerH = height - 2
    let cursor = state.cursor
    let anchorLabel = labels.indices.contains(cursor.row) ? labels[cursor.row] : nil
    for (i, (px, py)) in points.enumerated() {
        let cx = rect.x + 1 + Int(((px - minX) / spanX * Double(innerW - 1)).rounded())
        let cy = top + 1 + Int(((maxY - py) / spanY * Double(innerH - 1)).rounded())
        let isCursor = !unseen && (i == cursor.row || i == cursor.column)
        let role: StyleRole = unseen ? .normal : (labels[i] == anchorLabel ? .positive(4) : .negative(4))
        guard !isCursor else { continue }
        grid.put(letter(labels[i]), x: cx, y: cy, style: CellStyle(role))
    }
    // The cursor pair last, with its own glyph, so no other point hides it.
    for (i, (px, py)) in points.enumerated() where !unseen && (i == cursor.row || i == cursor.column) {
        let cx = rect.x + 1 + Int(((px - minX) / spanX * Double(innerW - 1)).rounded())
        let cy = top + 1 + Int(((maxY - py) / spanY * Double(innerH - 1)).rounded())
        let role: StyleRole = labels[i] == anchorLabel ? .positive(4) : .negative(4)
        grid.put(cursorGlyph, x: cx, y: cy, style: CellStyle(role, reversed: true, bold: true))
    }
}
