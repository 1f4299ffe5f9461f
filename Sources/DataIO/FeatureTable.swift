import PairWeighting

/// Labelled feature vectors as read from a file: one row per sample.
public struct FeatureTable: Sendable, Equatable {
    /// One integer class label per row.
    public var labels: [Int]
    /// `[rows, features]`.
    public var features: Matrix
    /// Feature column names (from a CSV header; `f0`, `f1`, … otherwise).
    public var columnNames: [String]
    /// Where it came from, for messages: a path or `bundled:letters`.
    public var source: String
    /// Readable class names by label (a CSV's `class_name` column; a bundled dataset's own).
    public var classNames: [Int: String]

    public init(labels: [Int], features: Matrix, columnNames: [String], source: String, classNames: [Int: String] = [:]) {
        self.classNames = classNames
        precondition(labels.count == features.rows, "one label per row")
        self.labels = labels
        self.features = features
        self.columnNames = columnNames
        self.source = source
    }

    /// Number of rows.
    public var count: Int { labels.count }
}
