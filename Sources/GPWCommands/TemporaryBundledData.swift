import DataIO
import ExplorerUI
import PairWeighting

// TEMPORARY — delete when MetricTraining's `TrainingSession` and DataIO's split selection land:
// the explorer then asks DataIO for a named dataset's training split, as `gpw train` does.

/// A bundled dataset's training classes (letters A–M, leaves 0–15, digits rows < 1000, as the
/// bundled README recommends) in the temporary split type.
enum TemporaryBundledData {
    static func load(_ name: String) throws(CommandError) -> TemporaryDataSplit {
        let table: FeatureTable
        do {
            table = try BundledData.table(named: name)
        } catch {
            throw .usage("--data \(name): \(error)")
        }
        var rows: [Int] = []
        for (row, label) in table.labels.enumerated() {
            switch name {
            case "letters": if label <= 12 { rows.append(row) }
            case "leaves": if label <= 15 { rows.append(row) }
            default: if row < 1000 { rows.append(row) }
            }
        }
        var storage: [Double] = []
        storage.reserveCapacity(rows.count * table.features.columns)
        for r in rows { storage += table.features.row(r) }
        return TemporaryDataSplit(features: Matrix(rows: rows.count, columns: table.features.columns, storage: storage),
                                  labels: rows.map { table.labels[$0] })
    }
}
