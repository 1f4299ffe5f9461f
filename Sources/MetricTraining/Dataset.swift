import PairWeighting

/// Labelled feature vectors: one row of `features` per entry of `labels`.
public struct Dataset: Sendable, Equatable {
    /// `[N, D]`.
    public var features: Matrix
    /// One class label per row.
    public var labels: [Int]
    /// Where the data came from (`letters`, `synthetic:demo`, a file path).
    public var name: String
    /// A readable name per class label where the data has one (`N` for letters' 13); empty otherwise.
    public var classNames: [Int: String]

    /// - Precondition: `labels.count == features.rows`.
    public init(features: Matrix, labels: [Int], name: String, classNames: [Int: String] = [:]) {
        precondition(labels.count == features.rows, "\(labels.count) labels for \(features.rows) rows")
        self.features = features
        self.labels = labels
        self.name = name
        self.classNames = classNames
    }

    /// Number of rows.
    public var count: Int { labels.count }
    /// Feature width `D`.
    public var dimension: Int { features.columns }
    /// The distinct labels, ascending.
    public var classes: [Int] { Array(Set(labels)).sorted() }

    /// Row indices of every class, rows ascending within a class.
    public var rowsByClass: [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for (row, label) in labels.enumerated() { out[label, default: []].append(row) }
        return out
    }

    /// The listed rows, in that order.
    public func subset(rows: [Int], name: String? = nil) -> Dataset {
        Dataset(features: features.rows(rows), labels: rows.map { labels[$0] }, name: name ?? self.name,
                classNames: classNames)
    }
}
