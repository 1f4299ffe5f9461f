import Foundation
import PairWeighting
import Testing
import TestSupport

@Suite struct WeightsCommandTests {
    let digits = GPWProcess.packageRoot() + "/Sources/CBundledData/csv/digits.csv"

    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-\(UUID().uuidString)-\(name)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func jsonHasTheDocumentedShapeAndTheEngineNumbers() throws {
        let csv = try temporaryFile("b.csv", "label,x,y,z\n0,1,0,0\n0,0.7,0.714143,0\n1,0.45,0.469094,0.759902\n1,0.1,-0.378076,0.700555\n")
        let r = try GPWProcess.run(["weights", "--data", csv, "--loss", "contrastive:reduction=nonzero", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["n"] as? Int == 4)
        #expect(object["labels"] as? [Int] == [0, 0, 1, 1])
        let losses = try #require(object["losses"] as? [[String: Any]])
        let loss = try #require(losses.first)
        #expect(loss["name"] as? String == "contrastive")
        #expect(loss["spec"] as? String == "contrastive:pos-margin=1,neg-margin=0.5,reduction=nonzero")
        let params = try #require(loss["params"] as? [String: Any])
        #expect(params["pos-margin"] as? Double == 1 && params["reduction"] as? String == "nonzero")
        #expect(loss["mined"] is NSNull)
        // The numbers survive serialisation exactly: compare with the engine on the same rows.
        let table = [[1, 0, 0], [0.7, 0.714143, 0], [0.45, 0.469094, 0.759902], [0.1, -0.378076, 0.700555]]
        let engine = try LossSpec.parse("contrastive:reduction=nonzero").makeLoss()
            .evaluate(embeddings: Matrix(table), labels: PairLabels([0, 0, 1, 1])).weights
        #expect(loss["value"] as? Double == engine.value)
        #expect(loss["gradient"] as? [[Double]] == engine.gradient.nested)
    }

    @Test func tableFitsEightyColumnsForAFourByFourSample() throws {
        let r = try GPWProcess.run(["weights", "--data", digits, "--sample", "4x4", "--seed", "1", "--loss", "contrastive"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count > 20)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
    }

    @Test func sampleIsSeeded() throws {
        let a = try GPWProcess.run(["weights", "--data", digits, "--sample", "3x2", "--seed", "7", "--format", "csv", "--loss", "contrastive"])
        let b = try GPWProcess.run(["weights", "--data", digits, "--sample", "3x2", "--seed", "7", "--format", "csv", "--loss", "contrastive"])
        let c = try GPWProcess.run(["weights", "--data", digits, "--sample", "3x2", "--seed", "8", "--format", "csv", "--loss", "contrastive"])
        #expect(a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
        #expect(a.stdout.split(separator: "\n").count == 1 + 6 * 5)
    }

    @Test func badInputExitCodesAndMessages() throws {
        let bad = try temporaryFile("bad.csv", "label,x\n1,2\n2,oops\n")
        let malformed = try GPWProcess.run(["weights", "--data", bad, "--loss", "contrastive"])
        #expect(malformed.status == 65)
        #expect(malformed.stderr == "error: \(bad):3: column 'x': 'oops' is not a finite number\n")

        let missing = try GPWProcess.run(["weights", "--data", "/nonexistent/x.csv"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/x.csv: cannot read: no such file"))

        let unknownLoss = try GPWProcess.run(["weights", "--data", digits, "--loss", "nosuch"])
        #expect(unknownLoss.status == 64)
        #expect(unknownLoss.stderr.contains("valid losses: contrastive"))

        let unknownParameter = try GPWProcess.run(["weights", "--data", digits, "--loss", "contrastive:margin=1"])
        #expect(unknownParameter.status == 64)
        #expect(unknownParameter.stderr.contains("valid: pos-margin, neg-margin, reduction"))

        let badFlag = try GPWProcess.run(["weights", "--data", digits, "--frmat", "json"])
        #expect(badFlag.status == 64)
        #expect(badFlag.stderr.contains("unknown option --frmat"))

        let tooMany = try GPWProcess.run(["weights", "--data", digits, "--sample", "11x4"])
        #expect(tooMany.status == 64)
        #expect(tooMany.stderr.contains("has 10 classes with at least 4 samples, need 11"))
    }
}
