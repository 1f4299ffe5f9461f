import DataIO
import Foundation
import MetricTraining
import PairWeighting

/// `gpw eval`: MAP@R, R-precision, precision@1 and Recall@K of a researcher's embeddings, by the
/// evaluator `train`, `compare` and the explorer use (``RetrievalEvaluator``).
enum EvalCommand {
    enum Format: String, CaseIterable { case table, json }

    struct Request {
        /// The queries, and the reference set (nil: the queries themselves, each left out).
        var queries: FeatureTable
        var reference: FeatureTable?
        var format: Format
        var output: String?
    }

    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let request = try parse(&arguments)
        // A bar on a terminal for long runs (letters' 10,060 rows take about a second).
        let progress = request.queries.count >= 5000 ? ProgressBox(ProgressDisplay(label: "eval", total: request.queries.count)) : nil
        var reference: (embeddings: Matrix, labels: [Int])?
        if let r = request.reference { reference = (r.features, r.labels) }
        var report: (@Sendable (Int) -> Void)?
        if let progress { report = { done in progress.report(done) } }
        let metrics = RetrievalEvaluator.evaluate(queries: request.queries.features, queryLabels: request.queries.labels,
                                                  reference: reference, progress: report)
        progress?.finish()
        let text = request.format == .json ? json(metrics, request) + "\n" : table(metrics, request)
        if let output = request.output { try OutputFile.write(Array(text.utf8), to: output) } else { try Output.write(text) }
    }

    static func parse(_ arguments: inout Arguments) throws(CommandError) -> Request {
        let data = try arguments.value("--data")
        let labels = try arguments.value("--labels")
        let query = try arguments.value("--query"), reference = try arguments.value("--reference")
        let queryLabels = try arguments.value("--query-labels"), referenceLabels = try arguments.value("--reference-labels")
        let format = Format(rawValue: try arguments.choice("--format") ?? "table") ?? .table
        let output = try arguments.value("--output")
        try arguments.finish()
        switch (data, query, reference) {
        case (let data?, nil, nil):
            guard queryLabels == nil, referenceLabels == nil else {
                throw .usage("--query-labels and --reference-labels go with --query and --reference; --data takes --labels")
            }
            return Request(queries: try DataOption.table(data, labels: labels), reference: nil, format: format, output: output)
        case (nil, let query?, let reference?):
            guard labels == nil else { throw .usage("--labels goes with --data; give --query-labels and --reference-labels") }
            let q = try DataOption.table(query, labels: queryLabels), r = try DataOption.table(reference, labels: referenceLabels)
            guard q.features.columns == r.features.columns else {
                throw .usage("--query \(query) has \(q.features.columns) columns, --reference \(reference) \(r.features.columns)")
            }
            return Request(queries: q, reference: r, format: format, output: output)
        case (nil, nil, nil):
            throw .usage("gpw eval needs --data FILE, or --query FILE and --reference FILE (see gpw eval --help)")
        case (nil, _, _):
            throw .usage("gpw eval needs both --query and --reference")
        default:
            throw .usage("gpw eval takes --data, or --query with --reference, not both")
        }
    }

    static func json(_ m: RetrievalMetrics, _ request: Request) -> String {
        let recall = RetrievalMetrics.ks.map { "\"\($0)\": \(JSON.number(m.recallAt[$0] ?? .nan))" }.joined(separator: ", ")
        return """
        {
          "map_at_r": \(JSON.number(m.mapAtR)),
          "r_precision": \(JSON.number(m.rPrecision)),
          "precision_at_1": \(JSON.number(m.precisionAt1)),
          "recall_at": {\(recall)},
          "queries": \(m.queries),
          "query_rows": \(request.queries.count),
          "reference_rows": \(request.reference?.count ?? request.queries.count),
          "reference_includes_queries": \(request.reference == nil),
          "distance": "cosine",
          "ties": "lower reference row first"
        }
        """
    }

    static func table(_ m: RetrievalMetrics, _ request: Request) -> String {
        let source = request.reference.map { "\(request.queries.source) (\(request.queries.count) queries) against \($0.source) (\($0.count) rows)" }
            ?? "\(request.queries.source): \(request.queries.count) rows, each querying the others"
        let skipped = request.queries.count - m.queries
        var out = source + "\n"
        out += "cosine; R = reference rows of the query's class; ties to the lower row"
        out += skipped > 0 ? "; \(skipped) queries with no same-class reference row not counted\n\n" : "\n\n"
        out += "MAP@R   R-prec  P@1     R@1     R@2     R@4     R@8\n"
        out += ([m.mapAtR, m.rPrecision, m.precisionAt1] + RetrievalMetrics.ks.map { m.recallAt[$0] ?? .nan })
            .map { fixed($0, 4) }.joined(separator: "  ") + "\n"
        return out
    }
}

/// A progress display shared by the evaluator's threads (one draws at a time).
final class ProgressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var display: ProgressDisplay
    init(_ display: ProgressDisplay) { self.display = display }
    func report(_ done: Int) { lock.withLock { display.update(done: done, unit: "queries") } }
    func finish() { lock.withLock { display.finish() } }
}
