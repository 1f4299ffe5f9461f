import PairWeighting

/// SplitMix64: a tiny seeded generator for test data (same seed, same numbers, on every machine).
public struct TestRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator started from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Approximately standard normal: the sum of 12 uniforms minus 6 (Irwin–Hall), which needs no
    /// elementary functions and is close enough to normal for test embeddings.
    public mutating func gaussian() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += uniform() }
        return sum - 6
    }

    /// A `[rows, columns]` matrix of approximately standard normal entries.
    public mutating func gaussianMatrix(rows: Int, columns: Int) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for k in 0..<(rows * columns) { m.storage[k] = gaussian() }
        return m
    }
}
