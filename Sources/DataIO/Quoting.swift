/// Text from a file or a command line, made safe to print in a one-line message: control
/// characters (C0, DEL, C1, bidirectional overrides) are escaped, so a CSV field cannot send
/// escape sequences to the user's terminal, and excerpts are cut, so binary garbage prints a
/// few dozen characters instead of kilobytes.
public enum Quoting {
    /// How many characters of file content a message quotes.
    public static let excerptLength = 40

    /// `'text'`, escaped and cut to `limit` characters (`…` marks the cut).
    public static func quoted(_ text: some StringProtocol, limit: Int = excerptLength) -> String {
        "'" + excerpt(text, limit: limit) + "'"
    }

    /// The same without quotes.
    public static func excerpt(_ text: some StringProtocol, limit: Int = excerptLength) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return out + "…" }
            out += escape(scalar)
            count += 1
        }
        return out
    }

    /// Bytes as UTF-8 (invalid sequences become U+FFFD), quoted and cut.
    public static func quoted(bytes: some Collection<UInt8>, limit: Int = excerptLength) -> String {
        quoted(String(decoding: bytes.prefix(limit * 4), as: UTF8.self), limit: limit)
    }

    /// `text` with every control character escaped, not cut (file names, whole messages).
    public static func escaped(_ text: some StringProtocol) -> String {
        var out = ""
        for scalar in text.unicodeScalars { out += escape(scalar) }
        return out
    }

    /// One scalar, escaped when it is a control character: `\n`, `\t`, `\r`, `\x1B`, `\u{202E}`;
    /// a raw byte of a non-UTF-8 file name (``SystemPath``) as `\xFF`.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        switch v {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x00..<0x20, 0x7F..<0xA0: return "\\x" + hex(v, digits: 2)
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "\\u{" + hex(v, digits: 4) + "}"
        default:
            if let byte = SystemPath.rawByte(scalar) { return "\\x" + hex(UInt32(byte), digits: 2) }
            return String(scalar)
        }
    }

    private static func hex(_ v: UInt32, digits: Int) -> String {
        let text = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
