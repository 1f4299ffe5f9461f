import PairWeighting

/// A small, strict command-line reader: every flag must be claimed by the command, so a typo is
/// an error naming the flag instead of being ignored.
public struct Arguments: Sendable {
    private var tokens: [String]
    private var claimed: [Bool]
    /// The command's name, for messages (`gpw weights`).
    public let command: String

    public init(_ tokens: [String], command: String) {
        self.tokens = tokens
        self.claimed = [Bool](repeating: false, count: tokens.count)
        self.command = command
    }

    /// True when `--name` is present (and claims it).
    public mutating func flag(_ name: String) -> Bool {
        var found = false
        for (i, t) in tokens.enumerated() where !claimed[i] && t == name {
            claimed[i] = true
            found = true
        }
        return found
    }

    /// Every value of a repeatable option, `--name VALUE` or `--name=VALUE`.
    public mutating func values(_ name: String) throws(CommandError) -> [String] {
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            defer { i += 1 }
            guard !claimed[i] else { continue }
            let t = tokens[i]
            if t == name {
                guard i + 1 < tokens.count else { throw .usage("\(name) needs a value") }
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

    /// The value of a single option; an error when it is given twice.
    public mutating func value(_ name: String) throws(CommandError) -> String? {
        let all = try values(name)
        guard all.count <= 1 else { throw .usage("\(name) is given \(all.count) times; give it once") }
        return all.first
    }

    /// The value of a single option that has several spellings (`-o`, `--output`); an error
    /// when it is given more than once, under any of them.
    public mutating func value(anyOf names: [String]) throws(CommandError) -> String? {
        var all: [(name: String, value: String)] = []
        for name in names { all += try values(name).map { (name, $0) } }
        guard all.count <= 1 else {
            let given = all.map(\.name).uniqued().joined(separator: " and ")
            throw .usage("\(given): the option is given \(all.count) times; give it once")
        }
        return all.first?.value
    }

    /// A number option within `range`.
    public mutating func number(_ name: String, default fallback: Double, range: ClosedRange<Double>) throws(CommandError) -> Double {
        guard let text = try value(name) else { return fallback }
        guard let v = Double(text), v.isFinite, range.contains(v) else {
            throw .usage("\(name) \(text): expected a number in \(formatRange(range))")
        }
        return v
    }

    /// A whole-number option within `range`.
    public mutating func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(CommandError) -> Int {
        guard let text = try value(name) else { return fallback }
        guard let v = Int(text), range.contains(v) else {
            throw .usage("\(name) \(text): expected a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    /// A `PxK` option (`--sample 4x4`, `--batch 8x5`). `P x K` is computed with an overflow
    /// check and must be at most `maximumSamples`, so no caller multiplies numbers that trap.
    public mutating func shape(_ name: String, maximumSamples: Int = 100_000_000) throws(CommandError) -> (Int, Int)? {
        guard let text = try value(name) else { return nil }
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

    /// Every unclaimed word that does not start with `-` (file names), in order; claims them.
    public mutating func positionals() -> [String] {
        var out: [String] = []
        for (i, t) in tokens.enumerated() where !claimed[i] && !t.hasPrefix("-") {
            claimed[i] = true
            out.append(t)
        }
        return out
    }

    /// Fails on anything no one claimed.
    public func finish() throws(CommandError) {
        if let i = claimed.firstIndex(of: false) {
            let t = tokens[i]
            if t.hasPrefix("-") { throw .usage("\(command): unknown option \(t); see 'gpw help'") }
            throw .usage("\(command): unexpected argument '\(t)'; see 'gpw help'")
        }
    }
}

func formatRange(_ r: ClosedRange<Double>) -> String {
    "\(formatNumber(r.lowerBound))...\(formatNumber(r.upperBound))"
}
