import PairWeighting

/// Per-feature z-scoring `(x − mean) / std`, with statistics from the training rows only, so
/// nothing about the unseen classes leaks into the model's input.
public struct Standardizer: Sendable, Equatable {
    /// Per-feature mean of the fitting rows.
    public var mean: [Double]
    /// Per-feature population standard deviation; a constant feature gets 1 (it is only centred).
    public var standardDeviation: [Double]

    /// Fits the statistics on `features` (`[N, D]`, `N ≥ 1`).
    public init(fitting features: Matrix) {
        let n = features.rows, d = features.columns
        var mean = [Double](repeating: 0, count: d)
        for r in 0..<n { for c in 0..<d { mean[c] += features[r, c] } }
        for c in 0..<d { mean[c] /= Double(max(n, 1)) }
        var variance = [Double](repeating: 0, count: d)
        for r in 0..<n {
            for c in 0..<d {
                let e = features[r, c] - mean[c]
                variance[c] += e * e
            }
        }
        self.mean = mean
        standardDeviation = variance.map { v in
            let s = (v / Double(max(n, 1))).squareRoot()
            return s > 1e-12 ? s : 1
        }
    }

    /// No change (mean 0, deviation 1 for every feature): for embeddings studied as they are.
    public static func identity(dimension: Int) -> Standardizer {
        var s = Standardizer(fitting: Matrix(rows: 1, columns: dimension, storage: [Double](repeating: 0, count: dimension)))
        s.mean = [Double](repeating: 0, count: dimension)
        s.standardDeviation = [Double](repeating: 1, count: dimension)
        return s
    }

    /// `features` z-scored with the fitted statistics.
    public func apply(_ features: Matrix) -> Matrix {
        precondition(features.columns == mean.count, "standardiser fitted on \(mean.count) features, got \(features.columns)")
        var out = features
        let d = features.columns
        for r in 0..<features.rows {
            for c in 0..<d { out.storage[r * d + c] = (features.storage[r * d + c] - mean[c]) / standardDeviation[c] }
        }
        return out
    }
}
