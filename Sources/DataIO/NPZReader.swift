import PairWeighting

/// Reads `.npz` archives (`numpy.savez` and `savez_compressed`): the features are the member
/// `x` or `embeddings` (2-D float), the labels `y` or `labels` (1-D integer), or a separate
/// `--labels` file. Other members are ignored; the messages name the members found.
public enum NPZReader {
    public static let featureNames = ["x", "embeddings"]
    public static let labelNames = ["y", "labels"]

    /// The arrays of an archive by member name (without `.npy`), as raw `.npy` bytes.
    public static func members(path: String) throws(DataError) -> [String: [UInt8]] {
        try members(FileReading.bytes(path: path), source: path)
    }

    public static func members(_ bytes: [UInt8], source: String) throws(DataError) -> [String: [UInt8]] {
        do {
            let archive = try ZipArchive(bytes)
            var out: [String: [UInt8]] = [:]
            for entry in archive.entries where entry.name.hasSuffix(".npy") {
                out[String(entry.name.dropLast(4))] = try archive.contents(of: entry)
            }
            return out
        } catch {
            throw .invalid(file: source, reason: error.reason)
        }
    }

    /// The features and labels of an `.npz`; `labelsPath` when the archive has no labels.
    public static func load(path: String, labelsPath: String?) throws(DataError) -> FeatureTable {
        let arrays = try members(path: path)
        let found = arrays.keys.sorted().map { $0 + ".npy" }.joined(separator: ", ")
        let foundText = found.isEmpty ? "no .npy members" : "members: \(found)"
        guard let featureName = featureNames.first(where: { arrays[$0] != nil }), let featureBytes = arrays[featureName] else {
            throw .invalid(file: path, reason: "has no x.npy or embeddings.npy (the features, N x D); \(foundText)")
        }
        let features = try NPYReader.parseMatrix(featureBytes, source: "\(path):\(featureName).npy")
        let labels: [Int]
        let labelName = labelNames.first { arrays[$0] != nil }
        switch (labelName, labelsPath) {
        case (let name?, nil):
            labels = try NPYReader.parseLabels(arrays[name]!, source: "\(path):\(name).npy")
        case (nil, let file?):
            labels = try LabelFileReader.read(path: file)
        case (let name?, _?):
            throw .invalid(file: path, reason: "holds its labels (\(name).npy) and --labels was given too; give one")
        case (nil, nil):
            throw .invalid(file: path, reason: "has no y.npy or labels.npy; add them or give --labels FILE; \(foundText)")
        }
        guard labels.count == features.rows else {
            throw .invalid(file: path, reason: "has \(labels.count) labels and \(features.rows) rows of \(featureName)")
        }
        return FeatureTable(labels: labels, features: features,
                            columnNames: (0..<features.columns).map { "f\($0)" }, source: path)
    }
}
