/// A command as the help, the man page and the completions describe it, and as ``Arguments``
/// validates it: its forms (each a list of options from ``Options``), a summary and a
/// paragraph. ``CommandTable`` holds them all.
struct CommandInfo: Sendable {
    /// One way of calling the command (`gpw demo --play DEMO ...`).
    struct Form: Sendable {
        /// Options the form needs.
        var required: [Option] = []
        /// Options it may take.
        var optional: [Option] = []
        /// The positional words, as usage shows them (`DEMO...`), or empty.
        var positional = ""
    }

    /// `weights`.
    let name: String
    /// One line: what it does.
    let summary: String
    let forms: [Form]
    /// What the help says after the usage (plain text, wrapped by hand at 78 columns).
    let details: String

    /// Every option any form takes, each once, in the order the forms list them; `--help` last.
    var options: [Option] {
        var seen = Set<String>(), out: [Option] = []
        for option in forms.flatMap({ $0.required + $0.optional }) + [Options.help] where seen.insert(option.name).inserted {
            out.append(option)
        }
        return out
    }

    /// The declaration `spelling` names (`-o` finds `--output`), if this command takes it.
    func option(named spelling: String) -> Option? {
        options.first { $0.spellings.contains(spelling) }
    }

    /// The usage lines: `gpw NAME required [optional]... POSITIONAL`, wrapped at `width`.
    func usageLines(width: Int = 78) -> [String] {
        forms.flatMap { form -> [String] in
            let words = form.required.map(\.usage)
                + form.optional.filter { !$0.hidden }.map { "[" + $0.usage + ($0.repeatable ? " ..." : "") + "]" }
                + (form.positional.isEmpty ? [] : [form.positional])
            return wrap(words, first: "gpw \(name)", width: width)
        }
    }

    /// `words` after `first`, wrapped at `width` with continuation lines indented under the first word.
    private func wrap(_ words: [String], first: String, width: Int) -> [String] {
        words.isEmpty ? [first] : hangingWrap(first + " ", words: words, indent: first.count + 1, width: width)
    }

    /// `gpw NAME --help`: usage, summary, every option with its help line, and the details.
    var helpText: String {
        var out = "usage: " + usageLines(width: 78 - 7).joined(separator: "\n       ") + "\n\n" + Self.fold(summary, width: 78) + "\n"
        let shown = options.filter { !$0.hidden }
        if !shown.isEmpty {
            out += "\noptions:\n"
            let width = min(26, shown.map { optionColumn($0).count }.max() ?? 0)
            for option in shown {
                let left = optionColumn(option)
                let indent = String(repeating: " ", count: width + 4)
                let words = (option.help + Self.limits(option)).split(separator: " ").map(String.init)
                var lines = wrap(words, first: "", width: 78 - width - 4).map { $0.trimmingLeadingSpaces }
                if left.count > width { lines.insert("", at: 0) }
                let head = "  " + left + String(repeating: " ", count: max(0, width - left.count)) + "  "
                out += head + (lines.first ?? "") + "\n"
                for line in lines.dropFirst() { out += indent + line + "\n" }
            }
        }
        if !details.isEmpty { out += "\n" + Self.fold(details, width: 78) + "\n" }
        return out
    }

    /// `text` with every line longer than `width` folded at spaces, continuation lines keeping
    /// the line's indentation (short lines, lists and examples are left as written).
    static func fold(_ text: String, width: Int) -> String {
        // A paragraph of unindented lines is one text, reflowed; indented lines stay lines.
        let paragraphs = text.components(separatedBy: "\n\n").map { paragraph -> String in
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.allSatisfy { !$0.hasPrefix(" ") } ? lines.joined(separator: " ") : paragraph
        }
        return paragraphs.joined(separator: "\n\n").split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > width else { return String(line) }
            let indent = String(line.prefix(while: { $0 == " " }))
            var lines: [String] = [], current = ""
            for word in line.dropFirst(indent.count).split(separator: " ") {
                if !current.isEmpty && indent.count + current.count + 1 + word.count > width {
                    lines.append(indent + current)
                    current = String(word)
                } else {
                    current += (current.isEmpty ? "" : " ") + word
                }
            }
            return (lines + [indent + current]).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    fileprivate func optionColumn(_ option: Option) -> String {
        (option.aliases.map { $0 + ", " }.joined()) + option.usage
    }

    /// ` (0...10000000)` for a bounded number, ` (one of a, b)` for a choice not already in the help.
    static func limits(_ option: Option) -> String {
        switch option.value {
        case .integer(let r): return " (\(r.lowerBound)...\(r.upperBound))"
        case .number(let r): return " (\(formatRange(r)))"
        case .unsigned: return " (0...\(UInt64.max))"
        case .shape(let maximum): return " (P, K >= 1, at most \(maximum) samples)"
        case .flag, .text, .path, .directory, .choice: return ""
        }
    }
}

private extension String {
    var trimmingLeadingSpaces: String { String(drop(while: { $0 == " " })) }
}
