import CBundledData

/// The datasets compiled into gpw (see Sources/CBundledData/csv/README.md for provenance).
public enum BundledData {
    /// Their names.
    public static let names = ["letters", "leaves", "digits"]

    /// The CSV text of a bundled dataset.
    public static func csv(named name: String) -> String? {
        var length: UInt = 0
        guard let pointer = gpw_bundled_csv(name, &length) else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
        }
    }

    /// A bundled dataset as a table.
    public static func table(named name: String) throws(DataError) -> FeatureTable {
        guard let text = csv(named: name) else { throw .unknownDataset(name: name, known: names) }
        return try CSVReader.parse(text, source: "bundled:\(name)")
    }
}
