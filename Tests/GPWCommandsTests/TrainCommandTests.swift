import Foundation
import Testing
import TestSupport

/// `gpw train` / `gpw compare` through the built binary (stderr is not a terminal here, so
/// progress comes as plain lines).
@Suite struct TrainCommandTests {
    let quick = ["--data", "synthetic:demo,classes=12,samples=12", "--steps", "30", "--batch", "4x4", "--eval-every", "10"]

    @Test func sameSeedSameJSONBytesDifferentSeedDifferentNumbers() throws {
        let a = try GPWProcess.run(["train", "--loss", "contrastive", "--json"] + quick)
        let b = try GPWProcess.run(["train", "--loss", "contrastive", "--json"] + quick)
        let c = try GPWProcess.run(["train", "--loss", "contrastive", "--json", "--seed", "2"] + quick)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let run = try #require(object["run"] as? [String: Any])
        let evaluations = try #require(run["evaluations"] as? [[String: Any]])
        #expect(evaluations.map { $0["step"] as? Int } == [0, 10, 20, 30])
        #expect(run["seconds"] == nil)
        #expect((object["configuration"] as? [String: Any])?["seed"] as? Int == 1)
    }

    @Test func textTableHasBeforeAndAfter() throws {
        let r = try GPWProcess.run(["train", "--loss", "contrastive"] + quick)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("untrained net") && r.stdout.contains("after 30 steps") && r.stdout.contains("MAP@R"))
        #expect(r.stderr.contains("step 30/30"))
    }

    @Test func compareTrainsEveryLossFromTheSameStart() throws {
        let r = try GPWProcess.run(["compare", "--loss", "contrastive", "--loss", "contrastive:neg-margin=0.3", "--json"] + quick)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.count == 2)
        // Same initial weights: identical untrained evaluations; different losses: different results.
        let before = runs.map { ($0["before"] as? [String: Any])?["map_at_r"] as? Double }
        #expect(before[0] != nil && before[0] == before[1])
        let after = runs.map { ($0["after"] as? [String: Any])?["map_at_r"] as? Double }
        #expect(after[0] != after[1])
    }

    @Test func divergenceAndImpossibleBatchesAreErrors() throws {
        let d = try GPWProcess.run(["train", "--loss", "contrastive", "--lr", "100"] + quick)
        #expect(d.status == 1)
        #expect(d.stderr.contains("error: training diverged at step 1 "))
        let p = try GPWProcess.run(["train", "--data", "letters", "--loss", "contrastive", "--batch", "20x4", "--steps", "1"])
        #expect(p.status == 64)
        #expect(p.stderr.contains("needs 20 classes, but the training split has 13 (0-12)"))
        let k = try GPWProcess.run(["train", "--data", "leaves", "--loss", "contrastive", "--batch", "4x60", "--steps", "1"])
        #expect(k.status == 64 && k.stderr.contains("smallest training class has"))
    }

    @Test func badDataIsExit66Or65() throws {
        let missing = try GPWProcess.run(["train", "--data", "/nonexistent/data.csv", "--loss", "contrastive"])
        #expect(missing.status == 66 && missing.stderr.hasPrefix("error: /nonexistent/data.csv"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-bad-\(UUID().uuidString).csv").path
        try "label,a\n0,1\n1,x\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bad = try GPWProcess.run(["train", "--data", path, "--loss", "contrastive"])
        #expect(bad.status == 65 && bad.stderr.contains(path + ":3"))
        let unknown = try GPWProcess.run(["train", "--data", "letters", "--loss", "contrastive", "--lernrate", "1"])
        #expect(unknown.status == 64)
    }

    /// A projector's 80 columns: `train` and `compare` with the catalogue's longest names,
    /// hard batches and a subset evaluation (the longest header) print no longer line.
    @Test func textFitsEightyColumns() throws {
        let compare = try GPWProcess.run(["compare", "--loss", "generalized-lifted", "--loss", "binomial:mining=on",
                                          "--hard-batches"] + quick)
        let train = try GPWProcess.run(["train", "--loss", "ms", "--hard-batches"] + quick)
        for run in [compare, train] {
            #expect(run.status == 0, "\(run.stderr)")
            for line in run.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
        }
        #expect(compare.stdout.contains("\ngeneralized-lifted ") && compare.stdout.contains("\nbinomial:mining=on "))
        #expect(train.stdout.contains("\nloss: ms\n  alpha=2,beta=50,"))
    }
}
