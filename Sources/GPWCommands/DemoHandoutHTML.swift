import TUICore

/// `gpw demo --format html`: one standalone XHTML page (it parses as XML) for print. The prose
/// is the demo's Markdown turned into HTML (headings, paragraphs, lists, code, bold, italics,
/// links); every screen is the HTML export's screen block (``ScreenExport/htmlScreen()``) under
/// its caption and command. Colours come only from the export's styles
/// (``ScreenExport/htmlScreenStyle(_:)``, ``ScreenColors``, light unless `--theme` says otherwise); the page itself is black on white
/// paper, and the screens keep their background in print (`print-color-adjust: exact`).
extension DemoCommand.Piece {
    /// A screen's theme (nil for prose).
    var theme: Theme? {
        if case .screen(let screen, _) = self { return screen.grid.theme }
        return nil
    }
}

enum DemoHandoutHTML {
    static func page(_ demos: [[DemoCommand.Piece]]) -> String {
        let title = demos.first.flatMap(firstHeading) ?? "gpw demo"
        var out = """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(ScreenExport.xmlEscaped(title))</title>
        <style>
        @page { size: A4; margin: 15mm; }
        body { margin: 1.5em auto; max-width: 60em; font-family: sans-serif; line-height: 1.4; }
        \(ScreenExport.htmlScreenStyle(demos.lazy.flatMap { $0 }.compactMap(\.theme).first ?? .light))
        pre.screen { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        figure.shot { margin: 1em 0; break-inside: avoid; }
        figure.shot figcaption { font-weight: bold; }
        p.command code { font-size: 0.85em; word-break: break-all; }
        p.note { font-size: 0.85em; font-style: italic; margin: 0.2em 0; }
        section.demo + section.demo { break-before: page; }
        @media print { body { margin: 0; max-width: none; } pre.screen { font-size: 8pt; } }
        </style>
        </head>
        <body>

        """
        for demo in demos {
            out += "<section class=\"demo\">\n"
            for piece in demo {
                switch piece {
                case .prose(let markdown):
                    out += MarkdownHTML.html(markdown)
                case .screen(let screen, let blockSize):
                    out += "<figure class=\"shot\">\n<figcaption>\(ScreenExport.xmlEscaped(screen.caption))</figcaption>\n"
                    out += "<p class=\"command\"><code>$ \(ScreenExport.xmlEscaped(screen.command))</code></p>\n"
                    if let blockSize {
                        // The prose was written for the wider screen; say so rather than let it
                        // point at a panel that is not on the page.
                        out += "<p class=\"note\">Drawn \(screen.grid.width) columns wide for print; the demo shows it at "
                            + "\(blockSize), where more panels may fit (gpw demo --format html --size \(blockSize)).</p>\n"
                    }
                    out += screen.htmlScreen() + "\n</figure>\n"
                }
            }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// The text of the demo's first `# ` heading.
    private static func firstHeading(_ pieces: [DemoCommand.Piece]) -> String? {
        for case .prose(let text) in pieces {
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# ") }) {
                return String(line.dropFirst(2))
            }
        }
        return nil
    }
}

/// The Markdown the demos use, as XHTML: ATX headings, paragraphs, `-`/`*` and `1.` lists (an
/// indented line continues its item), fenced code, and inline `code`, **bold**, *italics* and
/// [links](url). Anything else stays text (escaped), so an unusual construct shows as written.
enum MarkdownHTML {
    static func html(_ markdown: String) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var fence: (marker: String, lines: [String])?

        func flushParagraph() {
            if !paragraph.isEmpty { out += "<p>" + inline(paragraph.joined(separator: "\n")) + "</p>\n" }
            paragraph = []
        }
        func flushList() {
            if let open = list {
                let tag = open.ordered ? "ol" : "ul"
                out += "<\(tag)>\n" + open.items.map { "<li>" + inline($0) + "</li>\n" }.joined() + "</\(tag)>\n"
            }
            list = nil
        }

        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            let trimmed = line.drop { $0 == " " }
            if var open = fence {
                if trimmed.hasPrefix(open.marker) && trimmed.drop(while: { $0 == "`" }).allSatisfy({ $0 == " " }) {
                    out += "<pre><code>" + ScreenExport.xmlEscaped(open.lines.joined(separator: "\n")) + "</code></pre>\n"
                    fence = nil
                } else {
                    open.lines.append(line)
                    fence = open
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flushParagraph()
                flushList()
                fence = (String(trimmed.prefix { $0 == "`" }), [])
                continue
            }
            if trimmed.isEmpty {
                flushParagraph()
                flushList()
                continue
            }
            if let level = headingLevel(line) {
                flushParagraph()
                flushList()
                let text = line.dropFirst(level).drop { $0 == " " }
                out += "<h\(level)>" + inline(String(text)) + "</h\(level)>\n"
                continue
            }
            if let (ordered, item) = listItem(line) {
                flushParagraph()
                if list?.ordered != ordered { flushList() }
                if list == nil { list = (ordered, []) }
                list?.items.append(item)
                continue
            }
            if line.hasPrefix(" "), list != nil, let last = list?.items.indices.last {
                list?.items[last] += "\n" + trimmed   // continues the item
                continue
            }
            flushList()
            paragraph.append(line)
        }
        if let open = fence {   // never closed: keep it as code
            out += "<pre><code>" + ScreenExport.xmlEscaped(open.lines.joined(separator: "\n")) + "</code></pre>\n"
        }
        flushParagraph()
        flushList()
        return out
    }

    /// 1...6 for `# `...`###### `, else nil.
    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    /// `- item`, `* item` (unordered) or `12. item` (ordered), and the item's text.
    static func listItem(_ line: String) -> (Bool, String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Inline Markdown as XHTML: code spans verbatim (escaped), the rest escaped, then bold,
    /// italics and links.
    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let ticks = rest[open...].prefix { $0 == "`" }
            let afterOpen = rest.index(open, offsetBy: ticks.count)
            guard let close = rest[afterOpen...].range(of: String(ticks)) else { break }
            out += emphasis(ScreenExport.xmlEscaped(String(rest[..<open])))
            var code = rest[afterOpen..<close.lowerBound]
            if code.hasPrefix(" ") && code.hasSuffix(" ") && code.count > 2 { code = code.dropFirst().dropLast() }
            out += "<code>" + ScreenExport.xmlEscaped(String(code)) + "</code>"
            rest = rest[close.upperBound...]
        }
        return out + emphasis(ScreenExport.xmlEscaped(String(rest)))
    }

    /// `**b**`, `*i*` and `[text](url)` in already escaped text.
    private static func emphasis(_ escaped: String) -> String {
        var text = escaped
        text = replacing(text, pattern: #"\*\*([^*\n][^*]*?)\*\*"#) { "<strong>\($0[1])</strong>" }
        // (Swift's Regex has no look-behind: the character before the `*` is matched and kept.)
        text = replacing(text, pattern: #"(^|[^\w*])\*([^*\s][^*]*?)\*(?![\w*])"#) { "\($0[1])<em>\($0[2])</em>" }
        text = replacing(text, pattern: #"\[([^\]\n]+)\]\(([^)\s]+)\)"#) { "<a href=\"\($0[2])\">\($0[1])</a>" }
        return text
    }

    private static func replacing(_ text: String, pattern: String, _ make: ([Substring]) -> String) -> String {
        let regex = try! Regex(pattern)   // the patterns above are constants
        return text.replacing(regex) { match in
            make((0..<match.output.count).map { match.output[$0].substring ?? "" })
        }
    }
}
