/// `head` followed by `text`, wrapped at spaces to `width` columns with every continuation line
/// indented by `indent` spaces; a word longer than a line stays whole. For catalogue text
/// (equations, parameter summaries) that must fit a projector's 80 columns.
func hangingWrap(_ head: String, _ text: String, indent: Int, width: Int = 80) -> [String] {
    let pad = String(repeating: " ", count: indent)
    var lines: [String] = [], line = head
    var empty = true                       // nothing after the head (or the indent) yet
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
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
