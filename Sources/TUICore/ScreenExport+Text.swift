/// The ASCII stand-ins for the screen's glyphs: the explorer's ASCII glyph set, so a
/// transliterated screen reads like one drawn with `--ascii`.
public enum ASCIIGlyphs {
    static let table: [Unicode.Scalar: Unicode.Scalar] = [
        "░": ":", "▒": "o", "▓": "O", "█": "@",      // positive levels
        "▁": "-", "▃": "=", "▅": "*", "▇": "#",      // negative levels
        "·": ".", "╲": "\\", "▶": ">", "│": "|", "─": "-",
        "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "←": "<", "→": ">", "↑": "^", "↓": "v", "▲": "^", "▼": "v", "◀": "<",
        "◦": ",", "≈": "~", "◆": "@", "Δ": "d",
    ]

    /// The ASCII stand-in for one scalar (itself when already ASCII).
    public static func ascii(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII { return scalar }
        if let mapped = table[scalar] { return mapped }
        switch scalar.value {
        case 0x2500...0x257F: return "+"   // other box drawing
        case 0x2580...0x259F: return "#"   // other block elements
        case 0x2800...0x28FF: return "."   // braille
        default: return "?"
        }
    }

    /// `text` with the screen's glyphs (the table above) replaced and every other character kept:
    /// prose that names `░▒▓█` or `·` then matches an ASCII screen, and `λ` or `≥` stay as written.
    public static func replacingGlyphs(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(table[scalar] ?? scalar) }
        return String(out)
    }

    /// `text` with every scalar made ASCII.
    public static func transliterate(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(ascii(scalar)) }
        return String(out)
    }
}

extension ScreenExport {
    /// Markdown: the caption as a heading line, the command in a code span, the screen in a
    /// fenced `text` block (the fence is longer than any run of backticks on the screen).
    public func markdown() -> String {
        let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(screenText) + 1))
        return "**" + Self.markdownEscaped(caption) + "**\n\n"
            + Self.codeSpan(command) + "\n\n"
            + fence + "text\n" + screenText + fence + "\n"
    }

    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, current = 0
        for c in text.unicodeScalars {
            current = c == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    /// A Markdown code span that survives backticks inside.
    static func codeSpan(_ text: String) -> String {
        let ticks = String(repeating: "`", count: longestBacktickRun(text) + 1)
        return ticks + (text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text) + ticks
    }

    static func markdownEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>#|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
