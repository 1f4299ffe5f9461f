import PairWeighting

/// Relative error `|a − b| / max(|b|, floor)`, the comparison every numeric test uses.
public func relativeError(_ a: Double, _ b: Double, floor: Double = 1e-12) -> Double {
    abs(a - b) / max(abs(b), floor)
}

/// The largest entry-wise `|a − b|` scaled by `max(max |b|, floor)`: a matrix-level relative error
/// that does not blow up on entries that are exactly 0 in the reference.
public func relativeError(_ a: Matrix, _ b: Matrix, floor: Double = 1e-12) -> Double {
    precondition(a.rows == b.rows && a.columns == b.columns, "shapes differ")
    let scale = max(b.maxMagnitude, floor)
    var worst = 0.0
    for (x, y) in zip(a.storage, b.storage) { worst = max(worst, abs(x - y)) }
    return worst / scale
}
