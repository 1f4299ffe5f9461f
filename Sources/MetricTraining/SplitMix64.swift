import PairWeighting

/// The random-number generator behind every random choice in training: SplitMix64
/// (Steele, Lea & Flood 2014), 64 bits of state, the same stream on every platform.
///
/// Used directly rather than through the standard library's `shuffled(using:)`, whose
/// algorithm is not promised to stay the same across Swift versions: every draw here goes
/// through ``next()``, ``uniform()``, ``integer(below:)`` and ``gaussian()``.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's whole state.
    public private(set) var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's output function: a bijective scramble of 64 bits.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent stream for one purpose (`stream` names it: model, batches, evaluation),
    /// so drawing more batches never changes the initial weights.
    public static func derived(seed: UInt64, stream: UInt64) -> SplitMix64 {
        SplitMix64(seed: mix(seed ^ mix(stream &+ 0x5851_F42D_4C95_7F2D)))
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection, so unbiased).
    /// - Precondition: `bound > 0`.
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// A standard normal draw, by Marsaglia's polar form of Box–Muller (which needs only `log`
    /// and a square root, so no libm). Each call draws a fresh pair and keeps one value, so the
    /// stream has no hidden cached state.
    public mutating func gaussian() -> Double {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * Elementary.log(s) / s).squareRoot()
            }
        }
    }

    /// `elements` in a random order (Fisher–Yates, drawing with ``integer(below:)``).
    public mutating func shuffle<T>(_ elements: [T]) -> [T] {
        var out = elements
        var i = out.count - 1
        while i > 0 {
            let j = integer(below: i + 1)
            out.swapAt(i, j)
            i -= 1
        }
        return out
    }

    /// `count` distinct elements of `elements`, in random order (a partial Fisher–Yates).
    /// - Precondition: `count <= elements.count`.
    public mutating func sample<T>(_ elements: [T], count: Int) -> [T] {
        precondition(count <= elements.count, "cannot sample \(count) of \(elements.count)")
        var pool = elements
        for i in 0..<count {
            let j = i + integer(below: pool.count - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<count])
    }
}
