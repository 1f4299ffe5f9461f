import Testing
import PairWeighting
import TestSupport

/// `G = ∂L/∂S` of every loss, several settings, against central finite differences on seeded
/// random batches (N from 6 to 20, several P×K shapes and an irregular batch with a single-sample
/// class).
@Suite struct GradientTests {
    @Test(arguments: LossSettings.specs)
    func gradientMatchesFiniteDifferences(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        for batch in TestBatch.standard {
            let report = Self.check(loss, batch)
            #expect(report.worst <= 1e-6, "\(text) on \(batch): \(report)")
            #expect(report.skipped * 10 <= report.checked, "\(text) on \(batch): too many kinks skipped: \(report)")
        }
    }

    /// Finite differences of the loss's value, except for the one loss whose weights are by
    /// definition not the derivative of its value: circle loss holds its self-paced factors α
    /// constant (the paper's non-gradient α, PML's `.detach()`), so its G is checked against the
    /// value with α frozen at the batch's S.
    static func check(_ loss: any PairLoss, _ batch: TestBatch) -> FiniteDifferenceReport {
        guard let circle = loss as? CircleLoss else {
            return FiniteDifference.check(loss, similarity: batch.similarity, labels: batch.labels)
        }
        let g = circle.evaluate(similarity: batch.similarity, labels: batch.labels).gradient
        return FiniteDifference.check(g, at: batch.similarity) {
            circle.valueWithFrozenFactors(similarity: $0, labels: batch.labels, factorsAt: batch.similarity)
        }
    }

    /// The circle exception is needed and narrow: the frozen value is the value at S, and G is
    /// not the derivative of the plain value (α's own slope is left out).
    @Test(arguments: ["circle", "circle:m=0.25,gamma=256"])
    func circleFreezesOnlyItsFactors(_ text: String) throws {
        let circle = try #require(try LossSpec.parse(text).makeLoss() as? CircleLoss)
        for batch in TestBatch.standard.prefix(3) {
            let value = circle.evaluate(similarity: batch.similarity, labels: batch.labels).value
            let frozen = circle.valueWithFrozenFactors(similarity: batch.similarity, labels: batch.labels, factorsAt: batch.similarity)
            #expect(relativeError(frozen, value) <= 1e-14, "\(text) on \(batch)")
            let plain = FiniteDifference.check(circle, similarity: batch.similarity, labels: batch.labels)
            #expect(plain.worst > 1e-3, "\(text) on \(batch): G equals the unfrozen derivative: \(plain)")
        }
    }

    @Test(arguments: ["circle:gamma=1024", "ntxent:temperature=0.01", "supcon:temperature=0.01", "tuplet-margin:scale=512"])
    func softmaxLossesMatchWithExtremeScales(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        for batch in TestBatch.standard.prefix(4) {
            let report = Self.check(loss, batch)
            #expect(report.worst <= 1e-5, "\(text) on \(batch): \(report)")
        }
    }

    @Test(arguments: ["ms:beta=1000", "binomial:beta=1000,alpha=1000,lambda=0.3", "ms:lambda=-1,beta=200"])
    func gradientMatchesWithLargeScales(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        for batch in TestBatch.standard.prefix(4) {
            let report = FiniteDifference.check(loss, similarity: batch.similarity, labels: batch.labels)
            #expect(report.worst <= 1e-5, "\(text) on \(batch): \(report)")
        }
    }
}
