import MetricTraining
import PairWeighting

/// The tests' seeded generator is the product's: MetricTraining's ``SplitMix64`` (same seed, same
/// numbers, on every machine), so there is one SplitMix64 in the project.
public typealias TestRandom = SplitMix64

extension SplitMix64 {
    /// Approximately standard normal: the sum of 12 uniforms minus 6 (Irwin–Hall). Not the
    /// product's ``SplitMix64/gaussian()`` (Marsaglia's polar form, which training draws with):
    /// every test batch of the engine's tests was made with this one, so keeping it keeps their
    /// numbers, and it is close enough to normal for test embeddings.
    public mutating func irwinHallGaussian() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += uniform() }
        return sum - 6
    }

    /// A `[rows, columns]` matrix of ``irwinHallGaussian()`` entries.
    public mutating func gaussianMatrix(rows: Int, columns: Int) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for k in 0..<(rows * columns) { m.storage[k] = irwinHallGaussian() }
        return m
    }
}
