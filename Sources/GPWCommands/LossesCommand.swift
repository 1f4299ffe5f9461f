import PairWeighting

/// `gpw losses`: the catalogue, for people (or `--json`).
enum LossesCommand {
    static func run(_ arguments: Arguments) throws {
        try arguments.finish()
        var lines: [String] = []
        for kind in LossCatalog.all {
            lines.append("\(kind.name)  \(kind.title) (\(kind.citation))")
            let loss = kind.defaultLoss
            lines.append("  uses:    \(loss.similarityTypes.joined(separator: ", "))\(loss.mines ? "; mines pairs" : "")")
            lines.append("  loss:    \(kind.equation)")
            lines.append("  weight:  \(kind.weightFormula)")
            for p in kind.parameters {
                lines.append("  \(p.name)=\(p.defaultValue)  (\(p.domainDescription))  \(p.summary)")
            }
            lines.append("")
        }
        lines.append("Similarity types (the MS paper's table): S = the pair's own similarity; N = relative to the")
        lines.append("anchor's other negatives; P = relative to the anchor's positives.")
        try Output.out(lines.joined(separator: "\n"))
    }
}
