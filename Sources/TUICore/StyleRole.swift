/// What a cell means, not how it looks: panels write roles, and each terminal driver maps them to
/// colours and attributes for its capability tier (256 colours, 8 colours, none).
///
/// The glyph always carries the information; the role only adds colour on top.
public enum StyleRole: Sendable, Equatable, Hashable {
    /// Plain text.
    case normal
    /// Secondary text: legends, axis labels, inactive pairs.
    case dim
    /// A title or header field name.
    case title
    /// The focused loss's title.
    case focused
    /// A key name in the footer or the help.
    case key
    /// A warning or an error message.
    case warning
    /// The diagonal (self pairs) and other structural glyphs.
    case structure
    /// A cell of a positive pair, magnitude level `1...4`.
    case positive(Int)
    /// A cell of a negative pair, magnitude level `1...4`.
    case negative(Int)

    /// Every role, for drivers that set up one colour pair per role.
    public static let all: [StyleRole] =
        [.normal, .dim, .title, .focused, .key, .warning, .structure]
        + (1...4).map { .positive($0) } + (1...4).map { .negative($0) }
}

/// A role plus the one attribute that must survive without colour: reverse video (the cursor).
public struct CellStyle: Sendable, Equatable, Hashable {
    public var role: StyleRole
    /// Drawn in reverse video (the pair cursor, the help frame's title).
    public var isReversed: Bool
    /// Drawn bold.
    public var isBold: Bool

    public init(_ role: StyleRole = .normal, reversed: Bool = false, bold: Bool = false) {
        self.role = role
        self.isReversed = reversed
        self.isBold = bold
    }

    /// Plain text.
    public static let normal = CellStyle()
}
