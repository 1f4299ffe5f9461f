import Testing
import PairWeighting
import TestSupport

/// Every loss's fast code against its plain reference (the textbook form in its folder): value
/// and every entry of G to 1e-10, and a planted error caught by the same check.
@Suite struct ReferenceTests {
    /// What differs between the fast result and the reference, or nil when they agree to 1e-10.
    static func disagreement(_ fast: PairWeights, _ reference: (value: Double, gradient: Matrix)) -> String? {
        if relativeError(fast.value, reference.value, floor: 1e-3) > 1e-10 { return "value \(fast.value) vs reference \(reference.value)" }
        if relativeError(fast.gradient, reference.gradient, floor: 1e-3) > 1e-10 { return "G differs" }
        return nil
    }

    @Test(arguments: LossSettings.specs)
    func fastCodeAgreesWithItsReference(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        for batch in TestBatch.standard {
            let fast = loss.evaluate(similarity: batch.similarity, labels: batch.labels)
            let problem = Self.disagreement(fast, loss.referenceEvaluation(similarity: batch.similarity, labels: batch.labels))
            #expect(problem == nil, "\(text) on \(batch): \(problem ?? "")")
        }
    }

    /// The check is not blind: one weight off by a part in a million, or the value by as much,
    /// is reported, for every loss on every batch where it has an active pair.
    @Test(arguments: LossSettings.specs)
    func aPlantedErrorIsCaught(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        var planted = 0
        for batch in TestBatch.standard {
            let fast = loss.evaluate(similarity: batch.similarity, labels: batch.labels)
            let reference = loss.referenceEvaluation(similarity: batch.similarity, labels: batch.labels)
            guard let k = fast.gradient.storage.indices.max(by: { abs(fast.gradient.storage[$0]) < abs(fast.gradient.storage[$1]) }),
                  fast.gradient.storage[k] != 0 else { continue }
            var wrongWeight = fast
            wrongWeight.gradient.storage[k] *= 1 + 1e-6
            #expect(Self.disagreement(wrongWeight, reference) != nil, "\(text) on \(batch): a wrong weight passed")
            var wrongValue = fast
            wrongValue.value = fast.value + 1e-6 * max(1e-3, abs(fast.value))
            #expect(Self.disagreement(wrongValue, reference) != nil, "\(text) on \(batch): a wrong value passed")
            planted += 1
        }
        #expect(planted > 0, "\(text): no batch with an active pair")
    }

    /// Multi-similarity works through its anchors in blocks of about 8k pairs (one block up to
    /// N ≈ 90); at N = 150 and 300 a batch spans several blocks, one of them partial.
    @Test(arguments: ["ms", "ms:mining=off", "ms:weighting=off", "ms:reduction=nonzero"])
    func multiSimilarityAgreesAcrossAnchorBlocks(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        for (classes, perClass) in [(30, 5), (75, 4)] {
            var random = TestRandom(seed: UInt64(classes))
            let labels = TestBatch.labels(classes: classes, perClass: perClass, random: &random)
            let batch = TestBatch.random(name: "\(classes)x\(perClass)", labels: labels, dimension: 8, seed: UInt64(perClass))
            let fast = loss.evaluate(similarity: batch.similarity, labels: batch.labels)
            let problem = Self.disagreement(fast, loss.referenceEvaluation(similarity: batch.similarity, labels: batch.labels))
            #expect(problem == nil, "\(text) on \(batch): \(problem ?? "")")
        }
    }

    @Test func settingsAllParse() {
        #expect(LossSettings.parsed.count == LossSettings.specs.count)
        #expect(Set(LossSettings.parsed.map(\.kind.name)) == Set(LossCatalog.names))
    }
}
