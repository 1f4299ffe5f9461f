/// Intra-pair variance loss, the plain way (Yu & Tao 2019; PML's `IntraPairVarianceLoss`): the two
/// means, the hinges against them, and the mean squared hinge of each kind.
///
///     μ⁺ = mean over positive pairs of S_ij,     μ⁻ = mean over negative pairs
///     r⁺_ij = [(1 − ε⁺) μ⁺ − S_ij]_+,             r⁻_ij = [S_ij − (1 + ε⁻) μ⁻]_+
///     L = mean_P (r⁺)² + mean_N (r⁻)²
///     ∂L/∂S_ij = (2/|P|) [−r⁺_ij + (1 − ε⁺) mean_P r⁺]      (the mean's share comes back to every positive)
///     ∂L/∂S_ij = (2/|N|) [ r⁻_ij − (1 + ε⁻) mean_N r⁻]
public struct IntraPairVarianceReference: LossReference {
    public let settings: IntraPairVarianceLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// The ordered positive and negative pairs.
    public let positivePairs: [(i: Int, j: Int)], negativePairs: [(i: Int, j: Int)]
    /// `μ⁺`, `μ⁻`.
    public let positiveMean: Double, negativeMean: Double
    /// The hinges `r`, indexed like `G`.
    public let hinges: Matrix
    /// `mean_P r⁺`, `mean_N r⁻`.
    public let positiveMeanHinge: Double, negativeMeanHinge: Double
    public let value: Double
    public let gradient: Matrix

    init(settings: IntraPairVarianceLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count
        var positives: [(i: Int, j: Int)] = [], negatives: [(i: Int, j: Int)] = []
        for i in 0..<n {
            for j in labels.positives(of: i) { positives.append((i, j)) }
            for j in labels.negatives(of: i) { negatives.append((i, j)) }
        }
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        let muP = mean(positives.map { s[$0.i, $0.j] }), muN = mean(negatives.map { s[$0.i, $0.j] })
        var r = Matrix(rows: n, columns: n)
        for (i, j) in positives { r[i, j] = max(0, (1 - settings.positiveEpsilon) * muP - s[i, j]) }
        for (i, j) in negatives { r[i, j] = max(0, s[i, j] - (1 + settings.negativeEpsilon) * muN) }
        let rP = mean(positives.map { r[$0.i, $0.j] }), rN = mean(negatives.map { r[$0.i, $0.j] })
        var gradient = Matrix(rows: n, columns: n)
        for (i, j) in positives {
            gradient[i, j] = 2 / Double(positives.count) * ((1 - settings.positiveEpsilon) * rP - r[i, j])
        }
        for (i, j) in negatives {
            gradient[i, j] = 2 / Double(negatives.count) * (r[i, j] - (1 + settings.negativeEpsilon) * rN)
        }
        positivePairs = positives
        negativePairs = negatives
        positiveMean = muP
        negativeMean = muN
        hinges = r
        positiveMeanHinge = rP
        negativeMeanHinge = rN
        value = mean(positives.map { r[$0.i, $0.j] * r[$0.i, $0.j] }) + mean(negatives.map { r[$0.i, $0.j] * r[$0.i, $0.j] })
        self.gradient = gradient
    }
}
