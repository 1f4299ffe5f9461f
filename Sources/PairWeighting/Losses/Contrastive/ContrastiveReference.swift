/// Contrastive loss, the plain way (Hadsell et al. 2006, in similarity form): list the active
/// hinges, then reduce.
///
///     positive (i, j) active when S_ij < m⁺, term m⁺ − S_ij
///     negative (i, j) active when S_ij > m⁻, term S_ij − m⁻
///     batch:   L = (Σ terms) / N,                         W = ∓1/N on active pairs
///     nonzero: L = mean(active positive terms) + mean(active negative terms),  W = ∓1/n±
public struct ContrastiveReference: LossReference {
    public let settings: ContrastiveLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// The active positive pairs and the active negative pairs, with their terms.
    public let activePositives: [(i: Int, j: Int, term: Double)], activeNegatives: [(i: Int, j: Int, term: Double)]
    /// `c` for positive pairs and for negative pairs.
    public let positiveScale: Double, negativeScale: Double
    public let value: Double
    public let gradient: Matrix

    init(settings: ContrastiveLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count
        var positives: [(i: Int, j: Int, term: Double)] = [], negatives: [(i: Int, j: Int, term: Double)] = []
        for i in 0..<n {
            for j in labels.positives(of: i) where settings.positiveMargin - s[i, j] > 0 {
                positives.append((i, j, settings.positiveMargin - s[i, j]))
            }
            for j in labels.negatives(of: i) where s[i, j] - settings.negativeMargin > 0 {
                negatives.append((i, j, s[i, j] - settings.negativeMargin))
            }
        }
        func mean(_ count: Int) -> Double { count > 0 ? 1 / Double(count) : 0 }
        let nonzero = settings.reduction == .nonzero
        positiveScale = nonzero ? mean(positives.count) : 1 / Double(n)
        negativeScale = nonzero ? mean(negatives.count) : 1 / Double(n)
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for p in positives { value += positiveScale * p.term; gradient[p.i, p.j] = -positiveScale }
        for q in negatives { value += negativeScale * q.term; gradient[q.i, q.j] = negativeScale }
        activePositives = positives
        activeNegatives = negatives
        self.value = value
        self.gradient = gradient
    }
}
