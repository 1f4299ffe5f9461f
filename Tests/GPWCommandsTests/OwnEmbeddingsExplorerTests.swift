@testable import DataIO
import ExplorerUI
import Foundation
@testable import GPWCommands
import MetricTraining
import PairWeighting
import Testing
import TestSupport
import TUICore

/// Issue 19, item 3: a researcher's embeddings in the explorer, `.npy` with `--labels` or `.npz`;
/// shown as they are (an identity head, no standardisation) until `n` trains a linear head.
@Suite struct OwnEmbeddingsExplorerTests {
    static let fixtures = GPWProcess.packageRoot() + "/Tests/DataIOTests/Fixtures/npz"
    static let npz = fixtures + "/compressed.npz"

    static func options(_ words: [String]) throws -> ExploreOptions {
        var arguments = Arguments(words, command: "gpw explore")
        return try ExploreOptions.parse(&arguments)
    }

    /// Step 0 is the file's own geometry: the batch rows are rows of the file, unchanged, and the
    /// similarity on screen is their cosine similarity. `n` moves the head off the identity.
    @Test func stepZeroShowsTheEmbeddingsAsTheyAre() throws {
        let options = try Self.options(["--data", Self.npz])
        #expect(options.resolvedHead == .raw)
        var state = try options.makeState(asciiLocale: false)
        let file = try NPZReader.load(path: Self.npz, labelsPath: nil).features
        let fileRows = (0..<file.rows).map { file.row($0) }
        let batch = state.session.batch.features
        for r in 0..<batch.rows { #expect(fileRows.contains(batch.row(r)), "batch row \(r) is not a row of the file") }
        let shown = state.session.similarity().similarity
        #expect(shown.storage == CosineSimilarity.forward(batch).similarity.storage)
        _ = reduce(&state, .resized(Size(width: 100, height: 30)))
        _ = reduce(&state, .keyPressed(.character("n")))
        #expect(state.session.step == 1)
        #expect(state.session.similarity().similarity.storage != shown.storage)
        #expect(state.session.model.widths == [8, 8])
    }

    /// The same embeddings as `.npy` + `--labels` and as `.npz` draw the same screen; the header
    /// says they are shown as they are, then that a linear head trains; the export's snapshot
    /// line carries `--labels` and redraws the screen byte for byte.
    @Test func npyAndNpzDrawTheSameScreenAndItsLineRedrawsIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-own-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let table = try NPZReader.load(path: Self.npz, labelsPath: nil)
        let x = NPZWriter.npy(.float64(shape: [table.features.rows, table.features.columns], values: table.features.storage))
        let y = NPZWriter.npy(.int64(shape: [table.labels.count], values: table.labels))
        try Data(x).write(to: URL(fileURLWithPath: dir + "/x.npy"))
        try Data(y).write(to: URL(fileURLWithPath: dir + "/y.npy"))
        try FileManager.default.copyItem(atPath: Self.npz, toPath: dir + "/x.npz")   // same path length: same header
        let viaNPZ = try GPWProcess.run(["snapshot", "--data", dir + "/x.npz", "--size", "100x30"])
        let viaNPY = try GPWProcess.run(["snapshot", "--data", dir + "/x.npy", "--labels", dir + "/y.npy", "--size", "100x30"])
        #expect(viaNPZ.status == 0 && viaNPY.status == 0, "\(viaNPZ.stderr)\(viaNPY.stderr)")
        let screen = { (text: String) in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map { line in
            line.replacingOccurrences(of: "x.npz", with: "x.DATA").replacingOccurrences(of: "x.npy", with: "x.DATA") } }
        #expect(screen(viaNPZ.stdout) == screen(viaNPY.stdout))
        #expect(viaNPY.stdout.contains("x.npy as is │"))
        #expect(viaNPY.stdout.hasPrefix("$ gpw snapshot --data \(dir)/x.npy --labels \(dir)/y.npy "))
        let trained = try GPWProcess.run(["snapshot", "--data", Self.npz, "--size", "100x30", "--keys", "n*3"])
        #expect(trained.stdout.contains("compressed.npz +linear head │") && trained.stdout.contains("step 3"), "\(trained.stdout)")
        // The first line is the command that draws the rest.
        let line = String(trained.stdout.prefix { $0 != "\n" }.dropFirst(2))
        let again = try Shell.run("bash", ["-c", line.replacingOccurrences(of: "gpw ", with: GPWProcess.binaryPath + " ", options: .anchored)])
        #expect(again.stdout == trained.stdout, "\(again.stderr)")
    }

    /// `--head mlp` trains the usual MLP on standardised features of the same file; `--head raw`
    /// works on a bundled dataset too; a bad head is named.
    @Test func theHeadCanBeChosen() throws {
        var mlp = try Self.options(["--data", Self.npz, "--head", "mlp"]).makeState(asciiLocale: false)
        #expect(mlp.session.model.widths == [8, 64, 16] && !mlp.session.configuration.startsAtIdentity)
        _ = reduce(&mlp, .keyPressed(.character("n")))
        let raw = try Self.options(["--data", "digits", "--head", "raw"]).makeState(asciiLocale: false)
        #expect(raw.session.model.widths == [64, 64])
        let line = SnapshotLine.command(options: try Self.options(["--data", "digits", "--head", "raw"]), state: raw, format: .plain)
        #expect(line.contains("--data digits --head raw "))
        let bad = try GPWProcess.run(["snapshot", "--data", Self.npz, "--head", "deep"])
        #expect(bad.status == 64 && bad.stderr.contains("--head deep: expected one of raw, mlp"), "\(bad.stderr)")
        let missing = try GPWProcess.run(["snapshot", "--data", Self.fixtures + "/features-only.npz"])
        #expect(missing.status == 65 && missing.stderr.contains("give --labels FILE"), "\(missing.stderr)")
    }

    /// `d` from a user's embeddings loads a bundled dataset with the MLP it is meant for.
    @Test func nextDatasetLeavesTheIdentityHead() throws {
        var state = try Self.options(["--data", Self.npz]).makeState(asciiLocale: false)
        replayHeadless(try ActionScript.parse("resize=100x30 d"), on: &state)
        #expect(state.settings.datasetName == "letters")
        #expect(!state.session.configuration.startsAtIdentity && state.session.model.widths == [16, 64, 16])
    }
}
