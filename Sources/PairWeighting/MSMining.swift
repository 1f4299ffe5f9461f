/// The mining step of the MS paper (losses.md §3.1), the one place its rule is written; `ms` and
/// `binomial:mining=on` call it. For anchor `i`, with thresholds from the *unmined* sets and strict
/// inequalities (ε = epsilon, slack: a larger ε keeps more pairs):
///
///     keep positive j ∈ P_i if S_ij − ε < max_{k∈N_i} S_ik
///     keep negative j ∈ N_i if S_ij + ε > min_{k∈P_i} S_ik
///
/// An anchor without a positive or without a negative mines nothing.
enum MSMining {
    /// The anchor's least similar positive and most similar negative over row `row` of `S`
    /// (`+∞` / `−∞` for an empty set; a NaN similarity never wins a min or a max).
    @inline(__always)
    static func thresholds(_ row: UnsafePointer<Double>, positives: UnsafePointer<Int>, _ positiveCount: Int,
                           negatives: UnsafePointer<Int>, _ negativeCount: Int) -> (minPositive: Double, maxNegative: Double) {
        var minPositive = Double.infinity, maxNegative = -Double.infinity
        for k in 0..<positiveCount { minPositive = min(minPositive, row[positives[k]]) }
        for k in 0..<negativeCount { maxNegative = max(maxNegative, row[negatives[k]]) }
        return (minPositive, maxNegative)
    }

    /// Whether a positive pair of similarity `s` is kept.
    @inline(__always)
    static func keepsPositive(_ s: Double, maxNegative: Double, epsilon: Double) -> Bool { s - epsilon < maxNegative }

    /// Whether a negative pair of similarity `s` is kept.
    @inline(__always)
    static func keepsNegative(_ s: Double, minPositive: Double, epsilon: Double) -> Bool { s + epsilon > minPositive }
}
