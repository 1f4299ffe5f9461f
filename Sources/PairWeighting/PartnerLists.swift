/// Every anchor's positive partners `P_i` and negative partners `N_i`, built once per batch as
/// flat index lists (no per-pair allocation). Self pairs are excluded by index.
struct PartnerLists: Sendable, Equatable {
    /// Positives of anchor `i` are `positives[positiveStart[i]..<positiveStart[i + 1]]`.
    let positiveStart: [Int]
    let positives: [Int]
    /// Negatives of anchor `i` are `negatives[negativeStart[i]..<negativeStart[i + 1]]`.
    let negativeStart: [Int]
    let negatives: [Int]

    /// Largest `|P_i|` and `|N_i|` over the batch (scratch buffer sizes).
    let largestPart: Int

    init(_ y: [Int]) {
        let n = y.count
        var positiveStart = [Int](repeating: 0, count: n + 1)
        var negativeStart = [Int](repeating: 0, count: n + 1)
        var positives: [Int] = [], negatives: [Int] = []
        positives.reserveCapacity(n * 4)
        negatives.reserveCapacity(n * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                if y[j] == y[i] { positives.append(j) } else { negatives.append(j) }
            }
            positiveStart[i + 1] = positives.count
            negativeStart[i + 1] = negatives.count
        }
        self.positiveStart = positiveStart
        self.positives = positives
        self.negativeStart = negativeStart
        self.negatives = negatives
        var largest = 0
        for i in 0..<n {
            largest = max(largest, positiveStart[i + 1] - positiveStart[i], negativeStart[i + 1] - negativeStart[i])
        }
        largestPart = largest
    }

    /// `P_i`.
    @inline(__always) func positives(of i: Int) -> ArraySlice<Int> { positives[positiveStart[i]..<positiveStart[i + 1]] }
    /// `N_i`.
    @inline(__always) func negatives(of i: Int) -> ArraySlice<Int> { negatives[negativeStart[i]..<negativeStart[i + 1]] }
}

extension PairWeights {
    /// Makes every considered pair's status agree with its weight: `active` where `G ≠ 0`,
    /// `inactive` where `G == 0` (a weight can underflow to exactly 0, e.g. `e^{−1000}`).
    /// `selfPair` and `notSelected` are left alone.
    mutating func settleStatuses() {
        gradient.storage.withUnsafeBufferPointer { g in
            status.withUnsafeMutableBufferPointer { status in
                for k in 0..<status.count where status[k] == .active || status[k] == .inactive {
                    status[k] = g[k] != 0 ? .active : .inactive
                }
            }
        }
    }

    /// Marks every off-diagonal pair `notSelected` (a mining loss then re-admits what it keeps).
    mutating func markAllNotSelected() {
        let n = count
        status.withUnsafeMutableBufferPointer { status in
            // One fill, then the diagonal back (a filtered double loop does not vectorise: it was
            // about a tenth of MS's weighting at N = 80).
            status.update(repeating: .notSelected)
            for i in 0..<n { status[i * n + i] = .selfPair }
        }
    }
}
