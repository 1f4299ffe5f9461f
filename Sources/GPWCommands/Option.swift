/// One command-line option: its name, the value it takes, its limits and its help line. Every
/// option is declared once in ``Options``; the commands list the ones they take
/// (``CommandInfo``), and ``Arguments`` validates by the declaration, so the usage lines, the
/// help, the man page, the completions and the messages cannot drift from what is accepted.
struct Option: Sendable, Equatable {
    /// The value an option takes.
    enum Value: Sendable, Equatable {
        /// None: a flag.
        case flag
        /// Free text (a path, a spec, a script); the placeholder names it.
        case text
        /// A file path (completed as one).
        case path
        /// A directory path.
        case directory
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// An unsigned 64-bit whole number (seeds: every seed the explorer's `s` key reaches).
        case unsigned
        /// A finite number in the range.
        case number(ClosedRange<Double>)
        /// `PxK`, P classes by K samples, with at most this many samples.
        case shape(maximumSamples: Int)
        /// One of these words.
        case choice([String])
    }

    /// `--name`.
    let name: String
    /// Other spellings (`-o` for `--output`).
    var aliases: [String] = []
    let value: Value
    /// The value's name in usage lines (`N`, `FILE`, `PxK`); empty for a flag.
    let placeholder: String
    /// One line for the help, the man page and the completions.
    let help: String
    /// May be given several times (`--loss`, `--keys`).
    var repeatable = false
    /// Left out of the help and the completions (an internal switch).
    var hidden = false

    /// Every spelling, the name first.
    var spellings: [String] { [name] + aliases }

    /// `--steps N` / `--json`, as a usage line shows it.
    var usage: String { placeholder.isEmpty ? name : name + " " + placeholder }

    /// The values the completions offer, if the option has a fixed set.
    var choices: [String]? {
        if case .choice(let words) = value { return words }
        return nil
    }

    var takesValue: Bool { value != .flag }
}
