import ExplorerUI
import Foundation
import MetricTraining
import PairWeighting
import Testing
import TUICore

/// A small deterministic dataset (2 x `classes` classes x 12 samples, 5 features from a fixed
/// formula; the lower half of the classes trains) and explorer states built on it, so the tests
/// do not depend on the bundled files.
enum Fixture {
    /// `overlap`: classes whose samples mostly overlap (hard pairs everywhere), for tests that
    /// need mined pairs and active triplets.
    static func split(classes: Int = 6, perClass: Int = 12, overlap: Bool = false) throws -> DataSplit {
        var storage: [Double] = []
        var labels: [Int] = []
        for c in 0..<(2 * classes) {
            for s in 0..<perClass {
                for k in 0..<5 {
                    let centre = Double((c * 7 + k * 3) % 5) - 2
                    let wobble = Double(((s + 1) * (k + 2) * 37 + c * 11) % 17) / 17 - 0.5
                    let scatter = Double(((s * 13 + k * 29 + c * 7) * 31) % 23) / 23 - 0.5
                    storage.append(overlap ? 0.3 * centre + 4 * scatter : centre + 1.2 * wobble)
                }
                labels.append(c)
            }
        }
        let dataset = Dataset(features: Matrix(rows: labels.count, columns: 5, storage: storage), labels: labels,
                              name: "fixture")
        return try DataSplit(dataset, rule: .halvesOfClasses)
    }

    static func state(classes: Int = 4, samples: Int = 4, seed: UInt64 = 1, losses: [String]? = nil,
                      ascii: Bool = false, size: Size = Size(width: 80, height: 24), overlap: Bool = false) throws -> AppState {
        var configuration = TrainingConfiguration()
        configuration.classesPerBatch = classes
        configuration.samplesPerClass = samples
        configuration.seed = seed
        let session = try TrainingSession(split: try split(classes: max(6, classes), overlap: overlap), configuration: configuration)
        var settings = ExplorerSettings(datasetName: "fixture", ascii: ascii)
        if let losses { settings.lossSpecs = losses }
        var state = AppState(session: session, settings: settings, viewSize: size)
        _ = reduce(&state, .resized(size))
        return state
    }

    /// Applies a key script (`"n n tab"`) through the reducer.
    static func press(_ script: String, on state: inout AppState) throws {
        for key in try Key.script(script) { _ = reduce(&state, .keyPressed(key)) }
    }
}

/// Compares `actual` with `Snapshots/<name>.txt`. A missing baseline fails; set
/// `SNAPSHOT_RECORD=1` to (re)write baselines, then review them in the diff.
func assertSnapshot(_ actual: String, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent("\(name).txt")
    let content = actual + "\n"
    if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] != nil {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try content.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name).txt; review it and run again without SNAPSHOT_RECORD",
                     sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(name).txt; record it with SNAPSHOT_RECORD=1 swift test", sourceLocation: sourceLocation)
        return
    }
    if content != expected {
        let a = content.split(separator: "\n", omittingEmptySubsequences: false)
        let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let got = line < a.count ? String(a[line]) : "<none>", want = line < b.count ? String(b[line]) : "<none>"
        Issue.record("snapshot \(name).txt differs at line \(line + 1):\n  got:  \(got)\n  want: \(want)",
                     sourceLocation: sourceLocation)
    }
}
