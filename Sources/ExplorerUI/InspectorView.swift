import PairWeighting
import TUICore

/// The pair inspector's lines for the cursor pair: the pair, every loss's weight and status, and
/// the focused loss's explanation. Pure; drawn by ``drawInspector``.
public func inspectorLines(_ state: AppState) -> [(text: String, style: CellStyle)] {
    let labels = state.session.batch.labels.labels
    let (i, j) = (state.cursor.row, state.cursor.column)
    guard labels.indices.contains(i), labels.indices.contains(j) else { return [("no batch", CellStyle(.warning))] }
    let s = state.similarity
    var lines: [(String, CellStyle)] = []
    let kind = i == j ? "self pair" : (labels[i] == labels[j] ? "positive" : "negative")
    var rank = ""
    if i != j {
        let same = (0..<labels.count).filter { $0 != i && (labels[$0] == labels[i]) == (labels[j] == labels[i]) }
        let position = labels[j] == labels[i]
            ? same.filter { s[i, $0] < s[i, j] }.count + 1       // positives: hardest = least similar
            : same.filter { s[i, $0] > s[i, j] }.count + 1       // negatives: hardest = most similar
        rank = ", hardness \(position) of \(same.count) in row \(i)"
    }
    lines.append(("pair (\(i),\(j)) \(state.className(labels[i]))/\(state.className(labels[j])) \(kind), S_ij \(Number.text(s[i, j]))" + rank,
                  CellStyle(.title, bold: true)))
    // The name column is as wide as the longest name, so the table fits beside the panels.
    let names = state.losses.map { $0.spec?.compactDescription ?? $0.text }
    let nameWidth = min(24, max(8, names.map(Text.width).max() ?? 0))
    lines.append(("  " + Text.padded("loss", width: nameWidth) + "  W_ij        vs row    status", CellStyle(.dim)))
    for index in state.losses.indices {
        let mark = index == state.focus ? "> " : "  "
        let name = Text.padded(names[index], width: nameWidth)
        guard state.evaluations.indices.contains(index), let weights = state.evaluations[index] else {
            lines.append((mark + name + "  unavailable", CellStyle(.warning)))
            continue
        }
        let w = weights.gradient[i, j]
        let status: String
        switch weights.status(i, j) {
        case .selfPair: status = "self"
        case .notSelected: status = "not selected"
        case .inactive: status = (weights.mines ? "mined, " : "") + "zero weight"
        case .active: status = (weights.mines ? "mined, " : "") + "active"
        }
        let signed = w > 0 ? "+" + NumberText.short(w) : NumberText.short(w)
        let style = CellStyle(index == state.focus ? .focused : .normal, bold: index == state.focus)
        let share = rowShare(weights, labels: labels, pair: state.cursor).map { NumberText.short($0, significant: 2) + "x" } ?? "-"
        lines.append((mark + name + "  " + Text.padded(signed, width: 10) + "  " + Text.padded(share, width: 8) + "  " + status, style))
    }
    if let entry = state.focusedLoss, let spec = entry.spec, state.evaluations.indices.contains(state.focus),
       let weights = state.evaluations[state.focus] {
        let types = spec.similarityTypes.isEmpty ? "no similarity" : spec.similarityTypes.joined(separator: ",")
        lines.append(("why " + spec.compactDescription + " weighs it so (uses " + types + "):", CellStyle(.title, bold: true)))
        let derivation = spec.makeLoss().explain(anchor: i, other: j, similarity: s, labels: state.session.batch.labels)
        for line in derivation.lines { lines.append(("  " + line.formatted, CellStyle(.normal))) }
        lines.append(("  panel: " + (weights.status(i, j) == .active ? "W " + NumberText.short(weights.gradient[i, j])
                                                                       : "W 0"), CellStyle(.dim)))
    }
    if let entry = state.focusedLoss, entry.spec == nil {
        lines.append(("why nothing for " + entry.text + ": " + (entry.problem ?? "unavailable"), CellStyle(.warning)))
    }
    return lines
}

/// `|W_ij|` over the mean `|W|` of the active pairs of the same kind (positive or negative) in
/// row `i`: 1x for a loss that weighs every active pair alike, above 1 for a pair it singles out.
func rowShare(_ weights: PairWeights, labels: [Int], pair: PairIndex) -> Double? {
    let (i, j) = (pair.row, pair.column)
    guard i != j, weights.gradient[i, j] != 0 else { return nil }
    let sameKind = labels.indices.filter { $0 != i && (labels[$0] == labels[i]) == (labels[j] == labels[i]) }
    let active = sameKind.map { abs(weights.gradient[i, $0]) }.filter { $0 > 0 }
    guard !active.isEmpty else { return nil }
    return abs(weights.gradient[i, j]) / (active.reduce(0, +) / Double(active.count))
}

/// Draws the inspector in `rect`, wrapping long lines, from line ``AppState/viewOffset`` (the
/// mouse wheel scrolls it); returns the rows used.
@discardableResult
func drawInspector(_ state: AppState, in rect: Rect, into grid: inout CellGrid) -> Int {
    let pieces = inspectorLines(state).flatMap { text, style in wrapKeepingIndent(text, width: rect.width).map { ($0, style) } }
    let offset = min(state.viewOffset, max(0, pieces.count - rect.height))
    var y = rect.y
    for (piece, style) in pieces.dropFirst(offset) {
        guard y < rect.y + rect.height else { break }
        grid.put(piece, x: rect.x, y: y, style: style)
        y += 1
    }
    return y - rect.y
}

/// Word wrap that keeps a line's leading spaces on its continuation lines (plus two).
func wrapKeepingIndent(_ text: String, width: Int) -> [String] {
    guard Text.width(text) > width, width > 8 else { return [Text.fit(text, width: max(0, width))] }
    let indent = text.prefix { $0 == " " }.count
    let pad = String(repeating: " ", count: min(indent + 2, width / 2))
    let wrapped = wrap(String(text.dropFirst(indent)), width: width - indent)
    guard let first = wrapped.first else { return [] }
    var lines = [String(repeating: " ", count: indent) + first]
    for rest in wrapped.dropFirst() {
        lines += wrap(rest, width: width - Text.width(pad)).map { pad + $0 }
    }
    return lines
}
