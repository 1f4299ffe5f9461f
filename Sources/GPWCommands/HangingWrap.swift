/// `head` followed by `words` (each kept whole), wrapped to `width` columns with every
/// continuation line indented by `indent` spaces; a word longer than a line stands alone on its
/// line. The one word wrapper of the command line: usage lines, option help and catalogue text
/// (equations, parameter summaries) that must fit a projector's 80 columns.
func hangingWrap(_ head: String, words: [String], indent: Int, width: Int = 80) -> [String] {
    let pad = String(repeating: " ", count: indent)
    var lines: [String] = [], line = head
    var empty = true                       // nothing after the head (or the indent) yet
    for word in words {
        if !empty && line.count + 1 + word.count > width {
            lines.append(line)
            line = pad + word
        } else {
            line += (empty ? "" : " ") + word
        }
        empty = false
    }
    return lines + [line]
}

/// ``hangingWrap(_:words:indent:width:)`` of `text`'s space-separated words.
func hangingWrap(_ head: String, _ text: String, indent: Int, width: Int = 80) -> [String] {
    hangingWrap(head, words: text.split(separator: " ").map(String.init), indent: indent, width: width)
}
