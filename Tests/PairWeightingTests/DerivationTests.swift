import Testing
import PairWeighting
import TestSupport

/// Every loss's per-pair derivation (what the inspector shows) recomputes the fast code's weight on
/// every pair of every standard batch, and a derivation that reads wrong numbers is caught.
@Suite struct DerivationTests {
    /// The pairs whose derived weight differs from the fast code's by more than 1e-12 (relative).
    static func mismatches(_ loss: any PairLoss, fast: PairWeights, derivedOn s: Matrix, labels: PairLabels) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        let reference = loss.reference(similarity: s, labels: labels)     // once per batch; explain() builds it per pair
        for i in 0..<labels.count {
            for j in 0..<labels.count {
                let derived = i == j ? 0 : reference.derivation(anchor: i, other: j).weight
                let engine = fast.gradient[i, j]
                if !(abs(derived - engine) <= 1e-12 * max(1, abs(engine))) { out.append((i, j)) }
            }
        }
        return out
    }

    @Test(arguments: LossSettings.specs)
    func everyPairOfEveryBatchAgreesWithTheFastCode(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        var explained = 0
        for batch in TestBatch.standard {
            let fast = loss.evaluate(similarity: batch.similarity, labels: batch.labels)
            let wrong = Self.mismatches(loss, fast: fast, derivedOn: batch.similarity, labels: batch.labels)
            #expect(wrong.isEmpty, "\(text) on \(batch): \(wrong.count) pairs differ, first \(wrong.first.map { "\($0)" } ?? "")")
            explained += fast.gradient.storage.filter { $0 != 0 }.count
            for i in 0..<batch.labels.count {
                let lines = loss.explain(anchor: i, other: (i + 1) % batch.labels.count, similarity: batch.similarity,
                                         labels: batch.labels).lines
                #expect(!lines.isEmpty, "\(text): an empty derivation")
            }
        }
        #expect(explained > 0, "\(text): no active pair to explain")
    }

    /// Settings whose weights do not depend on the similarity values at all (every pair kept, each
    /// weighed 1/|part|): moving S cannot change them, so only the label planting applies.
    static let similarityFree: Set<String> = ["ms:mining=off,weighting=off", "ms:weighting=off,epsilon=0.5"]

    /// Planted errors: a derivation that reads the wrong numbers disagrees with the fast code
    /// somewhere on the batches: S moved by up to ±0.05, or two samples of different classes
    /// swapped in the labels.
    @Test(arguments: LossSettings.specs)
    func aDerivationOfTheWrongNumbersIsCaught(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        var caughtMoved = 0, caughtSwapped = 0
        for batch in TestBatch.standard {
            var random = TestRandom(seed: 5)
            var moved = batch.similarity
            for i in 0..<moved.rows {
                for j in (i + 1)..<max(i + 1, moved.columns) {
                    let v = min(1, max(-1, moved[i, j] + 0.05 * (random.uniform() * 2 - 1)))
                    moved[i, j] = v
                    moved[j, i] = v
                }
            }
            var swapped = batch.labels.labels
            if let other = swapped.firstIndex(where: { $0 != swapped[0] }) { swapped.swapAt(0, other) }
            let fast = loss.evaluate(similarity: batch.similarity, labels: batch.labels)
            if !Self.mismatches(loss, fast: fast, derivedOn: moved, labels: batch.labels).isEmpty { caughtMoved += 1 }
            if !Self.mismatches(loss, fast: fast, derivedOn: batch.similarity, labels: PairLabels(swapped)).isEmpty { caughtSwapped += 1 }
        }
        #expect(caughtSwapped > 0, "\(text): derivations with swapped labels agreed with the fast code on every batch")
        if !Self.similarityFree.contains(text) {
            #expect(caughtMoved > 0, "\(text): derivations of a moved S agreed with the fast code on every batch")
        } else {
            #expect(caughtMoved == 0, "\(text) is listed as similarity-free but its weights moved with S")
        }
    }

    /// Two classes of two; anchor 0: positive 1 at S 0.5, negatives 2 at 0.45 and 3 at 0.2.
    /// MS mining (eps 0.1): keep 2 (0.55 > 0.5), drop 3 (0.3 <= 0.5). Weight of (0,2) by hand:
    /// e^{50(0.45-0.5)} = e^{-2.5} = 0.0820850; w = 0.0820850 / 1.0820850 = 0.0758582; W = w/4.
    @Test func multiSimilarityHandExample() throws {
        let s = Matrix(rows: 4, columns: 4, storage: [
            1, 0.5, 0.45, 0.2,
            0.5, 1, 0.1, 0.3,
            0.45, 0.1, 1, 0.6,
            0.2, 0.3, 0.6, 1,
        ])
        let labels = PairLabels([0, 0, 1, 1])
        let loss = try LossSpec.parse("ms").makeLoss()
        let kept = loss.explain(anchor: 0, other: 2, similarity: s, labels: labels)
        #expect(abs(kept.weight - 0.0758582 / 4) < 1e-7)
        let numbers = kept.lines[2].pieces.compactMap { if case .value(let v) = $0 { return v } else { return nil } }
        #expect(numbers.count == 4 && abs(numbers[0] - 0.0820850) < 1e-7 && numbers[2] == 0 && abs(numbers[3] - 0.0758582) < 1e-7,
                "\(numbers)")
        let dropped = loss.explain(anchor: 0, other: 3, similarity: s, labels: labels)
        #expect(dropped.weight == 0)
        #expect(dropped.lines[0].text { "\($0)" }.hasSuffix(": dropped"))
    }

    @Test func selfPairsAndOneClassBatchesAreNeverWeighted() throws {
        let s = Matrix(rows: 3, columns: 3, storage: [1, 0.9, 0.8, 0.9, 1, 0.7, 0.8, 0.7, 1])
        for spec in LossSettings.parsed {
            let loss = spec.makeLoss()
            #expect(loss.explain(anchor: 1, other: 1, similarity: s, labels: PairLabels([0, 0, 1])).weight == 0)
            #expect(loss.explain(anchor: 0, other: 1, similarity: s, labels: PairLabels([4, 4, 4])).weight == 0)
        }
    }
}
