/// A colour as 8-bit red, green, blue.
public struct RGB: Sendable, Equatable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb`.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for byte in [red, green, blue] {
            s.append(digits[Int(byte >> 4)])
            s.append(digits[Int(byte & 15)])
        }
        return s
    }

    /// The xterm-256 palette entry `index` (0...255) as RGB: the 16 system colours (xterm's
    /// defaults), the 6x6x6 cube (16...231) and the grey ramp (232...255).
    public static func xterm(_ index: Int) -> RGB {
        let system: [RGB] = [
            RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
            RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
            RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
            RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
        ]
        let i = min(255, max(0, index))
        if i < 16 { return system[i] }
        if i >= 232 {
            let level = UInt8(8 + 10 * (i - 232))
            return RGB(level, level, level)
        }
        let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
        let cube = i - 16
        return RGB(steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
    }
}

/// How a style role looks in a 256-colour terminal and in exported files: the one table of
/// role colours. The ncurses driver's 256-colour palette uses the same indices (a test holds
/// them together); exports turn them into RGB with ``RGB/xterm(_:)``.
public struct RoleLook: Sendable, Equatable {
    /// The xterm-256 foreground index; nil is the terminal's default foreground.
    public var xterm: Int?
    public var bold: Bool
    public var underline: Bool

    public init(xterm: Int?, bold: Bool = false, underline: Bool = false) {
        self.xterm = xterm
        self.bold = bold
        self.underline = underline
    }
}

/// The colour schemes: dark (light text on a dark window, the default), light (dark text on
/// white: projectors in lit rooms, printed handouts) and mono (no colour at all: attributes on
/// screen, black on white in exports). Glyphs carry every meaning, so mono loses nothing.
public enum Theme: String, Sendable, Equatable, CaseIterable {
    case dark, light, mono

    /// The theme after this one (`T` cycles).
    public var next: Theme { Theme.allCases[(Theme.allCases.firstIndex(of: self)! + 1) % Theme.allCases.count] }
}

/// The one table of role colours, per theme: the ncurses driver's 256-colour palette and every
/// export read it (exports turn the xterm indices into RGB with ``RGB/xterm(_:)``).
public enum ScreenColors {
    /// Positive pairs: blues, levels 1...4 (colour-blind safe against the oranges), per theme.
    public static func positiveRamp(_ theme: Theme = .dark) -> [Int] { theme == .light ? [110, 68, 25, 18] : [67, 74, 39, 45] }
    /// Negative pairs: oranges, levels 1...4.
    public static func negativeRamp(_ theme: Theme = .dark) -> [Int] { theme == .light ? [180, 172, 166, 130] : [137, 173, 208, 214] }
    /// The default foreground and background of an exported screen.
    public static func foreground(_ theme: Theme = .dark) -> RGB { theme == .dark ? RGB(208, 208, 208) : RGB(24, 24, 24) }
    public static func background(_ theme: Theme = .dark) -> RGB { theme == .dark ? RGB(28, 28, 28) : RGB(255, 255, 255) }

    /// The look of `role` at 256 colours in `theme` (mono: attributes only).
    public static func look(_ role: StyleRole, theme: Theme = .dark) -> RoleLook {
        switch theme {
        case .mono:
            switch role {
            case .title, .key, .warning: return RoleLook(xterm: nil, bold: true)
            case .focused: return RoleLook(xterm: nil, bold: true, underline: true)
            case .positive(let level), .negative(let level): return RoleLook(xterm: nil, bold: level >= 4)
            case .normal, .dim, .structure: return RoleLook(xterm: nil)
            }
        case .dark, .light:
            let light = theme == .light
            switch role {
            case .normal: return RoleLook(xterm: nil)
            case .dim: return RoleLook(xterm: light ? 242 : 244)
            case .structure: return RoleLook(xterm: light ? 248 : 240)
            case .title: return RoleLook(xterm: nil, bold: true)
            case .key: return RoleLook(xterm: light ? 25 : 117, bold: true)
            case .focused: return RoleLook(xterm: light ? 130 : 220, bold: true, underline: true)
            case .warning: return RoleLook(xterm: light ? 160 : 203, bold: true)
            case .positive(let level): return RoleLook(xterm: positiveRamp(theme)[min(3, max(0, level - 1))])
            case .negative(let level): return RoleLook(xterm: negativeRamp(theme)[min(3, max(0, level - 1))])
            }
        }
    }

    /// The RGB foreground of `role` (the default foreground when the role has none).
    public static func rgb(_ role: StyleRole, theme: Theme = .dark) -> RGB {
        look(role, theme: theme).xterm.map(RGB.xterm) ?? foreground(theme)
    }
}
