import PairWeighting

/// A loss written inside a test for its weights alone (a smooth oracle, a broken or NaN loss):
/// the catalogue's parts a real loss must have (plain reference, landmarks) are filled in here,
/// for these test losses only.
protocol TestOnlyLoss: PairLoss where Reference == NoReference {}

/// The reference of a test-only loss: none (never called by the training tests).
struct NoReference: LossReference {
    var value: Double { 0 }
    var gradient: Matrix { Matrix(rows: 0, columns: 0) }
    func derivation(anchor: Int, other: Int) -> PairDerivation { PairDerivation(["a test loss"], weight: 0) }
}

extension TestOnlyLoss {
    var spec: LossSpec { ContrastiveLoss.kind.defaultSpec }   // unused by the tests
    var mines: Bool { false }
    var similarityTypes: [String] { [] }
    var landmarks: [SimilarityLandmark] { [] }
    var landmarkNote: String? { nil }
    func reference(similarity: Matrix, labels: PairLabels) -> NoReference { NoReference() }
}
