import PairWeighting

/// The range of feature values gpw can turn into cosine similarities without overflow or
/// underflow, checked when a file is read (so nothing later collapses silently).
///
/// `S = X Xᵀ / (‖x_i‖ ‖x_j‖)` squares every value: above ~1.3e154 a square overflows to infinity
/// (the similarity becomes NaN), and a row shorter than ``CosineSimilarity/minimumNorm`` is
/// clamped to a zero unit row (every similarity 0). Standardising for training squares
/// differences from the mean in the same way.
public enum FeatureScale {
    /// The largest magnitude a feature value may have.
    public static let maximumMagnitude = 1e150
    /// A row that is not all zeros must be at least this long (the engine's norm clamp).
    public static let minimumRowLength = CosineSimilarity.minimumNorm

    /// Why row `row` (0-based) is outside the range, or nil when it is fine. Its length is computed
    /// scaled by its largest value, so it neither overflows nor underflows.
    public static func problem(in row: ArraySlice<Double>) -> String? {
        var largest = 0.0
        for v in row { largest = Swift.max(largest, v.magnitude) }
        if largest > maximumMagnitude {
            return "a value of magnitude \(formatNumber(largest)) is beyond \(formatNumber(maximumMagnitude)), "
                + "where squares overflow and cosine similarity breaks down; scale the data down"
        }
        guard largest > 0 else { return nil }   // a zero row is fine: its unit row is zero
        var sum = 0.0
        for v in row { sum += (v / largest) * (v / largest) }
        let length = largest * sum.squareRoot()
        if length < minimumRowLength {
            return "the row's length \(formatNumber(length)) is below \(formatNumber(minimumRowLength)), "
                + "where normalisation clamps it to zero (every similarity would be 0); scale the data up"
        }
        return nil
    }

    /// Throws for the first row of `matrix` outside the range; `place` names it (a line or a row).
    static func check(_ matrix: Matrix, refusal: (_ row: Int, _ reason: String) -> DataError) throws(DataError) {
        for r in 0..<matrix.rows {
            let start = r * matrix.columns
            if let reason = problem(in: matrix.storage[start..<(start + matrix.columns)]) {
                throw refusal(r, reason)
            }
        }
    }
}
