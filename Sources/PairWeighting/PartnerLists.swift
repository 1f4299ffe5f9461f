/// Every anchor's positive partners `P_i` and negative partners `N_i`, built once per batch as
/// flat index lists (no per-pair allocation). Self pairs are excluded by index.
struct PartnerLists {
    /// Positives of anchor `i` are `positives[positiveStart[i]..<positiveStart[i + 1]]`.
    let positiveStart: [Int]
    let positives: [Int]
    /// Negatives of anchor `i` are `negatives[negativeStart[i]..<negativeStart[i + 1]]`.
    let negativeStart: [Int]
    let negatives: [Int]

    init(_ labels: PairLabels) {
        let n = labels.count
        var positiveStart = [Int](repeating: 0, count: n + 1)
        var negativeStart = [Int](repeating: 0, count: n + 1)
        var positives: [Int] = [], negatives: [Int] = []
        positives.reserveCapacity(n * 4)
        negatives.reserveCapacity(n * n)
        let y = labels.labels
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
    }

    /// `P_i`.
    @inline(__always) func positives(of i: Int) -> ArraySlice<Int> { positives[positiveStart[i]..<positiveStart[i + 1]] }
    /// `N_i`.
    @inline(__always) func negatives(of i: Int) -> ArraySlice<Int> { negatives[negativeStart[i]..<negativeStart[i + 1]] }
    /// Largest `|P_i|` and `|N_i|` over the batch (scratch buffer sizes).
    var largestPart: Int {
        var m = 0
        for i in 0..<(positiveStart.count - 1) {
            m = max(m, positiveStart[i + 1] - positiveStart[i], negativeStart[i + 1] - negativeStart[i])
        }
        return m
    }
}

extension PairWeights {
    /// Makes every considered pair's status agree with its weight: `active` where `G ≠ 0`,
    /// `inactive` where `G == 0` (a weight can underflow to exactly 0, e.g. `e^{−1000}`).
    /// `selfPair` and `notSelected` are left alone.
    mutating func settleStatuses() {
        for k in 0..<status.count where status[k] == .active || status[k] == .inactive {
            status[k] = gradient.storage[k] != 0 ? .active : .inactive
        }
    }

    /// Marks every off-diagonal pair `notSelected` (a mining loss then re-admits what it keeps).
    mutating func markAllNotSelected() {
        let n = count
        for i in 0..<n { for j in 0..<n where j != i { status[i * n + j] = .notSelected } }
    }
}
