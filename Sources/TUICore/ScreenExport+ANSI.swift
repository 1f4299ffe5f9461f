extension ScreenExport {
    /// Text with SGR escapes (xterm-256 foregrounds, bold, underline, reverse): `cat` shows the
    /// coloured screen. Removing every `ESC [ ... m` gives ``plainText()`` exactly.
    public func ansi() -> String {
        var out = "$ " + command + "\n"
        for y in 0..<grid.height {
            out += Self.ansiRow(grid, y) + "\n"
        }
        return out
    }

    /// Row `y` of `grid` (trimmed as in `text()`) with SGR escapes, every styled run reset after it.
    static func ansiRow(_ grid: CellGrid, _ y: Int) -> String {
        var out = ""
        for run in grid.styleRuns(row: y) {
            let sgr = Self.sgr(run.style, theme: grid.theme)
            if sgr.isEmpty {
                out += run.text
            } else {
                out += "\u{1B}[" + sgr + "m" + run.text + "\u{1B}[0m"
            }
        }
        return out
    }

    /// The SGR parameters for `style` (empty for plain text).
    static func sgr(_ style: CellStyle, theme: Theme = .dark) -> String {
        let look = ScreenColors.look(style.role, theme: theme)
        var parts: [String] = []
        if style.isBold || look.bold { parts.append("1") }
        if look.underline { parts.append("4") }
        if style.isReversed { parts.append("7") }
        if let index = look.xterm { parts.append("38;5;\(index)") }
        return parts.joined(separator: ";")
    }

    /// `text` without SGR escapes (`ESC [ digits/semicolons m`).
    public static func strippingSGR(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let c = scalars.first {
            scalars.removeFirst()
            if c == "\u{1B}", scalars.first == "[" {
                var rest = scalars.dropFirst()
                while let d = rest.first, d == ";" || ("0"..."9").contains(d) { rest.removeFirst() }
                if rest.first == "m" {
                    scalars = rest.dropFirst()
                    continue
                }
            }
            out.append(c)
        }
        return String(out)
    }
}
