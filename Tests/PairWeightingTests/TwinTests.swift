import Testing
import PairWeighting
import TestSupport

/// Every loss against its slow, obvious twin (Twins/): value and G to 1e-10.
@Suite struct TwinTests {
    @Test(arguments: LossSettings.specs)
    func agreesWithTwin(_ text: String) throws {
        let spec = try LossSpec.parse(text)
        let loss = spec.makeLoss()
        for batch in TestBatch.standard {
            let engine = loss.evaluate(similarity: batch.similarity, labels: batch.labels)
            let twin = Twins.evaluate(spec, batch.similarity.nested, batch.labels.labels)
            #expect(relativeError(engine.value, twin.value, floor: 1e-3) <= 1e-10,
                    "\(text) on \(batch): value \(engine.value) vs twin \(twin.value)")
            #expect(relativeError(engine.gradient, twin.matrix, floor: 1e-3) <= 1e-10, "\(text) on \(batch): G differs")
        }
    }

    /// Multi-similarity works through its anchors in blocks of about 8k pairs (one block up to
    /// N ≈ 90); at N = 150 and 300 a batch spans several blocks, one of them partial.
    @Test(arguments: ["ms", "ms:mining=off", "ms:weighting=off", "ms:reduction=nonzero"])
    func multiSimilarityAgreesWithTwinAcrossAnchorBlocks(_ text: String) throws {
        let spec = try LossSpec.parse(text)
        for (classes, perClass) in [(30, 5), (75, 4)] {
            var random = TestRandom(seed: UInt64(classes))
            let labels = TestBatch.labels(classes: classes, perClass: perClass, random: &random)
            let batch = TestBatch.random(name: "\(classes)x\(perClass)", labels: labels, dimension: 8, seed: UInt64(perClass))
            let engine = spec.makeLoss().evaluate(similarity: batch.similarity, labels: batch.labels)
            let twin = Twins.evaluate(spec, batch.similarity.nested, batch.labels.labels)
            #expect(relativeError(engine.value, twin.value, floor: 1e-3) <= 1e-10, "\(text) on \(batch)")
            #expect(relativeError(engine.gradient, twin.matrix, floor: 1e-3) <= 1e-10, "\(text) on \(batch): G differs")
        }
    }

    @Test func settingsAllParse() {
        #expect(LossSettings.parsed.count == LossSettings.specs.count)
        #expect(Set(LossSettings.parsed.map(\.kind.name)) == Set(LossCatalog.names))
    }
}
