import PairWeighting

/// Reads the CSV format of gpw's bundled data: a header row, an integer `label` column, an
/// optional `class_name` column (a readable name per label, shown by the explorer) and numeric
/// feature columns; no quoting. Every rejection names the file and line.
public enum CSVReader {
    /// Reads and parses the file at `path`.
    public static func read(path: String) throws(DataError) -> FeatureTable {
        try parse(bytes: FileReading.bytes(path: path), source: path)
    }

    /// Parses CSV text; `source` names it in messages.
    public static func parse(_ text: String, source: String) throws(DataError) -> FeatureTable {
        try parse(bytes: Array(text.utf8), source: source)
    }

    /// Parses CSV bytes (ASCII or UTF-8).
    /// A UTF-8 byte-order mark (Excel's "CSV UTF-8") is skipped.
    public static func parse(bytes: [UInt8], source: String) throws(DataError) -> FeatureTable {
        var lines = LineSplitter(bytes)
        guard let (headerNumber, header) = lines.nextNonBlank() else {
            throw .invalid(file: source, reason: "empty file; expected a header row with a 'label' column")
        }
        let names = header.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self).trimmed(of: " \t") }
        guard let labelColumn = names.firstIndex(of: "label") else {
            let found = names.prefix(5).map { Quoting.excerpt($0, limit: 20) }.joined(separator: ",")
            throw .malformed(file: source, line: headerNumber,
                             reason: "header has no 'label' column (found: \(Quoting.excerpt(found, limit: 80))\(names.count > 5 ? ",…" : ""))")
        }
        if let empty = names.firstIndex(of: "") {
            throw .malformed(file: source, line: headerNumber, reason: "header column \(empty + 1) has no name")
        }
        let nameColumn = names.firstIndex(of: "class_name")
        let featureNames = names.enumerated().filter { $0.offset != labelColumn && $0.offset != nameColumn }.map(\.element)
        guard !featureNames.isEmpty else {
            throw .malformed(file: source, line: headerNumber, reason: "no feature columns besides 'label'")
        }
        var labels: [Int] = []
        var lineNumbers: [Int] = []
        var classNames: [Int: String] = [:]
        var pendingName: String?
        var storage: [Double] = []
        storage.reserveCapacity(min(bytes.count / 3, FileReading.maximumValues))
        while let (number, line) = lines.nextNonBlank() {
            var column = 0
            var fieldStart = line.startIndex
            while fieldStart <= line.endIndex {
                var fieldEnd = fieldStart
                while fieldEnd < line.endIndex, line[fieldEnd] != UInt8(ascii: ",") { fieldEnd += 1 }
                defer { fieldStart = fieldEnd + 1 }
                guard column < names.count else {
                    throw .malformed(file: source, line: number, reason: "more than the header's \(names.count) fields")
                }
                var lower = fieldStart, upper = fieldEnd     // trimmed of spaces and tabs, by index (no copy)
                while lower < upper, line[lower] == UInt8(ascii: " ") || line[lower] == UInt8(ascii: "\t") { lower += 1 }
                while upper > lower, line[upper - 1] == UInt8(ascii: " ") || line[upper - 1] == UInt8(ascii: "\t") { upper -= 1 }
                if column != labelColumn, column != nameColumn, let value = Self.plainNumber(line, lower, upper) {
                    // The common case, no String made: a plain decimal parsed exactly.
                    guard storage.count < FileReading.maximumValues else {
                        throw .malformed(file: source, line: number, reason: FileReading.tooManyValues(FileReading.maximumValues))
                    }
                    storage.append(value)
                    column += 1
                    continue
                }
                let text = String(decoding: line[lower..<upper], as: UTF8.self)
                if column == labelColumn {
                    guard let label = Int(text) else {
                        throw .malformed(file: source, line: number,
                                         reason: text.isEmpty ? "missing label" : "label \(Quoting.quoted(text)) is not an integer")
                    }
                    labels.append(label)
                    lineNumbers.append(number)
                } else if column == nameColumn {
                    guard !text.isEmpty, text.count <= 64, text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                        throw .malformed(file: source, line: number, reason: "class_name must be 1-64 printable characters")
                    }
                    pendingName = text
                } else {
                    guard let value = Double(text), value.isFinite else {
                        let what = text.isEmpty ? "missing value" : "\(Quoting.quoted(text)) is not a finite number"
                        throw .malformed(file: source, line: number, reason: "column \(Quoting.quoted(names[column])): \(what)")
                    }
                    guard storage.count < FileReading.maximumValues else {
                        throw .malformed(file: source, line: number, reason: FileReading.tooManyValues(FileReading.maximumValues))
                    }
                    storage.append(value)
                }
                column += 1
            }
            guard column == names.count else {
                throw .malformed(file: source, line: number, reason: "\(column) fields, the header has \(names.count)")
            }
            if let pending = pendingName {
                // The label is read in the same row, before or after the name.
                let label = labels[labels.count - 1]
                if let known = classNames[label], known != pending {
                    throw .malformed(file: source, line: number,
                                     reason: "class_name \(Quoting.quoted(pending)) for label \(label), which earlier rows call \(Quoting.quoted(known))")
                }
                classNames[label] = pending
                pendingName = nil
            }
        }
        guard !labels.isEmpty else { throw .invalid(file: source, reason: "no data rows after the header") }
        let features = Matrix(rows: labels.count, columns: featureNames.count, storage: storage)
        try FeatureScale.check(features) { row, reason in .malformed(file: source, line: lineNumbers[row], reason: reason) }
        return FeatureTable(labels: labels, features: features, columnNames: featureNames, source: source, classNames: classNames)
    }
}

extension CSVReader {
    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }

    /// A field of the form `[-+]digits[.digits]` with at most 15 digits in all, exactly as
    /// `Double(String)` reads it (nil for anything else, which takes that slower path): the
    /// digits as an integer below 2^53 and a power of ten up to 10^22 are both exact doubles, so
    /// their one quotient is the correctly rounded value (Clinger's fast path).
    static func plainNumber(_ field: ArraySlice<UInt8>) -> Double? {
        plainNumber(field, field.startIndex, field.endIndex)
    }

    /// The same for `bytes[start..<end]`, without making the slice.
    static func plainNumber(_ field: ArraySlice<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+") {
            negative = field[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: Int64 = 0, digits = 0, fraction = 0, seenPoint = false
        while i < end {
            let c = field[i]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                mantissa = mantissa * 10 + Int64(c - UInt8(ascii: "0"))
                digits += 1
                if seenPoint { fraction += 1 }
                guard digits <= 15 else { return nil }
            } else if c == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            i += 1
        }
        // "1." and ".5" are numbers to Double(String) too; "." and "-" are not.
        guard digits > 0 else { return nil }
        let value = Double(mantissa) / powersOfTen[fraction]
        return negative ? -value : value
    }
}

/// Splits bytes into lines (`\n` or `\r\n`), numbering them from 1.
struct LineSplitter {
    private let bytes: [UInt8]
    private var position = 0
    private var number = 0

    /// Starts after a UTF-8 byte-order mark, if there is one.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The next line that is not empty or only spaces, with its 1-based number.
    mutating func nextNonBlank() -> (Int, ArraySlice<UInt8>)? {
        while position < bytes.count {
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            var end = position
            position += 1
            number += 1
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = bytes[start..<end]
            if line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) { return (number, line) }
        }
        return nil
    }
}

extension String {
    /// Without leading and trailing characters from `set`.
    func trimmed(of set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
