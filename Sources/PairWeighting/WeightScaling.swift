extension PairWeights {
    /// For a loss without a selection step (every off-diagonal pair arrives `inactive`):
    /// `G ← c G`, then each off-diagonal status is `active` where `G ≠ 0`, `inactive` elsewhere;
    /// the same statuses as ``settleStatuses()``, in one pass with no status test per pair.
    mutating func scaleAndSettleUnselected(by c: Double) {
        scaleAndSettleUnselected(rowFactor: { _ in c })
    }

    /// As ``scaleAndSettleUnselected(by:)`` with a factor per row (anchor).
    @inline(__always)
    mutating func scaleAndSettleUnselected(rowFactor: (Int) -> Double) {
        let n = count
        gradient.storage.withUnsafeMutableBufferPointer { g in
            status.withUnsafeMutableBufferPointer { status in
                for i in 0..<n {
                    let factor = rowFactor(i)
                    for k in (i * n)..<(i * n + n) where k != i * n + i {
                        g[k] *= factor
                        status[k] = g[k] != 0 ? .active : .inactive
                    }
                }
            }
        }
    }
}
