/// A demo: Markdown prose with ```` ```gpw-snapshot ```` blocks, each holding the arguments of
/// one `gpw snapshot` (explorer options, `--size`, `--keys`). `gpw demo` keeps the prose and
/// replaces every block by the screen it describes.
struct DemoScript {
    /// A piece of the demo, in order.
    enum Part: Equatable {
        /// Markdown copied as it is (with its line breaks).
        case prose(String)
        /// The words of a snapshot block and the line its fence opened on (1-based).
        case snapshot(arguments: [String], line: Int)
    }

    /// The fence's info string that marks a snapshot block.
    static let blockTag = "gpw-snapshot"

    var parts: [Part]

    /// A problem in a demo file, with its line.
    struct Problem: Error, Equatable, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// Splits `text` into prose and snapshot blocks. Inside a block, lines starting with `#` are
    /// comments and the rest is read as shell words (quotes as in a shell, no expansions).
    init(parsing text: String) throws(Problem) {
        parts = []
        var prose: [Substring] = []
        var block: [Substring]?
        var blockLine = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            if var open = block {
                if trimmed.hasPrefix("```") && trimmed.drop(while: { $0 == "`" }).allSatisfy({ $0 == " " }) {
                    let words = try Self.words(open.filter { !$0.drop { $0 == " " }.hasPrefix("#") }.joined(separator: " "),
                                               line: blockLine)
                    parts.append(.snapshot(arguments: words, line: blockLine))
                    block = nil
                } else {
                    open.append(line)
                    block = open
                }
            } else if trimmed.hasPrefix("```") && trimmed.drop(while: { $0 == "`" }).split(separator: " ").first.map(String.init) == Self.blockTag {
                if !prose.isEmpty { parts.append(.prose(prose.joined(separator: "\n"))) }
                prose = []
                block = []
                blockLine = index + 1
            } else {
                prose.append(line)
            }
        }
        if block != nil { throw Problem(line: blockLine, message: "the \(Self.blockTag) block is never closed (```)") }
        if !prose.isEmpty { parts.append(.prose(prose.joined(separator: "\n"))) }
        guard parts.contains(where: { if case .snapshot = $0 { return true } else { return false } }) else {
            throw Problem(line: 1, message: "no ```\(Self.blockTag) block: nothing to show")
        }
    }

    /// Shell-like words: spaces separate, '…' and "…" quote, a backslash escapes outside '…'.
    static func words(_ text: String, line: Int) throws(Problem) -> [String] {
        var words: [String] = []
        var current = "", inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                current.append(c)
                escaped = false
            } else if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"" { escaped = true } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == "\\" {
                escaped = true
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if quote != nil { throw Problem(line: line, message: "unbalanced quote in the \(blockTag) block") }
        if inWord { words.append(current) }
        return words
    }
}
