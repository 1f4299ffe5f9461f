/// What a pair `(anchor, other)` of a batch is, decided by the labels and by index alone.
public enum PairRole: Sendable, Equatable {
    /// `anchor == other`: never a training pair, whatever its similarity.
    case selfPair
    /// Same label, different index.
    case positive
    /// Different labels.
    case negative
}

/// The labels of a batch and the pair structure they induce.
///
/// Self pairs are excluded **by index**, never by similarity value, so two distinct samples
/// that happen to coincide are still a positive (or negative) pair.
public struct PairLabels: Sendable, Equatable {
    /// One integer class label per row of the batch.
    public let labels: [Int]
    /// Number of distinct labels.
    public let classCount: Int
    /// True when some pair `(i, j)`, `i != j`, shares a label.
    public let hasPositivePairs: Bool
    /// Every anchor's `P_i` and `N_i` as flat index lists, built once per batch for the losses.
    let partners: PartnerLists

    /// Wraps the labels of a batch of `labels.count` samples.
    public init(_ labels: [Int]) {
        self.labels = labels
        let distinct = Set(labels).count
        classCount = distinct
        hasPositivePairs = distinct < labels.count
        partners = PartnerLists(labels)
    }

    /// Number of samples `N`.
    public var count: Int { labels.count }

    /// The role of the ordered pair `(anchor, other)`.
    @inlinable
    public func role(_ anchor: Int, _ other: Int) -> PairRole {
        if anchor == other { return .selfPair }
        return labels[anchor] == labels[other] ? .positive : .negative
    }

    /// Indices `j != anchor` with the anchor's label: the set `P_i`.
    public func positives(of anchor: Int) -> [Int] {
        (0..<count).filter { $0 != anchor && labels[$0] == labels[anchor] }
    }

    /// Indices with another label: the set `N_i`.
    public func negatives(of anchor: Int) -> [Int] {
        (0..<count).filter { labels[$0] != labels[anchor] }
    }
}
