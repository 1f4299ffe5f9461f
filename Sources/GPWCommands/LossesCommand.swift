import PairWeighting
import TUICore

/// `gpw losses`: the catalogue, for people, or `--json` for programs.
enum LossesCommand {
    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let json = arguments.flag("--json")
        try arguments.finish()
        try Output.out(json ? self.json() : text())
    }

    static func text() -> String {
        var lines: [String] = []
        for kind in LossCatalog.all {
            lines += hangingWrap("\(kind.name)  ", "\(kind.title) (\(kind.citation))", indent: kind.name.count + 2)
            let loss = kind.defaultLoss
            lines.append("  uses:    \(loss.similarityTypes.joined(separator: ", "))\(loss.mines ? "; mines pairs" : "")")
            // Equations and summaries wrap at 80 columns, continued under their text.
            lines += hangingWrap("  loss:    ", kind.equation, indent: 11)
            lines += hangingWrap("  weight:  ", kind.weightFormula, indent: 11)
            for p in kind.parameters {
                lines += hangingWrap("  \(p.name)=\(p.defaultValue)  (\(p.domainDescription))  ", p.summary, indent: 6)
            }
            lines.append("")
        }
        lines.append("Similarity types (the MS paper's table): S = the pair's own similarity;")
        lines.append("N = relative to the anchor's other negatives; P = relative to its positives.")
        return lines.joined(separator: "\n")
    }

    /// `{"losses": [...]}`: each loss's parameters, similarity types (of its default setting),
    /// equation and the calls of other libraries it reproduces.
    static func json() -> String {
        let q = ScreenRecording.jsonString
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        let entries = LossCatalog.all.map { kind -> String in
            let loss = kind.defaultLoss
            let parameters = kind.parameters.map { p -> String in
                var fields = ["\"name\": \(q(p.name))"]
                switch (p.domain, p.defaultValue) {
                case (.number(let range, let step, let integer), .number(let value)):
                    fields += ["\"default\": \(formatNumber(value))", "\"range\": [\(formatNumber(range.lowerBound)), \(formatNumber(range.upperBound))]",
                               "\"step\": \(formatNumber(step))", "\"integer\": \(integer)"]
                case (.choice(let options), .choice(let value)):
                    fields += ["\"default\": \(q(value))", "\"choices\": \(list(options.map(q)))"]
                default:
                    fields += ["\"default\": \(q(p.defaultValue.description))"]
                }
                fields.append("\"meaning\": \(q(p.summary))")
                return "{" + fields.joined(separator: ", ") + "}"
            }
            let claims = kind.reproduces.map { r in
                "{\"library\": \(q(r.library)), \"version\": \(q(r.version)), \"call\": \(q(r.call)), "
                    + "\"miner\": \(r.miner.map(q) ?? "null"), \"spec\": \(q(r.spec)), \"condition\": \(r.condition.map(q) ?? "null")}"
            }
            return """
                {"name": \(q(kind.name)), "title": \(q(kind.title)), "citation": \(q(kind.citation)),
                  "similarity_types": \(list(loss.similarityTypes.map(q))), "mines": \(loss.mines),
                  "equation": \(q(kind.equation)), "weight": \(q(kind.weightFormula)),
                  "parameters": \(list(parameters)),
                  "reproduces": \(list(claims))}
              """
        }
        return "{\"losses\": [\n" + entries.joined(separator: ",\n") + "\n]}"
    }
}
