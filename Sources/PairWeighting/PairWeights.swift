/// How a loss treated one ordered pair `(anchor, other)` of the batch.
public enum PairStatus: UInt8, Sendable, Equatable {
    /// The diagonal: excluded by index.
    case selfPair
    /// Dropped by the loss's selection step (MS mining, hard or semi-hard triplets, N-pair's
    /// choice of pairs): the loss never looked at its similarity's value.
    case notSelected
    /// Considered, but its weight is zero (an inactive hinge, a margin already met).
    case inactive
    /// Carries a non-zero weight.
    case active
}

/// A loss evaluated on one batch: the value, the per-pair weights `∂L/∂S`, and what happened
/// to every pair.
public struct PairWeights: Sendable, Equatable {
    /// The reduced loss `L`.
    public var value: Double
    /// `G = ∂L/∂S`, `[N, N]`, row = anchor. Signed: `≤ 0` on positive pairs, `≥ 0` on negative
    /// pairs, 0 on the diagonal. Not symmetric in general (`S_ij` and `S_ji` are distinct entries).
    public var gradient: Matrix
    /// Row-major `[N × N]` status of every ordered pair.
    public var status: [PairStatus]
    /// True when the loss has a selection (mining) step, so ``isSelected(_:_:)`` means something.
    public var mines: Bool
    /// Plain-language remarks about this batch ("one class in the batch: …").
    public var notes: [String]

    /// Zero loss, zero weights, diagonal marked `selfPair`, every other pair `inactive`.
    public init(count n: Int, mines: Bool) {
        value = 0
        gradient = Matrix(rows: n, columns: n)
        status = [PairStatus](repeating: .inactive, count: n * n)
        for i in 0..<n { status[i * n + i] = .selfPair }
        self.mines = mines
        notes = []
    }

    /// Number of samples `N`.
    public var count: Int { gradient.rows }

    /// The status of the ordered pair `(anchor, other)`.
    public func status(_ anchor: Int, _ other: Int) -> PairStatus { status[anchor * count + other] }

    /// True when the pair survived the loss's selection step (always true, off the diagonal,
    /// for a loss that does not mine).
    public func isSelected(_ anchor: Int, _ other: Int) -> Bool {
        let s = status(anchor, other)
        return s == .active || s == .inactive
    }

    /// Adds `amount` to `G[anchor, other]` and marks the pair active.
    @inlinable
    public mutating func add(_ amount: Double, at anchor: Int, _ other: Int) {
        let index = anchor * gradient.columns + other
        gradient.storage[index] += amount
        status[index] = .active
    }

    /// Sets the status of `(anchor, other)`.
    @inlinable
    public mutating func mark(_ anchor: Int, _ other: Int, _ newStatus: PairStatus) {
        status[anchor * gradient.columns + other] = newStatus
    }
}
