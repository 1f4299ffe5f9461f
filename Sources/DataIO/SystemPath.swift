/// File names as the system has them: bytes, not necessarily UTF-8.
///
/// A Swift `String` cannot hold invalid UTF-8, and `CommandLine.arguments` replaces such bytes
/// with U+FFFD, so a file named `caf\xE9.csv` (Latin-1) would be "not found" although it exists.
/// Command-line words are decoded with ``argument(_:)`` instead, which keeps each byte that is
/// not part of valid UTF-8 as one private-use scalar U+10FF80–U+10FFFF (a byte of 0x80–0xFF);
/// ``cString(_:)`` turns them back into the same bytes for `open(2)`, and messages print them
/// as `\xE9` (``Quoting``). (A real U+10FF80–U+10FFFF in a name, a private-use character, would be
/// read as that byte.)
public enum SystemPath {
    private static let base: UInt32 = 0x10FF00

    /// A command-line word (a NUL-terminated C string) as a `String`, keeping invalid bytes.
    public static func argument(_ pointer: UnsafePointer<CChar>) -> String {
        let length = strlenOf(pointer)
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
        return decode(Array(bytes))
    }

    /// Bytes as a `String`: valid UTF-8 as it is, each other byte as its private-use scalar.
    public static func decode(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let length = sequenceLength(bytes[i])
            if length > 1, i + length <= bytes.count,
               let piece = String(validating: bytes[i..<(i + length)], as: UTF8.self) {
                scalars.append(contentsOf: piece.unicodeScalars)
                i += length
            } else if bytes[i] < 0x80 {
                scalars.append(Unicode.Scalar(bytes[i]))
                i += 1
            } else {
                scalars.append(Unicode.Scalar(base + UInt32(bytes[i]))!)
                i += 1
            }
        }
        return String(scalars)
    }

    /// The bytes of `path` for the system, NUL-terminated, with kept bytes restored.
    public static func cString(_ path: String) -> [CChar] {
        var out: [CChar] = []
        for scalar in path.unicodeScalars {
            if let byte = rawByte(scalar) {
                out.append(CChar(bitPattern: byte))
            } else {
                out += String(scalar).utf8.map { CChar(bitPattern: $0) }
            }
        }
        return out + [0]
    }

    /// The byte a kept scalar stands for, or nil for any other scalar.
    static func rawByte(_ scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        return v >= base + 0x80 && v <= base + 0xFF ? UInt8(v - base) : nil
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 1
        }
    }

    private static func strlenOf(_ pointer: UnsafePointer<CChar>) -> Int {
        var n = 0
        while pointer[n] != 0 { n += 1 }
        return n
    }
}
