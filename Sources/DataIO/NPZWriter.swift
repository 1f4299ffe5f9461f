/// Writes `.npz` archives as `numpy.savez` does: a ZIP of stored (uncompressed) `.npy` members,
/// format 1.0 headers padded to 64 bytes, little-endian. Deterministic: members in the order
/// given and a fixed timestamp (1980-01-01), so the same arrays give the same bytes.
/// `numpy.load` reads the result; ``NPZReader`` reads it back.
public struct NPZWriter: Sendable {
    /// One member array: its dtype and shape, and its values in C order.
    public enum Member: Sendable {
        case float64(shape: [Int], values: [Double])
        case int64(shape: [Int], values: [Int])
        case bool(shape: [Int], values: [Bool])
        /// A 1-D array of strings, numpy's `<U` (UTF-32, padded to the longest).
        case unicode(values: [String])

        var shape: [Int] {
            switch self {
            case .float64(let shape, _), .int64(let shape, _), .bool(let shape, _): return shape
            case .unicode(let values): return [values.count]
            }
        }

        var descr: String {
            switch self {
            case .float64: return "<f8"
            case .int64: return "<i8"
            case .bool: return "|b1"
            case .unicode(let values): return "<U\(max(1, values.map(\.unicodeScalars.count).max() ?? 1))"
            }
        }
    }

    private var members: [(name: String, bytes: [UInt8])] = []

    public init() {}

    /// Adds `array` as `name.npy`.
    public mutating func add(_ name: String, _ array: Member) {
        members.append((name + ".npy", Self.npy(array)))
    }

    /// The `.npy` bytes of one array.
    static func npy(_ array: Member) -> [UInt8] {
        let shape = array.shape
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(array.descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // magic (6) + version (2) + length (2) + header + '\n', a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        appendLittleEndian(&out, UInt64(header.utf8.count), bytes: 2)
        out += Array(header.utf8)
        switch array {
        case .float64(_, let values):
            out.reserveCapacity(out.count + 8 * values.count)
            for v in values { appendLittleEndian(&out, v.bitPattern, bytes: 8) }
        case .int64(_, let values):
            out.reserveCapacity(out.count + 8 * values.count)
            for v in values { appendLittleEndian(&out, UInt64(bitPattern: Int64(v)), bytes: 8) }
        case .bool(_, let values):
            out += values.map { $0 ? 1 : 0 }
        case .unicode(let values):
            let width = max(1, values.map(\.unicodeScalars.count).max() ?? 1)
            for value in values {
                let scalars = Swift.Array(value.unicodeScalars)
                for k in 0..<width { appendLittleEndian(&out, UInt64(k < scalars.count ? scalars[k].value : 0), bytes: 4) }
            }
        }
        return out
    }

    /// The archive's bytes.
    public func archive() -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        let dosTime: UInt64 = 0, dosDate: UInt64 = (0 << 9) | (1 << 5) | 1
        for member in members {
            let name = Array(member.name.utf8)
            let crc = UInt64(CRC32.checksum(member.bytes))
            let offset = out.count
            // Local header: signature, version 2.0, flags 0, stored, time, date, CRC, sizes, name.
            for (value, width) in [(0x0403_4B50, 4), (20, 2), (0, 2), (0, 2)] as [(UInt64, Int)] { Self.appendLittleEndian(&out, value, bytes: width) }
            for (value, width) in [(dosTime, 2), (dosDate, 2), (crc, 4), (UInt64(member.bytes.count), 4), (UInt64(member.bytes.count), 4),
                                   (UInt64(name.count), 2), (0, 2)] as [(UInt64, Int)] { Self.appendLittleEndian(&out, value, bytes: width) }
            out += name
            out += member.bytes
            // Its central-directory entry.
            for (value, width) in [(0x0201_4B50, 4), (20, 2), (20, 2), (0, 2), (0, 2), (dosTime, 2), (dosDate, 2), (crc, 4),
                                   (UInt64(member.bytes.count), 4), (UInt64(member.bytes.count), 4), (UInt64(name.count), 2),
                                   (0, 2), (0, 2), (0, 2), (0, 2), (0, 4), (UInt64(offset), 4)] as [(UInt64, Int)] {
                Self.appendLittleEndian(&directory, value, bytes: width)
            }
            directory += name
        }
        let directoryOffset = out.count
        out += directory
        for (value, width) in [(0x0605_4B50, 4), (0, 2), (0, 2), (UInt64(members.count), 2), (UInt64(members.count), 2),
                               (UInt64(directory.count), 4), (UInt64(directoryOffset), 4), (0, 2)] as [(UInt64, Int)] {
            Self.appendLittleEndian(&out, value, bytes: width)
        }
        return out
    }

    /// The largest archive this writer makes (no ZIP64): 4 GiB less a margin.
    public static let maximumBytes = Int(UInt32.max) - (1 << 20)

    /// The archive's size before it is built (to refuse, not to truncate).
    public var byteCount: Int {
        members.reduce(22) { $0 + 30 + 46 + 2 * $1.name.utf8.count + $1.bytes.count }
    }

    static func appendLittleEndian(_ out: inout [UInt8], _ value: UInt64, bytes: Int) {
        for k in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) }
    }
}
