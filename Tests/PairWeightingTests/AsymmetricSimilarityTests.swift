import Testing
import PairWeighting
import TestSupport

/// Every loss against its plain reference on similarity matrices that are **not** symmetric: `S_ij` and
/// `S_ji` are distinct entries, and shortcuts that share work between them (binomial computes a
/// symmetric pair's softplus and sigmoid once) must notice when they differ.
@Suite struct AsymmetricSimilarityTests {
    /// The standard batches' similarities with a seeded perturbation of up to ±0.05 on every
    /// off-diagonal entry, kept inside (−1, 1) (the histogram kinks at ±1), and some entries left symmetric (both paths).
    static let batches: [(name: String, similarity: Matrix, labels: PairLabels)] = TestBatch.standard.enumerated().map { index, batch in
        var s = batch.similarity
        var state = 2024 + UInt64(index)
        let n = s.rows
        for i in 0..<n {
            for j in 0..<n where j != i {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                if state >> 62 == 0 { continue }                              // a quarter stay as they were
                let moved = s[i, j] + (Double(state >> 11) / Double(1 << 53) - 0.5) * 0.1
                if abs(moved) < 0.99 { s[i, j] = moved }
            }
        }
        return ("\(batch) perturbed", s, batch.labels)
    }

    @Test(arguments: LossSettings.specs)
    func agreesWithTheReference(_ text: String) throws {
        let spec = try LossSpec.parse(text)
        let loss = spec.makeLoss()
        for batch in Self.batches {
            #expect(batch.similarity != Matrix(rows: batch.similarity.rows, columns: batch.similarity.columns,
                                               storage: transposed(batch.similarity)))
            let engine = loss.evaluate(similarity: batch.similarity, labels: batch.labels)
            let problem = ReferenceTests.disagreement(engine, spec.makeLoss().referenceEvaluation(similarity: batch.similarity,
                                                                                                  labels: batch.labels))
            #expect(problem == nil, "\(text) on \(batch.name): \(problem ?? "")")
        }
    }

    func transposed(_ m: Matrix) -> [Double] {
        (0..<(m.rows * m.columns)).map { k in m[k % m.columns, k / m.columns] }
    }
}
