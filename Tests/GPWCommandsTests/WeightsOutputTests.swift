import DataIO
import Foundation
import PairWeighting
import Testing
import TestSupport

/// Issue 19, items 3–5: `gpw weights` reads every `--data` form, writes numpy archives, says which
/// rows it drew, and refuses a batch too big for memory at once.
@Suite struct WeightsOutputTests {
    static let digits = GPWProcess.packageRoot() + "/Sources/CBundledData/csv/digits.csv"

    static func inScratch(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir.path)
    }

    /// Equal to within 4 ulps: Foundation's JSON parser on Linux reads some 17-digit decimals one
    /// ulp off (Python's json reads the same text exactly), so the JSON side is not bit-exact.
    static func close(_ a: [Double], _ b: [Double]?) -> Bool {
        guard let b, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { abs($0 - $1) <= 4 * max($0.ulp, $1.ulp) }
    }

    /// The archive holds every documented array with its shape and dtype; its numbers are the
    /// JSON's; `rows` rebuilds the batch from the file (cosine similarity of those rows).
    @Test func npzHoldsTheJSONNumbersAndRowsRebuildTheBatch() throws {
        try Self.inScratch { dir in
            let base = ["weights", "--data", Self.digits, "--sample", "3x2", "--seed", "4", "--loss", "ms,triplet:triplets=hard"]
            let npz = try GPWProcess.run(base + ["--format", "npz", "-o", dir + "/w.npz"])
            #expect(npz.status == 0 && npz.stdout.isEmpty, "\(npz.stderr)")
            let json = try GPWProcess.run(base + ["--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let members = try NPZReader.members(path: dir + "/w.npz")
            let expectedNames = ["similarity", "labels", "rows", "specs", "value"]
                + (0..<2).flatMap { k in ["gradient_\(k)", "mined_\(k)", "active_\(k)", "embedding_gradient_\(k)"] }
            #expect(Set(members.keys) == Set(expectedNames))
            func array(_ name: String) throws -> NPYReader.Array { try NPYReader.parse(members[name]!, source: name) }
            let rows = try NPYReader.parseLabels(members["rows"]!, source: "rows")
            #expect(rows == object["rows"] as? [Int])
            #expect(try NPYReader.parseLabels(members["labels"]!, source: "labels") == object["labels"] as? [Int])
            let similarity = try array("similarity")
            #expect(similarity.shape == [6, 6] && similarity.descr == "<f8")
            #expect(Self.close(similarity.values, (object["similarity"] as? [[Double]])?.flatMap { $0 }))
            let losses = try #require(object["losses"] as? [[String: Any]])
            for (k, loss) in losses.enumerated() {
                #expect(Self.close(try array("gradient_\(k)").values, (loss["gradient"] as? [[Double]])?.flatMap { $0 }))
                #expect(Self.close(try array("embedding_gradient_\(k)").values, (loss["embedding_gradient"] as? [[Double]])?.flatMap { $0 }))
                #expect(try array("active_\(k)").values == (loss["active"] as? [[Bool]])?.flatMap { $0 }.map { $0 ? 1 : 0 })
                #expect(try array("mined_\(k)").descr == "|b1")
            }
            #expect(Self.close(try array("value").values, losses.compactMap { $0["value"] as? Double }))
            // The rows of the file, normalised, give the same similarity matrix.
            let table = try CSVReader.read(path: Self.digits)
            let batch = Matrix(rows.map { table.features.row($0) })
            let rebuilt = CosineSimilarity.forward(batch).similarity
            #expect(rebuilt.storage == similarity.values)
            #expect(rows.map { table.labels[$0] } == object["labels"] as? [Int])
        }
    }

    @Test func npzNeedsAFileAndTheSameArraysGiveTheSameBytes() throws {
        let r = try GPWProcess.run(["weights", "--data", Self.digits, "--sample", "2x2", "--format", "npz"])
        #expect(r.status == 64 && r.stderr.contains("--format npz writes a binary archive; give -o FILE.npz"), "\(r.stderr)")
        try Self.inScratch { dir in
            for name in ["a", "b"] {
                let run = try GPWProcess.run(["weights", "--data", "digits", "--sample", "2x2", "--format", "npz", "-o", "\(dir)/\(name).npz"])
                #expect(run.status == 0, "\(run.stderr)")
            }
            #expect(FileManager.default.contents(atPath: dir + "/a.npz") == FileManager.default.contents(atPath: dir + "/b.npz"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".gpw-out") }
            #expect(leftovers.isEmpty)
        }
    }

    /// `-o` works for every text format and writes what standard output would show.
    @Test(arguments: ["table", "json", "csv"])
    func outputFileIsStandardOutput(_ format: String) throws {
        try Self.inScratch { dir in
            let base = ["weights", "--data", "digits", "--sample", "2x3", "--format", format]
            let printed = try GPWProcess.run(base)
            let written = try GPWProcess.run(base + ["-o", dir + "/out"])
            #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
            #expect(try String(contentsOfFile: dir + "/out", encoding: .utf8) == printed.stdout)
        }
    }

    /// The CSV's status words are the documented ones.
    @Test func csvStatusWordsAreTheDocumentedOnes() throws {
        let r = try GPWProcess.run(["weights", "--data", "digits", "--sample", "3x3", "--loss", "triplet:triplets=hard,histogram", "--format", "csv"])
        let words = Set(r.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.map(String.init) })
        #expect(words.isSubset(of: ["active", "inactive", "not-selected"]) && words.contains("not-selected"), "\(words)")
        let readme = try String(contentsOfFile: GPWProcess.packageRoot() + "/README.md", encoding: .utf8)
        for word in ["active", "inactive", "not-selected"] { #expect(readme.contains("`\(word)`"), "README lacks `\(word)`") }
    }

    /// `--data` takes the same forms as in `train`: synthetic presets, `.npz`, `.npy` + labels.
    @Test func everyDataFormWorks() throws {
        let synthetic = try GPWProcess.run(["weights", "--data", "synthetic:low-dim", "--sample", "2x2", "--format", "json"])
        #expect(synthetic.status == 0, "\(synthetic.stderr)")
        let fixtures = GPWProcess.packageRoot() + "/Tests/DataIOTests/Fixtures/npz"
        let npz = try GPWProcess.run(["weights", "--data", fixtures + "/compressed.npz", "--sample", "3x2", "--format", "json"])
        #expect(npz.status == 0, "\(npz.stderr)")
        let noLabels = try GPWProcess.run(["weights", "--data", fixtures + "/features-only.npz"])
        #expect(noLabels.status == 65 && noLabels.stderr.contains("features-only.npz: has no y.npy or labels.npy"), "\(noLabels.stderr)")
        let wrong = try GPWProcess.run(["weights", "--data", "synthetic:nonsense"])
        #expect(wrong.status == 64 && wrong.stderr.contains("synthetic:nonsense"), "\(wrong.stderr)")
    }

    /// All of letters (20,000 rows) is refused at once with the size it would need and the flag
    /// to use, in little memory (the peak resident size of every child so far bounds this one's).
    @Test func allOfLettersIsRefusedAtOnceInLittleMemory() throws {
        let r = try GPWProcess.run(["weights", "--data", "letters", "--loss", "ms"])
        #expect(r.status == 64 && r.stderr.contains("20000 rows") && r.stderr.contains("3.2 GB") && r.stderr.contains("--sample PxK"), "\(r.stderr)")
        var usage = rusage()
        getrusage(Int32(RUSAGE_CHILDREN.rawValue), &usage)
        #expect(usage.ru_maxrss < 2 * 1024 * 1024, "a child of the tests peaked at \(usage.ru_maxrss) kB")
    }
}
