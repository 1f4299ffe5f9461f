import TUICore

/// How many colours the terminal may use.
public enum ColorTier: Sendable, Equatable {
    /// xterm-256 palette indices.
    case colors256
    /// The 8 base colours; high levels add bold.
    case colors8
    /// Attributes only (NO_COLOR, `--no-color`, a monochrome terminal).
    case none
}

/// Text attributes a palette may ask for.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let reverse = TextAttributes(rawValue: 4)
    public static let underline = TextAttributes(rawValue: 8)
}

/// One role's look: a foreground colour (nil = the terminal's default) and attributes.
public struct PaletteEntry: Sendable, Equatable {
    public var foreground: Int16?
    public var attributes: TextAttributes
}

/// Maps style roles to colours per tier. Positive pairs are blue, negative pairs orange (a
/// colour-blind-safe pair); the glyphs already carry the data, so `.none` loses nothing.
public enum Palette {
    /// The look of `role` on a terminal of `tier`.
    public static func entry(_ role: StyleRole, tier: ColorTier, theme: Theme = .dark) -> PaletteEntry {
        switch theme == .mono ? .none : tier {
        case .none:
            switch role {
            case .title, .key, .warning: return PaletteEntry(foreground: nil, attributes: .bold)
            case .focused: return PaletteEntry(foreground: nil, attributes: [.bold, .underline])
            case .dim, .structure: return PaletteEntry(foreground: nil, attributes: .dim)
            case .positive(let level), .negative(let level):
                return PaletteEntry(foreground: nil, attributes: level >= 4 ? .bold : [])
            case .normal: return PaletteEntry(foreground: nil, attributes: [])
            }
        case .colors8:
            // ncurses colour numbers: 1 red, 3 yellow, 4 blue, 6 cyan.
            switch role {
            case .normal: return PaletteEntry(foreground: nil, attributes: [])
            case .dim, .structure: return PaletteEntry(foreground: nil, attributes: .dim)
            case .title, .key: return PaletteEntry(foreground: nil, attributes: .bold)
            case .focused: return PaletteEntry(foreground: 3, attributes: [.bold, .underline])
            case .warning: return PaletteEntry(foreground: 1, attributes: .bold)
            case .positive(let level): return PaletteEntry(foreground: 6, attributes: level >= 3 ? .bold : [])
            case .negative(let level): return PaletteEntry(foreground: 3, attributes: level >= 3 ? .bold : [])
            }
        case .colors256:
            // The exports' table, so a screen and its export look alike.
            let look = ScreenColors.look(role, theme: theme)
            var attributes: TextAttributes = []
            if look.bold { attributes.insert(.bold) }
            if look.underline { attributes.insert(.underline) }
            return PaletteEntry(foreground: look.xterm.map(Int16.init), attributes: attributes)
        }
    }
}
