import PairWeighting

/// Reads NumPy `.npy` files (format versions 1–3): 2-D float32/float64 feature arrays and 1-D
/// (or `[N, 1]`) integer label arrays, either byte order, C or Fortran order.
public enum NPYReader {
    /// A decoded array: its shape and its values as `Double`, in C (row-major) order.
    public struct Array: Sendable, Equatable {
        public var shape: [Int]
        public var values: [Double]
        /// The dtype as written in the header (`<f4`, `<i8`, …).
        public var descr: String
        /// True for integer dtypes.
        public var isInteger: Bool
    }

    /// Reads a 2-D float array as a matrix.
    public static func readMatrix(path: String) throws(DataError) -> Matrix {
        try parseMatrix(FileReading.bytes(path: path), source: path)
    }

    /// Parses `.npy` bytes as a 2-D float matrix; `source` names it in messages.
    public static func parseMatrix(_ bytes: [UInt8], source path: String) throws(DataError) -> Matrix {
        let array = try parse(bytes, source: path)
        guard array.shape.count == 2 else {
            throw .invalid(file: path, reason: "expected a 2-D array (N x D), found shape \(array.shape)")
        }
        guard array.shape[0] > 0, array.shape[1] > 0 else {
            throw .invalid(file: path, reason: "the array is empty (shape \(array.shape)); expected N x D with N, D >= 1")
        }
        if let bad = array.values.firstIndex(where: { !$0.isFinite }) {
            throw .invalid(file: path, reason: "row \(bad / max(array.shape[1], 1)), column \(bad % max(array.shape[1], 1)) is not finite")
        }
        let matrix = Matrix(rows: array.shape[0], columns: array.shape[1], storage: array.values)
        try FeatureScale.check(matrix) { row, reason in .invalid(file: path, reason: "row \(row): \(reason)") }
        return matrix
    }

    /// Reads an integer label vector (`[N]` or `[N, 1]`), exactly: int64 labels are decoded as
    /// integers, never through `Double` (which would merge labels above 2^53).
    public static func readLabels(path: String) throws(DataError) -> [Int] {
        try parseLabels(FileReading.bytes(path: path), source: path)
    }

    /// Parses `.npy` bytes as a label vector; `source` names it in messages.
    public static func parseLabels(_ bytes: [UInt8], source: String) throws(DataError) -> [Int] {
        let layout = try Layout(bytes, source: source)
        let shape = layout.shape
        guard shape.count == 1 || (shape.count == 2 && shape[1] == 1) else {
            throw .invalid(file: source, reason: "labels must be a 1-D array, found shape \(shape)")
        }
        guard shape[0] > 0 else { throw .invalid(file: source, reason: "no labels (shape \(shape))") }
        guard layout.dtype.isInteger else {
            throw .invalid(file: source, reason: "labels must have an integer dtype, found \(Quoting.quoted(layout.descr))")
        }
        var labels = [Int](repeating: 0, count: layout.count)
        for k in 0..<layout.count {
            let offset = layout.dataStart + k * layout.dtype.size
            guard let label = layout.dtype.decodeInteger(bytes, at: offset) else {
                throw .invalid(file: source, reason: "label \(k) (\(layout.dtype.raw(bytes, at: offset))) does not fit a 64-bit signed integer")
            }
            labels[k] = label
        }
        return labels
    }

    /// Reads any supported array.
    public static func read(path: String) throws(DataError) -> Array {
        try parse(FileReading.bytes(path: path), source: path)
    }

    /// Parses `.npy` bytes.
    public static func parse(_ bytes: [UInt8], source: String) throws(DataError) -> Array {
        let layout = try Layout(bytes, source: source)
        let (shape, dtype, count, dataStart) = (layout.shape, layout.dtype, layout.count, layout.dataStart)
        var values = [Double](repeating: 0, count: count)
        for k in 0..<count { values[k] = dtype.decode(bytes, at: dataStart + k * dtype.size) }
        if layout.fortranOrder, shape.count == 2, count > 0 {
            let (r, c) = (shape[0], shape[1])
            var transposed = values
            for i in 0..<r { for j in 0..<c { transposed[i * c + j] = values[j * r + i] } }
            values = transposed
        }
        return Array(shape: shape, values: values, descr: layout.descr, isInteger: dtype.isInteger)
    }

    /// What a `.npy` header says, checked against the file's length before anything is decoded.
    struct Layout {
        var shape: [Int]
        var dtype: DType
        var descr: String
        var fortranOrder: Bool
        var count: Int
        var dataStart: Int

        init(_ bytes: [UInt8], source: String) throws(DataError) {
            let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]   // \x93NUMPY
            guard bytes.count >= 10, Swift.Array(bytes[0..<6]) == magic else {
                throw .invalid(file: source, reason: "not a .npy file (bad magic bytes)")
            }
            let major = bytes[6]
            let headerLength: Int, headerStart: Int
            switch major {
            case 1:
                headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
                headerStart = 10
            case 2, 3:
                guard bytes.count >= 12 else { throw .invalid(file: source, reason: "truncated header") }
                headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
                headerStart = 12
            default:
                throw .invalid(file: source, reason: "unsupported .npy format version \(major)")
            }
            guard headerLength >= 0, headerStart + headerLength <= bytes.count else {
                throw .invalid(file: source, reason: "truncated header")
            }
            let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
            guard let descr = NPYReader.field("descr", in: header).map(NPYReader.unquote),
                  let fortran = NPYReader.field("fortran_order", in: header),
                  let shapeText = NPYReader.field("shape", in: header) else {
                throw .invalid(file: source, reason: "header lacks descr, fortran_order or shape: \(Quoting.quoted(header, limit: 120))")
            }
            let shape = try NPYReader.parseShape(shapeText, source: source)
            guard let dtype = DType(descr) else {
                throw .invalid(file: source, reason: "unsupported dtype \(Quoting.quoted(descr)); gpw reads float32/float64, integer and bool arrays")
            }
            var count = 1
            for n in shape {
                // Also bounds a dimension next to a zero one: (10^18, 0) holds nothing but would
                // make every loop over its rows run forever.
                guard n <= FileReading.maximumValues else {
                    throw .invalid(file: source, reason: "shape \(shape): " + FileReading.tooManyValues(n))
                }
                let (product, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow else { throw .invalid(file: source, reason: "shape \(shape) is too large") }
                count = product
            }
            guard count <= FileReading.maximumValues else {
                throw .invalid(file: source, reason: "shape \(shape): " + FileReading.tooManyValues(count))
            }
            let dataStart = headerStart + headerLength
            let (needed, overflow) = count.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, bytes.count - dataStart >= needed else {
                throw .invalid(file: source, reason: "data is truncated: shape \(shape) needs \(needed) bytes, file has \(bytes.count - dataStart)")
            }
            self.shape = shape
            self.dtype = dtype
            self.descr = descr
            fortranOrder = fortran.hasPrefix("True")
            self.count = count
            self.dataStart = dataStart
        }
    }

    /// The text after `'key':` up to the next top-level comma or closing brace.
    static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var out = ""
        for c in header[range.upperBound...] {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if depth == 0 && (c == "," || c == "}") { break }
            out.append(c)
            if depth < 0 { return nil }
        }
        return out.trimmed(of: " ")
    }

    static func unquote(_ s: String) -> String { s.trimmed(of: "'\" ") }

    static func parseShape(_ text: String, source: String) throws(DataError) -> [Int] {
        let inner = text.trimmed(of: "() ")
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let t = String(part).trimmed(of: " ")
            if t.isEmpty { continue }
            guard let v = Int(t), v >= 0 else { throw .invalid(file: source, reason: "bad shape \(Quoting.quoted(text))") }
            shape.append(v)
        }
        return shape
    }

    /// The element types gpw reads.
    struct DType {
        let size: Int
        let isInteger: Bool
        let bigEndian: Bool
        let kind: Character   // f, i, u, b (bool, one byte 0 or 1)

        init?(_ descr: String) {
            guard descr.count >= 3, let order = descr.first, let kind = descr.dropFirst().first,
                  let size = Int(descr.dropFirst(2)) else { return nil }
            guard "<>|=".contains(order) else { return nil }
            switch (kind, size) {
            case ("f", 4), ("f", 8), ("i", 1), ("i", 2), ("i", 4), ("i", 8), ("u", 1), ("u", 2), ("u", 4), ("u", 8), ("b", 1): break
            default: return nil
            }
            self.size = size
            self.kind = kind
            isInteger = kind != "f"
            bigEndian = order == ">"
        }

        /// The element's bits, in the machine's order.
        func raw(_ bytes: [UInt8], at offset: Int) -> UInt64 {
            var raw: UInt64 = 0
            for b in 0..<size {
                let byte = UInt64(bytes[offset + (bigEndian ? size - 1 - b : b)])
                raw |= byte << (8 * UInt64(b))
            }
            return raw
        }

        /// An integer element exactly, or nil when it does not fit `Int` (a uint64 above 2^63 - 1).
        func decodeInteger(_ bytes: [UInt8], at offset: Int) -> Int? {
            let raw = raw(bytes, at: offset)
            switch kind {
            case "i":
                let shift = UInt64(64 - 8 * size)
                return Int(Int64(bitPattern: raw << shift) >> Int64(shift))
            case "u", "b": return raw <= UInt64(Int.max) ? Int(raw) : nil
            default: return nil
            }
        }

        func decode(_ bytes: [UInt8], at offset: Int) -> Double {
            let raw = raw(bytes, at: offset)
            switch (kind, size) {
            case ("f", 4): return Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
            case ("f", 8): return Double(bitPattern: raw)
            case ("i", _):
                let shift = UInt64(64 - 8 * size)
                return Double(Int64(bitPattern: raw << shift) >> Int64(shift))
            default: return Double(raw)
            }
        }
    }
}
