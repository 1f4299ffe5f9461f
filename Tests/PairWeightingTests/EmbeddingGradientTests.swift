import Testing
import PairWeighting
import TestSupport

/// `∂L/∂X` through the normalisation (`CosineSimilarity.embeddingGradient`) against central finite
/// differences on the raw embeddings, for every loss.
@Suite struct EmbeddingGradientTests {
    @Test(arguments: LossSettings.specs)
    func embeddingGradientMatchesFiniteDifferences(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        for batch in TestBatch.standard.prefix(4) + [TestBatch.standard[6]] {
            let (_, dx) = loss.evaluate(embeddings: batch.embeddings, labels: batch.labels)
            // Circle loss holds its factors α constant (GradientTests.check): its dL/dx is the
            // derivative of the value with α frozen at this batch's S.
            let circle = loss as? CircleLoss
            let report = FiniteDifference.check(dx, at: batch.embeddings, offDiagonalOnly: false) {
                guard let circle else { return loss.evaluate(embeddings: $0, labels: batch.labels).weights.value }
                return circle.valueWithFrozenFactors(similarity: CosineSimilarity.forward($0).similarity, labels: batch.labels,
                                                     factorsAt: batch.similarity)
            }
            #expect(report.worst <= 1e-6, "\(text) on \(batch): \(report)")
            #expect(report.skipped * 10 <= report.checked, "\(text) on \(batch): \(report)")
        }
    }

    @Test func scaleInvariantRowsGiveRadialGradientZero() {
        // L depends on directions only, so ∂L/∂x_i is orthogonal to x_i.
        let batch = TestBatch.standard[3]
        let (_, dx) = MultiSimilarityLoss(spec: MultiSimilarityLoss.kind.defaultSpec).evaluate(embeddings: batch.embeddings, labels: batch.labels)
        for i in 0..<batch.embeddings.rows {
            var dot = 0.0, norm = 0.0
            for k in 0..<batch.embeddings.columns {
                dot += dx[i, k] * batch.embeddings[i, k]
                norm += abs(dx[i, k] * batch.embeddings[i, k])
            }
            #expect(abs(dot) <= 1e-12 * max(norm, 1))
        }
    }
}
