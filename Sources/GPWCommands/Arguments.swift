import PairWeighting

/// A small, strict command-line reader: every flag must be claimed by the command, so a typo is
/// an error naming the flag instead of being ignored. Options are read by name and validated by
/// their one declaration in ``Options`` (range, shape limit, choices), found through the
/// command's ``CommandInfo``; reading an option the command does not declare is a programming
/// error caught by the tests.
public struct Arguments: Sendable {
    private var tokens: [String]
    private var claimed: [Bool]
    /// The command's name, for messages (`gpw weights`).
    public let command: String
    /// The command's declaration, when it has one in ``CommandTable``.
    let info: CommandInfo?

    public init(_ tokens: [String], command: String) {
        self.tokens = tokens
        self.claimed = [Bool](repeating: false, count: tokens.count)
        self.command = command
        self.info = CommandTable.command(named: command)
    }

    /// The declaration of `name` for this command (checked: a command reads only what it declares).
    private func declaration(_ name: String) -> Option? {
        guard let info else { return nil }
        let option = info.option(named: name)
        precondition(option != nil, "\(command) reads \(name), which CommandTable does not list for it")
        return option
    }

    /// The spellings of `name` (`--output` and `-o`).
    private func spellings(_ name: String) -> [String] {
        declaration(name)?.spellings ?? [name]
    }

    /// True when `--name` is present (and claims it).
    public mutating func flag(_ name: String) -> Bool {
        let names = spellings(name)
        var found = false
        for (i, t) in tokens.enumerated() where !claimed[i] && names.contains(t) {
            claimed[i] = true
            found = true
        }
        return found
    }

    /// The loss specs of every `--loss`, each one a spec or a comma list of them
    /// (`--loss ms,triplet:margin=0.1,npair` is three), in order.
    public mutating func lossSpecs() throws(CommandError) -> [String] {
        try values("--loss").flatMap(LossSpec.splitList)
    }

    /// Every value of a repeatable option, `--name VALUE` or `--name=VALUE`.
    public mutating func values(_ name: String) throws(CommandError) -> [String] {
        var out: [String] = []
        for spelling in spellings(name) { out += try rawValues(spelling) }
        return out
    }

    private mutating func rawValues(_ name: String) throws(CommandError) -> [String] {
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            defer { i += 1 }
            guard !claimed[i] else { continue }
            let t = tokens[i]
            if t == name {
                guard i + 1 < tokens.count else { throw .usage("\(name) needs a value" + placeholderHint(name)) }
                claimed[i] = true
                claimed[i + 1] = true
                out.append(tokens[i + 1])
                i += 1
            } else if t.hasPrefix(name + "=") {
                claimed[i] = true
                out.append(String(t.dropFirst(name.count + 1)))
            }
        }
        return out
    }

    private func placeholderHint(_ name: String) -> String {
        guard let option = info?.option(named: name), !option.placeholder.isEmpty else { return "" }
        return " (\(option.usage))"
    }

    /// The value of a single option; an error when it is given twice (under any spelling).
    public mutating func value(_ name: String) throws(CommandError) -> String? {
        var all: [(name: String, value: String)] = []
        for spelling in spellings(name) { all += try rawValues(spelling).map { (spelling, $0) } }
        guard all.count <= 1 else {
            let spellings = all.map(\.name).uniqued().sorted { $0.count < $1.count }
            if spellings.count > 1 {
                throw .usage("\(spellings.joined(separator: " and ")) are one option, given \(all.count) times; give it once")
            }
            throw .usage("\(spellings[0]) is given \(all.count) times; give it once")
        }
        return all.first?.value
    }

    /// The value of a single option that has several spellings (`-o`, `--output`).
    public mutating func value(anyOf names: [String]) throws(CommandError) -> String? {
        try value(names[0])
    }

    /// A number option within its declared range.
    public mutating func number(_ name: String, default fallback: Double) throws(CommandError) -> Double {
        guard let text = try value(name) else { return fallback }
        guard case .number(let range) = declaration(name)?.value else { preconditionFailure("\(name) is not a number option") }
        guard let v = Double(text) else { throw .usage("\(name) \(text): not a number; expected a number in \(formatRange(range))") }
        guard v.isFinite else { throw .usage("\(name) \(text): not a finite number; expected a number in \(formatRange(range))") }
        guard range.contains(v) else { throw .usage("\(name) \(text): out of range; expected a number in \(formatRange(range))") }
        return v
    }

    /// A whole-number option within its declared range.
    public mutating func integer(_ name: String, default fallback: Int) throws(CommandError) -> Int {
        guard let text = try value(name) else { return fallback }
        guard case .integer(let range) = declaration(name)?.value else { preconditionFailure("\(name) is not a whole-number option") }
        let expected = "expected a whole number in \(range.lowerBound)...\(range.upperBound)"
        guard let v = Int(text) else {
            let isNumber = Double(text) != nil || (text.first.map { "+-0123456789".contains($0) } ?? false) && text.dropFirst().allSatisfy(\.isNumber)
            throw .usage("\(name) \(text): \(isNumber ? "out of range" : "not a whole number"); \(expected)")
        }
        guard range.contains(v) else { throw .usage("\(name) \(text): out of range; \(expected)") }
        return v
    }

    /// An unsigned 64-bit option (a seed).
    public mutating func unsigned(_ name: String, default fallback: UInt64) throws(CommandError) -> UInt64 {
        guard let text = try value(name) else { return fallback }
        let expected = "expected a whole number in 0...\(UInt64.max)"
        guard let v = UInt64(text) else {
            let digits = !text.isEmpty && text.drop(while: { $0 == "-" || $0 == "+" }).allSatisfy(\.isNumber) && text.contains(where: \.isNumber)
            throw .usage("\(name) \(text): \(digits ? "out of range" : "not a whole number"); \(expected)")
        }
        return v
    }

    /// A `PxK` option (`--sample 4x4`, `--batch 8x5`). `P x K` is computed with an overflow
    /// check and must be at most the declared maximum, so no caller multiplies numbers that trap.
    public mutating func shape(_ name: String) throws(CommandError) -> (Int, Int)? {
        guard let text = try value(name) else { return nil }
        var maximumSamples = 100_000_000
        if case .shape(let maximum) = declaration(name)?.value { maximumSamples = maximum }
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let p = Int(parts[0]), let k = Int(parts[1]), p >= 1, k >= 1 else {
            throw .usage("\(name) \(text): expected PxK, e.g. 8x5 (P classes, K samples each)")
        }
        let (samples, overflow) = p.multipliedReportingOverflow(by: k)
        guard !overflow, samples <= maximumSamples else {
            throw .usage("\(name) \(text): \(overflow ? "more than \(Int.max)" : String(samples)) samples; at most \(maximumSamples)")
        }
        return (p, k)
    }

    /// One of the option's declared words, or an error listing them.
    public mutating func choice(_ name: String) throws(CommandError) -> String? {
        guard let text = try value(name) else { return nil }
        guard let words = declaration(name)?.choices else { return text }
        guard words.contains(text) else { throw .usage("\(name) \(text): expected one of \(words.joined(separator: ", "))") }
        return text
    }

    /// Every unclaimed word that does not start with `-` (file names), in order; claims them.
    public mutating func positionals() -> [String] {
        var out: [String] = []
        for (i, t) in tokens.enumerated() where !claimed[i] && !t.hasPrefix("-") {
            claimed[i] = true
            out.append(t)
        }
        return out
    }

    /// Fails on anything no one claimed: an unknown option gets the nearest valid one and the
    /// command's options; a stray word says the command takes none.
    public func finish() throws(CommandError) {
        guard let i = claimed.firstIndex(of: false) else { return }
        let t = tokens[i]
        let helpHint = info.map { "gpw \($0.name) --help" } ?? "gpw help"
        if t.hasPrefix("-") {
            if let info { throw .usage(Self.unknownOption(t, command: command, info: info)) }
            throw .usage("\(command): unknown option \(t); see \(helpHint)")
        }
        throw .usage("\(command): unexpected argument '\(t)'; see \(helpHint)")
    }

    /// The message for an option word `info` does not declare: the nearest spelling and the
    /// command's valid options.
    static func unknownOption(_ t: String, command: String, info: CommandInfo) -> String {
        let word = String(t.split(separator: "=", maxSplits: 1).first ?? Substring(t))
        let names = info.options.filter { !$0.hidden }.flatMap(\.spellings)
        if let option = info.option(named: word), option.value == .flag, t.contains("=") {
            return "\(command): \(word) takes no value (\(t))"
        }
        var message = "\(command): unknown option \(t)"
        if let near = nearest(word, among: names) { message += "; did you mean \(near)?" }
        message += "; valid options: " + info.options.filter { !$0.hidden }.map(\.name).joined(separator: " ")
        return message + " (see gpw \(info.name) --help)"
    }

    /// Checks every option word of `tokens` against `info` before the command reads anything,
    /// so a misspelt option is reported as such and not as a missing required one
    /// (`gpw train --setps 3` says `did you mean --steps?`, not `needs --data`). Values of
    /// options that take one are skipped, so `--lr -1` is left to the range check.
    static func checkSpellings(_ tokens: [String], command: String, info: CommandInfo) throws(CommandError) {
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            i += 1
            guard t.hasPrefix("-"), t.count > 1, t != "--", Double(t) == nil else { continue }
            let word = String(t.split(separator: "=", maxSplits: 1).first ?? Substring(t))
            guard let option = info.option(named: word) else {
                throw .usage(unknownOption(t, command: command, info: info))
            }
            if option.value == .flag {
                if t.contains("=") { throw .usage(unknownOption(t, command: command, info: info)) }
            } else if !t.contains("=") {
                i += 1
            }
        }
    }

    /// The name closest to `word` (case-insensitive edit distance at most 2, or a unique prefix), if any.
    static func nearest(_ word: String, among names: [String]) -> String? {
        let lowered = word.lowercased()
        if let exact = names.first(where: { $0.lowercased() == lowered }) { return exact }
        let prefixed = names.filter { $0.hasPrefix(lowered) && lowered.count >= 3 }
        if prefixed.count == 1 { return prefixed[0] }
        let scored = names.map { ($0, editDistance(Array(lowered), Array($0.lowercased()))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance, with a transposition counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

func formatRange(_ r: ClosedRange<Double>) -> String {
    "\(formatNumber(r.lowerBound))...\(formatNumber(r.upperBound))"
}
