/// Reads labels for a `.npy` feature file: a `.npy` integer array, or a text file with one
/// integer label per line.
public enum LabelFileReader {
    public static func read(path: String) throws(DataError) -> [Int] {
        if path.hasSuffix(".npy") { return try NPYReader.readLabels(path: path) }
        return try parse(bytes: FileReading.bytes(path: path), source: path)
    }

    /// Parses a text label file (one integer a line; blank lines skipped); `source` names it in messages.
    public static func parse(bytes: [UInt8], source: String) throws(DataError) -> [Int] {
        var lines = LineSplitter(bytes)
        var labels: [Int] = []
        while let (number, line) = lines.nextNonBlank() {
            let text = String(decoding: line, as: UTF8.self).trimmed(of: " \t")
            guard let label = Int(text) else {
                throw .malformed(file: source, line: number, reason: "label \(Quoting.quoted(text)) is not an integer")
            }
            labels.append(label)
        }
        guard !labels.isEmpty else { throw .invalid(file: source, reason: "no labels") }
        return labels
    }
}
