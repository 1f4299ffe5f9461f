import TUICore
import DataIO
import PairWeighting

/// Every requested loss evaluated on one batch, and its three renderings (JSON, CSV, table).
struct WeightsReport {
    let batch: FeatureTable
    /// The rows of the file the batch holds (0-based, in batch order): all of them, or those
    /// `--sample` drew.
    let rows: [Int]
    let labels: PairLabels
    let similarity: Matrix
    let results: [(spec: LossSpec, weights: PairWeights, embeddingGradient: Matrix)]

    init(table: FeatureTable, rows: [Int]? = nil, specs: [LossSpec]) {
        self.batch = table
        self.rows = rows ?? Array(0..<table.count)
        labels = PairLabels(table.labels)
        let forward = CosineSimilarity.forward(table.features), s = forward.similarity
        similarity = s
        results = specs.map { spec in
            let weights = spec.makeLoss().evaluate(similarity: s, labels: PairLabels(table.labels))
            return (spec, weights, CosineSimilarity.embeddingGradient(pairWeights: weights.gradient, forward: forward))
        }
    }

    /// The first number that is not finite, named for a message, or nil. Finite input gives
    /// finite results (the loaders refuse values whose squares overflow), so this is a runtime
    /// failure if it happens; JSON and CSV must not carry `null` or `nan` silently.
    var firstNonFinite: String? {
        if !similarity.storage.allSatisfy(\.isFinite) { return "the similarity matrix" }
        for r in results {
            if !r.weights.value.isFinite { return "\(r.spec.description): the loss value" }
            if !r.weights.gradient.storage.allSatisfy(\.isFinite) { return "\(r.spec.description): the weights" }
            if !r.embeddingGradient.storage.allSatisfy(\.isFinite) { return "\(r.spec.description): the embedding gradient" }
        }
        return nil
    }

    // MARK: JSON

    func json() -> String {
        var out = "{\n"
        out += "  \"n\": \(labels.count),\n"
        out += "  \"labels\": [\(labels.labels.map(String.init).joined(separator: ", "))],\n"
        out += "  \"rows\": [\(rows.map(String.init).joined(separator: ", "))],\n"
        out += "  \"similarity\": \(JSON.matrix(similarity, indent: 2)),\n"
        out += "  \"losses\": [\n"
        out += results.map { r in
            var o = "    {\n"
            o += "      \"spec\": \(JSON.string(r.spec.description)),\n"
            o += "      \"name\": \(JSON.string(r.spec.kind.name)),\n"
            o += "      \"params\": {" + r.spec.parameters.map { p in
                switch p.value {
                case .number(let v): return "\(JSON.string(p.name)): \(JSON.number(v))"
                case .choice(let c): return "\(JSON.string(p.name)): \(JSON.string(c))"
                }
            }.joined(separator: ", ") + "},\n"
            o += "      \"value\": \(JSON.number(r.weights.value)),\n"
            o += "      \"gradient\": \(JSON.matrix(r.weights.gradient, indent: 6)),\n"
            let n = labels.count
            if r.weights.mines {
                let rows = (0..<n).map { i in "[" + (0..<n).map { j in r.weights.isSelected(i, j) ? "true" : "false" }.joined(separator: ", ") + "]" }
                o += "      \"mined\": [\n        " + rows.joined(separator: ",\n        ") + "\n      ],\n"
            } else {
                o += "      \"mined\": null,\n"
            }
            let active = (0..<n).map { i in "[" + (0..<n).map { j in r.weights.status(i, j) == .active ? "true" : "false" }.joined(separator: ", ") + "]" }
            o += "      \"active\": [\n        " + active.joined(separator: ",\n        ") + "\n      ],\n"
            o += "      \"embedding_gradient\": \(JSON.matrix(r.embeddingGradient, indent: 6)),\n"
            o += "      \"notes\": [\(r.weights.notes.map(JSON.string).joined(separator: ", "))]\n"
            o += "    }"
            return o
        }.joined(separator: ",\n")
        out += "\n  ]\n}"
        return out
    }

    // MARK: CSV (long format, one row per ordered pair and loss)

    /// The CSV text, handed to `emit` one anchor's rows at a time (with their line breaks), so
    /// the `N x N x losses` lines are never held at once: 1000 samples with six losses is six
    /// million lines, and building them as one string peaked at 2.8 GB.
    func csv(_ emit: (String) throws(CommandError) -> Void) throws(CommandError) {
        try emit("loss,anchor,other,anchor_label,other_label,role,similarity,weight,status\n")
        let n = labels.count
        for r in results {
            let name = r.spec.description.contains(",") ? "\"\(r.spec.description)\"" : r.spec.description
            for i in 0..<n {
                var block = ""
                for j in 0..<n where j != i {
                    let role = labels.role(i, j) == .positive ? "positive" : "negative"
                    block += "\(name),\(i),\(j),\(labels.labels[i]),\(labels.labels[j]),\(role),\(JSON.number(similarity[i, j])),\(JSON.number(r.weights.gradient[i, j])),\(Self.word(r.weights.status(i, j)))\n"
                }
                try emit(block)
            }
        }
    }

    /// The CSV's `status` word for a pair: `active`, `inactive` or `not-selected` (the words of
    /// the README and docs/losses.md; the diagonal has no row).
    static func word(_ status: PairStatus) -> String {
        switch status {
        case .selfPair: return "self"
        case .notSelected: return "not-selected"
        case .inactive: return "inactive"
        case .active: return "active"
        }
    }

    /// The whole CSV as one string (for small batches and tests).
    func csv() -> String {
        var out = ""
        try? csv { (text: String) throws(CommandError) in out += text }
        return String(out.dropLast())
    }
}

/// Minimal JSON writing (numbers at full round-trip precision; non-finite numbers become null).
enum JSON {
    static func number(_ v: Double) -> String {
        v.isFinite ? formatNumber(v) : "null"
    }

    /// A JSON string literal: the recordings' escaping (quotes, backslashes, control characters).
    static func string(_ s: String) -> String { ScreenRecording.jsonString(s) }

    static func matrix(_ m: Matrix, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2)
        let rows = (0..<m.rows).map { "[" + m.row($0).map(number).joined(separator: ", ") + "]" }
        return "[\n" + pad + rows.joined(separator: ",\n" + pad) + "\n" + String(repeating: " ", count: indent) + "]"
    }
}
