import Foundation
import MetricTraining
import PairWeighting
import Testing
import TestSupport

/// `gpw eval` (issue 18, item 3): the metrics of a researcher's own embeddings, from the one
/// evaluator, on cases worked by hand.
@Suite struct EvalCommandTests {
    static func inScratch(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir.path)
    }

    struct Result: Decodable {
        var map_at_r: Double
        var r_precision: Double
        var precision_at_1: Double
        var recall_at: [String: Double]
        var queries: Int
        var reference_includes_queries: Bool
    }

    /// Rows at 0°, 30°, 60°, 90° with classes A, A, B, A (as in RetrievalMetricsTests, worked there):
    /// MAP@R (0.5 + 0.5 + 0.25) / 3, R-precision 1/2, P@1 2/3, R@2 1; the B row is not a query.
    @Test func handWorkedFileGivesTheHandNumbers() throws {
        try Self.inScratch { dir in
            let csv = "label,x,y\n0,1,0\n0,0.8660254037844387,0.5\n1,0.5,0.8660254037844387\n0,0,1\n"
            try csv.write(toFile: dir + "/e.csv", atomically: true, encoding: .utf8)
            let run = try GPWProcess.run(["eval", "--data", dir + "/e.csv", "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let r = try JSONDecoder().decode(Result.self, from: Data(run.stdout.utf8))
            #expect(abs(r.map_at_r - 1.25 / 3) < 1e-15 && r.r_precision == 0.5 && r.precision_at_1 == 2.0 / 3)
            #expect(r.recall_at["1"] == 2.0 / 3 && r.recall_at["2"] == 1 && r.queries == 3 && r.reference_includes_queries)
            let table = try GPWProcess.run(["eval", "--data", dir + "/e.csv"])
            #expect(table.stdout.contains("0.4167  0.5000  0.6667  0.6667  1.0000  1.0000  1.0000"), "\(table.stdout)")
            #expect(table.stdout.contains("1 queries with no same-class reference row not counted"))
        }
    }

    /// Queries against a separate reference (worked in RetrievalMetricsTests): MAP@R 0.75.
    @Test func queryAndReferenceFiles() throws {
        try Self.inScratch { dir in
            try "label,x,y\n0,1,0\n1,0,1\n".write(toFile: dir + "/q.csv", atomically: true, encoding: .utf8)
            try "label,x,y\n0,0.8660254037844387,0.5\n1,0.5,0.8660254037844387\n0,-1,0\n".write(toFile: dir + "/r.csv", atomically: true, encoding: .utf8)
            let run = try GPWProcess.run(["eval", "--query", dir + "/q.csv", "--reference", dir + "/r.csv", "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let r = try JSONDecoder().decode(Result.self, from: Data(run.stdout.utf8))
            #expect(abs(r.map_at_r - 0.75) < 1e-15 && abs(r.r_precision - 0.75) < 1e-15 && r.precision_at_1 == 1 && !r.reference_includes_queries)
        }
    }

    /// The numbers are the training evaluator's: on the bundled digits, `gpw eval` equals
    /// RetrievalEvaluator on the same rows (the same code path `train` reports).
    @Test func sameNumbersAsTheEvaluatorOnANpz() throws {
        let npz = GPWProcess.packageRoot() + "/Tests/DataIOTests/Fixtures/npz/compressed.npz"
        let run = try GPWProcess.run(["eval", "--data", npz, "--format", "json"])
        let r = try JSONDecoder().decode(Result.self, from: Data(run.stdout.utf8))
        let twin = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: GPWProcess.packageRoot()
            + "/Tests/DataIOTests/Fixtures/npz/expected.json"))) as? [String: Any]
        let archive = ((twin?["archives"] as? [String: Any])?["compressed.npz"] as? [String: Any])
        let x = try #require((archive?["x"] as? [String: Any])?["values"] as? [Double])
        let y = try #require((archive?["y"] as? [String: Any])?["values"] as? [Double]).map { Int($0) }
        let slow = RetrievalTwin.metrics(queries: Matrix(rows: 40, columns: 8, storage: x), queryLabels: y, reference: nil)
        #expect(abs(r.map_at_r - slow.map) < 1e-12 && abs(r.r_precision - slow.rPrecision) < 1e-12)
        #expect(abs(r.precision_at_1 - (slow.recall[1] ?? -1)) < 1e-12)
    }

    @Test(arguments: [
        (["eval"], "gpw eval needs --data FILE, or --query FILE and --reference FILE"),
        (["eval", "--query", "a.npz"], "gpw eval needs both --query and --reference"),
        (["eval", "--data", "digits", "--query", "a.npz", "--reference", "b.npz"], "takes --data, or --query with --reference, not both"),
        (["eval", "--data", "digits", "--format", "xml"], "--format xml: expected one of table, json"),
        (["eval", "--data", "nope.npy"], "nope.npy"),
    ])
    func badRequestsAreNamed(_ words: [String], _ message: String) throws {
        let run = try GPWProcess.run(words)
        #expect(run.status != 0 && run.stderr.contains(message), "\(words): \(run.stderr)")
    }
}

/// The evaluator against pytorch-metric-learning 2.9.0's `AccuracyCalculator` (12 cases without
/// ties near the R boundary; `scripts/reference/generate_eval_fixtures.py`).
@Suite struct EvalFixtureTests {
    struct File: Decodable { var cases: [Case] }
    struct Case: Decodable {
        struct PML: Decodable {
            var mean_average_precision_at_r: Double
            var r_precision: Double
            var precision_at_1: Double
            var queries_counted: Int
        }
        var id: String
        var reference_includes_queries: Bool
        var x: [[Double]]
        var y: [Int]
        var reference_x: [[Double]]?
        var reference_y: [Int]?
        var pml: PML
    }

    @Test func agreesWithAccuracyCalculator() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/eval/eval-cases.json")
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        #expect(file.cases.count == 12)
        #expect(file.cases.contains { !$0.reference_includes_queries })
        for c in file.cases {
            var reference: (embeddings: Matrix, labels: [Int])?
            if let rx = c.reference_x, let ry = c.reference_y { reference = (Matrix(rx), ry) }
            let m = RetrievalEvaluator.evaluate(queries: Matrix(c.x), queryLabels: c.y, reference: reference)
            #expect(m.queries == c.pml.queries_counted, "\(c.id)")
            #expect(abs(m.mapAtR - c.pml.mean_average_precision_at_r) <= 1e-6, "\(c.id): MAP@R \(m.mapAtR) vs \(c.pml.mean_average_precision_at_r)")
            #expect(abs(m.rPrecision - c.pml.r_precision) <= 1e-6, "\(c.id): R-precision")
            #expect(abs(m.precisionAt1 - c.pml.precision_at_1) <= 1e-6, "\(c.id): P@1")
        }
    }
}
