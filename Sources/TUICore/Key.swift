/// A key press, decoded. Every key has a name that ``Key/init(name:)`` reads back, so key
/// scripts (`"n n n tab ?"`) drive the same reducer a terminal does.
public enum Key: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A printable character (`" "` is named `space`).
    case character(Character)
    case up, down, left, right
    case tab, backTab
    case enter, escape, backspace
    case pageUp, pageDown, home, end
    /// `F1`…`F12`.
    case function(Int)
    /// The terminal changed size (ncurses reports it as a key).
    case resize
    /// A left-button press at column `x`, row `y` (0-based), named `click=X,Y`.
    case click(x: Int, y: Int)
    /// The mouse wheel, one notch.
    case wheelUp, wheelDown

    private static let named: [(String, Key)] = [
        ("space", .character(" ")), ("up", .up), ("down", .down), ("left", .left), ("right", .right),
        ("tab", .tab), ("shift-tab", .backTab), ("enter", .enter), ("esc", .escape),
        ("backspace", .backspace), ("pgup", .pageUp), ("pgdn", .pageDown), ("home", .home),
        ("end", .end), ("resize", .resize), ("comma", .character(",")), ("wheel-up", .wheelUp),
        ("wheel-down", .wheelDown),
    ]

    /// The largest column or row a `click=X,Y` name may carry.
    public static let maximumClickCoordinate = 9_999

    /// The key's name: `n`, `space`, `tab`, `shift-tab`, `left`, `pgdn`, `f1`, `?`.
    public var name: String {
        if let (name, _) = Key.named.first(where: { $0.1 == self }) { return name }
        switch self {
        case .character(let c): return String(c)
        case .function(let n): return "f\(n)"
        case .click(let x, let y): return "click=\(x),\(y)"
        default: return "?"  // unreachable: every other case is in `named`
        }
    }

    public var description: String { name }

    /// Reads a key name back (`n`, `space`, `shift-tab`, `pgdn`, `f1`); also accepts a few
    /// aliases (`escape`, `return`, `backtab`, `pageup`, `pagedown`). Nil for anything else.
    public init?(name: String) {
        let aliases = ["escape": "esc", "return": "enter", "backtab": "shift-tab", "btab": "shift-tab",
                       "pageup": "pgup", "pagedown": "pgdn", "ppage": "pgup", "npage": "pgdn"]
        let lowered = name.count == 1 ? name : name.lowercased()
        let canonical = aliases[lowered] ?? lowered
        if canonical.hasPrefix("click=") {
            let numbers = canonical.dropFirst("click=".count).split(separator: ",", omittingEmptySubsequences: false)
            guard numbers.count == 2, let x = Int(numbers[0]), let y = Int(numbers[1]),
                  (0...Key.maximumClickCoordinate).contains(x), (0...Key.maximumClickCoordinate).contains(y),
                  numbers.allSatisfy({ $0.allSatisfy(\.isASCII) && !$0.hasPrefix("+") })
            else { return nil }
            self = .click(x: x, y: y)
        } else if let (_, key) = Key.named.first(where: { $0.0 == canonical }) {
            self = key
        } else if canonical.count == 1, let c = canonical.first {
            self = .character(c)
        } else if canonical.hasPrefix("f"), let n = Int(canonical.dropFirst()), (1...12).contains(n) {
            self = .function(n)
        } else {
            return nil
        }
    }

    /// Parses a whitespace-separated key script: `"n n n tab ?"`. Throws the first unknown name.
    public static func script(_ text: String) throws(KeyScriptError) -> [Key] {
        var keys: [Key] = []
        for word in scriptWords(text) {
            guard let key = Key(name: String(word)) else { throw KeyScriptError(word: String(word)) }
            keys.append(key)
        }
        return keys
    }
}

/// The words of a key script: separated by spaces, tabs, newlines or commas, except that a
/// `click=X,Y` word keeps its comma.
public func scriptWords(_ text: String) -> [Substring] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).flatMap { word -> [Substring] in
        word.hasPrefix("click=") ? [word] : word.split(separator: ",")
    }
}

/// A word in a key script that names no key.
public struct KeyScriptError: Error, Equatable, Sendable, CustomStringConvertible {
    public let word: String
    public init(word: String) { self.word = word }
    public var description: String {
        "unknown key '\(word)'; use a character or one of space, tab, shift-tab, enter, esc, up, down, left, right, pgup, pgdn, home, end, f1-f12"
    }
}
