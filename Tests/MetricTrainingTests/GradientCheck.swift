import MetricTraining
import PairWeighting

/// Central finite differences of a scalar function of a flat vector.
func numericalGradient(_ f: ([Double]) -> Double, at x: [Double], h: Double = 1e-6) -> [Double] {
    var out = [Double](repeating: 0, count: x.count)
    for i in x.indices {
        var plus = x, minus = x
        plus[i] += h
        minus[i] -= h
        out[i] = (f(plus) - f(minus)) / (2 * h)
    }
    return out
}

/// `max |a − b| / max(max |b|, floor)`.
func vectorError(_ a: [Double], _ b: [Double], floor: Double = 1e-8) -> Double {
    precondition(a.count == b.count)
    let scale = max(b.map(abs).max() ?? 0, floor)
    return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
}

/// A deterministic matrix with entries in (−1, 1) (values away from ReLU's kink come from the seed).
func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var rng = SplitMix64(seed: seed)
    return Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in 2 * rng.uniform() - 1 })
}

/// `Σ R ⊙ Y`: a scalar whose gradient with respect to `Y` is the fixed matrix `R`.
func probe(_ y: Matrix, _ r: Matrix) -> Double { zip(y.storage, r.storage).reduce(0) { $0 + $1.0 * $1.1 } }
