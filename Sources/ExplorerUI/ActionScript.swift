import TUICore

/// Key scripts with the two things a key name cannot say: training ticks and size changes.
///
/// Words, separated by spaces, commas or newlines:
/// - a key name as in the help (`n`, `space`, `tab`, `shift-tab`, `left`, `?`, `f1`);
/// - `tick`: one tick of the clock (while running, one training step on a new batch);
/// - `resize=WxH`: the terminal became `W` columns by `H` rows;
/// - `click=X,Y`: a mouse click at column `X`, row `Y` (0-based); `wheel-up`, `wheel-down`;
/// - any of these followed by `*N` repeats it `N` times (`n*5`, `tick*40`).
///
/// The explorer logs what a person did in this form (``AppState/keyLog``); `gpw snapshot --keys`
/// replays it through the same reducer, so the screen comes out byte for byte the same.
public enum ActionScript {
    /// The most repetitions one word may ask for.
    public static let maximumRepeat = 100_000
    /// The most actions a whole script may hold (every word's repeats added up), so many words of
    /// large repeats cannot fill memory.
    public static let maximumActions = 1_000_000
    /// The largest side `resize=WxH` may give (as `gpw snapshot --size`).
    public static let maximumSide = 1000

    /// Parses a script into actions. Throws on the first word that is not a key, `tick` or
    /// `resize=WxH`, and on the word that takes the script past ``maximumActions``.
    public static func parse(_ text: String) throws(ActionScriptError) -> [Action] {
        var actions: [Action] = []
        for word in scriptWords(text) {
            var name = Substring(word), count = 1
            if let star = word.lastIndex(of: "*"), star != word.startIndex {
                let digits = word[word.index(after: star)...]
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw ActionScriptError(word: String(word), problem: .repeatNotANumber)
                }
                guard let n = Int(digits), (1...maximumRepeat).contains(n) else {
                    throw ActionScriptError(word: String(word), problem: .repeatOutOfRange)
                }
                name = word[..<star]
                count = n
            }
            let action = try action(named: String(name), word: String(word))
            guard count <= maximumActions - actions.count else {
                throw ActionScriptError(word: String(word), problem: .tooManyActions)
            }
            actions += repeatElement(action, count: count)
        }
        return actions
    }

    private static func action(named name: String, word: String) throws(ActionScriptError) -> Action {
        if name == "tick" { return .tick }
        if name.hasPrefix("resize=") {
            guard let size = Size(parsing: String(name.dropFirst("resize=".count))) else {
                throw ActionScriptError(word: word, problem: .unknownKey)
            }
            guard size.width <= maximumSide, size.height <= maximumSide else {
                throw ActionScriptError(word: word, problem: .sizeOutOfRange)
            }
            return .resized(size)
        }
        guard let key = Key(name: name) else { throw ActionScriptError(word: word, problem: .unknownKey) }
        return .keyPressed(key)
    }

    /// The word for one logged action (nil for actions a script cannot hold).
    public static func word(_ action: Action) -> String? {
        switch action {
        case .keyPressed(let key): return key.name
        case .tick: return "tick"
        case .resized(let size): return "resize=\(size)"
        case .exported, .exportFailed, .datasetLoaded, .datasetFailed, .recordingFailed: return nil
        }
    }

    /// The script for `actions`: runs of more than three equal words become `word*N`.
    public static func text(_ actions: [Action]) -> String {
        var runs: [ActionRun] = []
        for action in actions { runs.appendRun(action) }
        return text(runs)
    }

    /// The script for a run-length log.
    public static func text(_ runs: [ActionRun]) -> String {
        var words: [(String, Int)] = []
        for run in runs {
            guard let word = word(run.action) else { continue }
            if let last = words.last, last.0 == word {
                words[words.count - 1].1 += run.count
            } else {
                words.append((word, run.count))
            }
        }
        return words.flatMap { word, count in
            count > 3 ? ["\(word)*\(count)"] : Array(repeating: word, count: count)
        }.joined(separator: " ")
    }

    /// The key log of `state` as a script that, replayed from a fresh state at `state.viewSize`,
    /// gives the same screen: size changes before the first key are dropped, and when the size
    /// changed later the script starts with the size the keys began at.
    public static func reproduction(of state: AppState) -> String {
        let log = state.keyLog
        let isResize = { (run: ActionRun) -> Bool in if case .resized = run.action { return true } else { return false } }
        let firstOther = log.firstIndex { !isResize($0) } ?? log.endIndex
        var startSize = state.initialViewSize
        for run in log[..<firstOther] { if case .resized(let size) = run.action { startSize = size } }
        var rest = Array(log[firstOther...])
        if rest.contains(where: isResize), startSize != state.viewSize {
            rest.insert(ActionRun(action: .resized(startSize), count: 1), at: 0)
        }
        return text(rest)
    }

    /// Applies `actions` to `state` through the reducer, as the explorer would, without a
    /// terminal: effects are not performed (exports write nothing) and a `resize` key is ignored.
    public static func replay(_ actions: [Action], on state: inout AppState) {
        for action in actions where action != .keyPressed(.resize) {
            if state.isFinished { break }
            _ = reduce(&state, action)
        }
    }
}

/// One entry of the key log: an action and how many times in a row it happened.
public struct ActionRun: Sendable, Equatable {
    public var action: Action
    public var count: Int
    public init(action: Action, count: Int) {
        self.action = action
        self.count = count
    }
}

extension Array where Element == ActionRun {
    /// Appends `action`, extending the last run when it is the same action.
    mutating func appendRun(_ action: Action) {
        if let last = self.last, last.action == action {
            self[count - 1].count += 1
        } else {
            append(ActionRun(action: action, count: 1))
        }
    }
}

/// A script word that names no key, tick or size, or asks for too much.
public struct ActionScriptError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the word.
    public enum Problem: Sendable, Equatable {
        /// Not a key name, `tick` or `resize=WxH`.
        case unknownKey
        /// `WORD*N` with `N` not a whole number (`n*x`, `n*-1`).
        case repeatNotANumber
        /// `WORD*N` with `N` outside 1...``ActionScript/maximumRepeat``.
        case repeatOutOfRange
        /// The script would hold more than ``ActionScript/maximumActions`` actions.
        case tooManyActions
        /// `resize=WxH` with a side above ``ActionScript/maximumSide``.
        case sizeOutOfRange
    }

    public let word: String
    public let problem: Problem
    public init(word: String, problem: Problem = .unknownKey) {
        self.word = word
        self.problem = problem
    }

    public var description: String {
        let quoted = "'" + String(word.unicodeScalars.prefix(40).map { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) ? "?" : Character($0) })
            + (word.unicodeScalars.count > 40 ? "…'" : "'")
        switch problem {
        case .unknownKey: break
        case .tooManyActions:
            return "\(quoted) takes the script past \(ActionScript.maximumActions) actions in all; ask for fewer repeats"
        case .sizeOutOfRange:
            return "\(quoted): both sides must be in 1...\(ActionScript.maximumSide)"
        case .repeatNotANumber:
            return "\(quoted): the repeat after * is not a whole number; write WORD*N with N in 1...\(ActionScript.maximumRepeat)"
        case .repeatOutOfRange:
            return "\(quoted): the repeat N of WORD*N must be in 1...\(ActionScript.maximumRepeat); split a larger one (n*\(ActionScript.maximumRepeat) n*\(ActionScript.maximumRepeat)), up to \(ActionScript.maximumActions) actions in all"
        }
        let used = KeyMap.main.flatMap(\.keys).map(\.name)
        var unique: [String] = []
        for name in used where !unique.contains(name) { unique.append(name) }
        return "unknown key \(quoted). Valid: a single character or one of space, tab, shift-tab, enter, esc, "
            + "up, down, left, right, pgup, pgdn, home, end, f1-f12; tick (one clock tick: a training step "
            + "while running); resize=WxH; any of them as WORD*N to repeat. The explorer's keys: "
            + unique.joined(separator: " ")
    }
}
