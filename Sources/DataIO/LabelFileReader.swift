/// Reads labels for a `.npy` feature file: a `.npy` integer array, or a text file with one
/// integer label per line.
public enum LabelFileReader {
    public static func read(path: String) throws(DataError) -> [Int] {
        if path.hasSuffix(".npy") { return try NPYReader.readLabels(path: path) }
        var lines = LineSplitter(try FileReading.bytes(path: path))
        var labels: [Int] = []
        while let (number, line) = lines.nextNonBlank() {
            let text = String(decoding: line, as: UTF8.self).trimmed(of: " \t")
            guard let label = Int(text) else {
                throw .malformed(file: path, line: number, reason: "label '\(text.prefix(40))' is not an integer")
            }
            labels.append(label)
        }
        guard !labels.isEmpty else { throw .invalid(file: path, reason: "no labels") }
        return labels
    }
}
