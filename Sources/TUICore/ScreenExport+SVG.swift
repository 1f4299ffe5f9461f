extension ScreenExport {
    /// Geometry of the SVG picture, in pixels.
    enum SVGMetrics {
        static let fontSize = 14.0
        static let cellWidth = 8.4          // 0.6 em: a monospace advance
        static let lineHeight = 17.0
        static let margin = 16.0
        static let titleBar = 34.0
    }

    /// A terminal-window picture (as Rich's and Textual's `export_svg` make): a dark rounded
    /// window, three window buttons, the caption as the title, and every style run of the
    /// screen as a `<text>` stretched to its exact cell width. The command is the `<desc>`.
    ///
    /// Runs keep their inner spaces (column alignment) twice over: CSS `white-space: pre` for
    /// browsers, `xml:space="preserve"` for librsvg, Inkscape and the office suites, which ignore
    /// the CSS and would collapse `W_ij        vs row` to `W_ij vs row`.
    public func svg() -> String {
        typealias M = SVGMetrics
        let width = 2 * M.margin + Double(grid.width) * M.cellWidth
        let height = M.titleBar + M.margin + Double(grid.height) * M.lineHeight
        let fg = ScreenColors.foreground(grid.theme).hex, bg = ScreenColors.background(grid.theme).hex
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve" width="\(Self.px(width))" height="\(Self.px(height))" \
        viewBox="0 0 \(Self.px(width)) \(Self.px(height))">
        <title>\(Self.xmlEscaped(caption))</title>
        <desc>$ \(Self.xmlEscaped(command))</desc>
        <style>
        text { font-family: "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace; \
        font-size: \(Self.px(M.fontSize))px; white-space: pre; fill: \(fg); }
        .b { font-weight: bold; } .u { text-decoration: underline; }
        </style>
        <rect x="0" y="0" width="\(Self.px(width))" height="\(Self.px(height))" rx="8" ry="8" fill="\(bg)" stroke="#444444"/>
        <circle cx="20" cy="17" r="6" fill="#ff5f57"/>
        <circle cx="40" cy="17" r="6" fill="#febc2e"/>
        <circle cx="60" cy="17" r="6" fill="#28c840"/>
        <text x="\(Self.px(width / 2))" y="22" text-anchor="middle" style="fill:#8a8a8a">\(Self.xmlEscaped(caption))</text>
        <g transform="translate(\(Self.px(M.margin)) \(Self.px(M.titleBar)))">

        """
        for y in 0..<grid.height {
            let top = Double(y) * M.lineHeight
            for run in grid.styleRuns(row: y) {
                let x = Double(run.column) * M.cellWidth, length = Double(run.count) * M.cellWidth
                let color = ScreenColors.rgb(run.style.role, theme: grid.theme).hex
                if run.style.isReversed {
                    out += "<rect x=\"\(Self.px(x))\" y=\"\(Self.px(top))\" width=\"\(Self.px(length))\" "
                        + "height=\"\(Self.px(M.lineHeight))\" fill=\"\(color)\"/>\n"
                }
                guard run.text.unicodeScalars.contains(where: { $0 != " " }) else { continue }
                let look = ScreenColors.look(run.style.role, theme: grid.theme)
                var classes: [String] = []
                if run.style.isBold || look.bold { classes.append("b") }
                if look.underline { classes.append("u") }
                let fill = run.style.isReversed ? bg : color
                out += "<text x=\"\(Self.px(x))\" y=\"\(Self.px(top + M.fontSize - 1))\" textLength=\"\(Self.px(length))\" "
                    + "lengthAdjust=\"spacingAndGlyphs\""
                    + (classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")
                    + (fill == fg ? "" : " style=\"fill:\(fill)\"")
                    + ">\(Self.xmlEscaped(run.text))</text>\n"
            }
        }
        out += "</g>\n</svg>\n"
        return out
    }

    /// A pixel value with at most one decimal (`8.4`, `16`), no Foundation formatting.
    static func px(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
