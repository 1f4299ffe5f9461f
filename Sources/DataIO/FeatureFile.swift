/// Loads a user's batch or dataset from a path: a CSV with a `label` column, a 2-D `.npy`
/// with labels from `--labels`, or an `.npz` with `x`/`embeddings` and `y`/`labels` members.
public enum FeatureFile {
    public static func load(path: String, labelsPath: String?) throws(DataError) -> FeatureTable {
        if path.hasSuffix(".npz") { return try NPZReader.load(path: path, labelsPath: labelsPath) }
        if path.hasSuffix(".npy") {
            let features = try NPYReader.readMatrix(path: path)
            guard let labelsPath else {
                throw .invalid(file: path, reason: "a .npy feature file needs --labels FILE (.npy of integers or one label a line)")
            }
            let labels = try LabelFileReader.read(path: labelsPath)
            guard labels.count == features.rows else {
                throw .invalid(file: labelsPath, reason: "has \(labels.count) labels, \(path) has \(features.rows) rows")
            }
            return FeatureTable(labels: labels, features: features,
                                columnNames: (0..<features.columns).map { "f\($0)" }, source: path)
        }
        if labelsPath != nil {
            throw .invalid(file: path, reason: "--labels goes with a .npy or .npz feature file; a CSV carries its own 'label' column")
        }
        return try CSVReader.read(path: path)
    }
}
