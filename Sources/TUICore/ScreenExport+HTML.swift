extension ScreenExport {
    /// A self-contained XHTML page (it parses as XML): caption, command, and the screen in a
    /// `<pre>` whose text content is exactly ``screenText``, coloured with inline styles.
    public func html() -> String {
        let fg = ScreenColors.foreground(grid.theme).hex, bg = ScreenColors.background(grid.theme).hex
        var out = """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(Self.xmlEscaped(caption))</title>
        <style>
        body { background: \(bg); color: \(fg); margin: 1.5em; font-family: sans-serif; }
        p.caption { font-weight: bold; }
        \(Self.htmlScreenStyle(grid.theme))
        </style>
        </head>
        <body>
        <p class="caption">\(Self.xmlEscaped(caption))</p>
        <p class="command"><code>$ \(Self.xmlEscaped(command))</code></p>

        """
        out += htmlScreen() + "\n</body>\n</html>\n"
        return out
    }

    /// The CSS rules for `code`, `pre` and the screen block (`pre.screen`): the one place the
    /// HTML exports and the HTML handout (`gpw demo --format html`) take their screen look from.
    public static func htmlScreenStyle(_ theme: Theme = .dark) -> String {
        let bg = ScreenColors.background(theme).hex
        return """
        code, pre { font-family: "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace; }
        pre.screen { line-height: 1.2; font-size: 14px; padding: 0.8em; border-radius: 6px; background: \(bg);
          border: 1px solid #444; display: inline-block; }
        """
    }

    /// The screen as `<pre class="screen">…</pre>`: its text content is exactly ``screenText``,
    /// every style run coloured with inline styles (``ScreenColors``).
    public func htmlScreen() -> String {
        var out = "<pre class=\"screen\">"
        for y in 0..<grid.height {
            for run in grid.styleRuns(row: y) {
                let css = Self.css(run.style, theme: grid.theme)
                let text = Self.xmlEscaped(run.text)
                out += css.isEmpty ? text : "<span style=\"\(css)\">\(text)</span>"
            }
            out += "\n"
        }
        return out + "</pre>"
    }

    /// Inline CSS for `style` (empty for plain text).
    static func css(_ style: CellStyle, theme: Theme = .dark) -> String {
        let look = ScreenColors.look(style.role, theme: theme)
        var parts: [String] = []
        let color = ScreenColors.rgb(style.role, theme: theme).hex
        if style.isReversed {
            parts.append("color:\(ScreenColors.background(theme).hex);background:\(color)")
        } else if look.xterm != nil {
            parts.append("color:\(color)")
        }
        if style.isBold || look.bold { parts.append("font-weight:bold") }
        if look.underline { parts.append("text-decoration:underline") }
        return parts.joined(separator: ";")
    }

    /// `text` safe inside XML text and attribute values: `& < > "` escaped, control characters
    /// (not allowed in XML 1.0) replaced by `?`.
    public static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE
                    || scalar.value == 0xFFFF {
                    out += "?"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
