import DataIO
import MetricTraining

/// What `--data NAME|PATH` (with `--labels`) names, the same in every command
/// (``DatasetSelection``): a bundled name, `synthetic[:PRESET]`, or a CSV, `.npy` or `.npz` file.
enum DataOption {
    /// Every row, as a table (`weights`, `eval`).
    static func table(_ data: String, labels: String?) throws(CommandError) -> FeatureTable {
        do {
            let dataset = try DatasetSelection.load(data, labelsPath: labels).dataset
            return FeatureTable(labels: dataset.labels, features: dataset.features,
                                columnNames: (0..<dataset.features.columns).map { "f\($0)" }, source: data,
                                classNames: dataset.classNames)
        } catch {
            throw CommandError(dataset: error)
        }
    }
}
