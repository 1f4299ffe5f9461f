/// One character cell: a single-column glyph and its style.
public struct Cell: Sendable, Equatable, Hashable {
    /// The glyph; always one terminal column wide (see ``Glyphs/isSingleWidth(_:)``).
    public var character: Unicode.Scalar
    public var style: CellStyle

    public init(_ character: Unicode.Scalar, style: CellStyle = .normal) {
        self.character = character
        self.style = style
    }

    /// A blank cell.
    public static let blank = Cell(" ")
}

/// Glyph width rules: the screen uses single-column glyphs only.
public enum Glyphs {
    /// True for the scalars the grid accepts: printable ASCII, Latin-1 punctuation (`·`), box
    /// drawing (U+2500–257F), block elements (U+2580–259F), a few arrows and triangles, braille.
    /// Some of these are East-Asian *ambiguous* (one column here, two in CJK locales): `--ascii`
    /// is the escape hatch.
    public static func isSingleWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: return true
        case 0xA0...0xFF: return true
        case 0x2190...0x2193: return true          // ← ↑ → ↓
        case 0x2500...0x259F: return true          // box drawing, block elements
        case 0x25B2, 0x25B6, 0x25BC, 0x25C0: return true  // ▲ ▶ ▼ ◀
        case 0x25E6, 0x2248, 0x25C6, 0x0394: return true  // ◦ ≈ ◆ Δ
        case 0x2800...0x28FF: return true          // braille
        default: return false
        }
    }
}
