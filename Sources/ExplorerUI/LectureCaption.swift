import TUICore

/// The commentary of the demo block on screen (`gpw demo --play`): the lecture's words beside
/// the live explorer. Set by the player, drawn in the view area, scrolled with pgdn / pgup.
public struct LectureCaption: Sendable, Equatable {
    /// The demo's name (`02-mining.md`).
    public var demo: String
    /// The block shown (0-based) and how many there are.
    public var block: Int
    public var blockCount: Int
    /// The block's prose, as written (Markdown).
    public var text: String
    /// The first wrapped line shown.
    public var offset = 0

    public init(demo: String, block: Int, blockCount: Int, text: String) {
        self.demo = demo
        self.block = block
        self.blockCount = blockCount
        self.text = text
    }

    /// The title line: where the lecture is and how to move on.
    var title: String { "\(demo) \(block + 1)/\(blockCount)  → next  ← back" }

    /// The prose wrapped to `width`: paragraphs apart, list items on lines of their own (their
    /// continuation indented), fences and headings' marks dropped.
    public func lines(width: Int) -> [String] {
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false)
            .split(whereSeparator: { $0.trimmingSpaces.isEmpty }) {
            var items: [String] = []
            for line in paragraph.map({ String($0.trimmingSpaces) }) where !line.hasPrefix("```") {
                let isItem = line.hasPrefix("- ") || line.hasPrefix("* ") || line.first?.isNumber == true && line.contains(". ")
                if isItem || items.isEmpty { items.append(line) } else { items[items.count - 1] += " " + line }
            }
            guard !items.isEmpty else { continue }
            if !out.isEmpty { out.append("") }
            for item in items {
                let plain = item.hasPrefix("#") ? String(item.drop { $0 == "#" || $0 == " " }) : item
                let isItem = plain.hasPrefix("- ") || plain.hasPrefix("* ")
                let wrapped = wrap(isItem ? String(plain.dropFirst(2)) : plain, width: width - (isItem ? 2 : 0))
                out += wrapped.enumerated().map { isItem ? ($0.offset == 0 ? "- " : "  ") + $0.element : $0.element }
            }
        }
        return out
    }
}

private extension Substring {
    var trimmingSpaces: Substring { drop { $0 == " " || $0 == "\t" } }
}

/// Draws the caption at the top of `rect` (all of it, or `maximumRows` when a view shares the
/// area); returns the rows used.
func drawCaption(_ caption: LectureCaption, in rect: Rect, maximumRows: Int, into grid: inout CellGrid) -> Int {
    guard rect.height >= 2, rect.width >= 10 else { return 0 }
    grid.put(Text.fit(caption.title, width: rect.width), x: rect.x, y: rect.y, style: CellStyle(.title, bold: true))
    let lines = caption.lines(width: rect.width)
    let room = max(1, min(maximumRows, rect.height) - 1)
    let offset = min(caption.offset, max(0, lines.count - room))
    let shown = Array(lines.dropFirst(offset).prefix(room))
    for (row, line) in shown.enumerated() {
        grid.put(line, x: rect.x, y: rect.y + 1 + row, style: CellStyle(.normal))
    }
    if offset + room < lines.count, let last = shown.indices.last {
        let more = "(pgdn: \(lines.count - offset - room) more lines)"
        grid.put(Text.rightAligned(more, width: min(rect.width, Text.width(more))), x: rect.x + rect.width - min(rect.width, Text.width(more)),
                 y: rect.y + 1 + last, style: CellStyle(.dim))
    }
    return 1 + shown.count
}
