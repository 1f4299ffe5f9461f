/// The file formats a screen can be exported to. Every format carries the same screen text and
/// one line that reproduces it (a `gpw snapshot` command).
public enum ExportFormat: String, Sendable, Equatable, Hashable, CaseIterable, CustomStringConvertible {
    /// UTF-8 text, exactly the rows a person sees (trailing blanks trimmed).
    case plain
    /// The screen re-drawn with ASCII glyphs only, for printers and old terminals.
    case ascii
    /// A caption, the command, and the screen in a fenced code block.
    case markdown
    /// Text with SGR colour escapes: `cat` shows the coloured screen.
    case ansi
    /// A self-contained, coloured XHTML page.
    case html
    /// A terminal-window picture.
    case svg

    /// The name used on the command line (`--format`, `--export-format`).
    public var name: String { rawValue }
    public var description: String { rawValue }

    /// The file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .plain, .ascii: return "txt"
        case .markdown: return "md"
        case .ansi: return "ans"
        case .html: return "html"
        case .svg: return "svg"
        }
    }

    /// True when the screen must be re-drawn with the ASCII glyph set before export.
    public var needsASCIIGlyphs: Bool { self == .ascii }

    /// Reads a format name (`md` and `text` are accepted as aliases); nil for anything else.
    public init?(name: String) {
        let aliases = ["md": "markdown", "text": "plain", "txt": "plain", "xhtml": "html"]
        let lowered = name.lowercased()
        guard let format = ExportFormat(rawValue: aliases[lowered] ?? lowered) else { return nil }
        self = format
    }

    /// `plain, ascii, markdown, ansi, html, svg`, for messages.
    public static var names: String { allCases.map(\.name).joined(separator: ", ") }
}
