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

    @Test func settingsAllParse() {
        #expect(LossSettings.parsed.count == LossSettings.specs.count)
        #expect(Set(LossSettings.parsed.map(\.kind.name)) == Set(LossCatalog.names))
    }
}
