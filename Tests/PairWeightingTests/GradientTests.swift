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
            let report = FiniteDifference.check(loss, similarity: batch.similarity, labels: batch.labels)
            #expect(report.worst <= 1e-6, "\(text) on \(batch): \(report)")
            #expect(report.skipped * 10 <= report.checked, "\(text) on \(batch): too many kinks skipped: \(report)")
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
