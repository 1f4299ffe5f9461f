import PairWeighting

extension WeightsReport {
    /// The batch, its similarities and each loss's weight matrix, drawn compactly for a terminal
    /// (4 columns per pair: 16 samples fit in 80 columns). ASCII only, so it survives any pager.
    func tableText() -> String {
        let n = labels.count
        var lines: [String] = []
        let classes = labels.classCount
        let file = batch.source.split(separator: "/").last.map(String.init) ?? batch.source
        lines.append("batch: \(n) samples of \(classes) classes from \(file)")
        lines.append("rows: anchor i, columns: partner j, both labelled by class; \\ marks i = j")
        lines.append("")
        lines.append("similarity S_ij x 100")
        lines += matrixLines { i, j in
            i == j ? "\\" : Self.whole(similarity[i, j] * 100)
        }
        for r in results {
            lines.append("")
            lines.append("\(r.spec.description)")
            let scale = r.weights.gradient.maxMagnitude
            lines.append("L = \(format(r.weights.value))   max |W| = \(format(scale))   (cells: 99 W / max |W|)")
            lines += matrixLines { i, j in
                if i == j { return "\\" }
                switch r.weights.status(i, j) {
                case .selfPair: return "\\"
                case .notSelected: return " "
                case .inactive: return "."
                case .active:
                    let w = r.weights.gradient[i, j]
                    let scaled = scale > 0 ? Self.whole((w / scale * 99).magnitude) : "0"
                    return (w < 0 ? "-" : "+") + scaled
                }
            }
            for note in r.weights.notes { lines.append("note: \(note)") }
        }
        lines.append("")
        lines.append("key: -N pulls a positive pair together, +N pushes a negative pair apart,")
        lines.append("     N = 99 |W| / max |W|; . selected, weight 0 (margin met);")
        lines.append("     blank: dropped by the loss's mining step")
        if n > 18 { lines.append("note: \(n) samples are wider than 80 columns; --format csv or json suits large batches") }
        return lines.joined(separator: "\n")
    }

    /// `v` rounded to a whole number, or `nan`/`inf` (an `Int` conversion would trap on those).
    static func whole(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        return String(Int(v.rounded()))
    }

    /// Rows `label |cell cell …` with a label header, each cell right-aligned in 4 columns.
    private func matrixLines(_ cell: (Int, Int) -> String) -> [String] {
        let n = labels.count
        let labelWidth = max(3, labels.labels.map { String($0).count }.max() ?? 1)
        func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        var out = [pad("", labelWidth) + "  " + (0..<n).map { pad(String(labels.labels[$0]), 4) }.joined()]
        for i in 0..<n {
            out.append(pad(String(labels.labels[i]), labelWidth) + " |" + (0..<n).map { pad(cell(i, $0), 4) }.joined())
        }
        return out
    }

    private func format(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        if v == 0 { return "0" }
        let magnitude = abs(v)
        if magnitude >= 0.001 && magnitude < 1e6 {
            let scaled = (v * 1e6).rounded() / 1e6
            return "\(scaled)"
        }
        return "\(v)"
    }
}
