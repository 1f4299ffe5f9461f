/// The glyphs the panels draw with: Unicode blocks and shades, or plain ASCII.
///
/// Magnitude is readable from the glyph alone (4 levels of the panel's max |w|), and positive
/// and negative pairs use different families, so colour is only redundant on top.
public struct GlyphSet: Sendable, Equatable {
    /// Positive pairs (pulled together), levels 1...4.
    public var positive: [Unicode.Scalar]
    /// Negative pairs (pushed apart), levels 1...4.
    public var negative: [Unicode.Scalar]
    /// A pair the loss considered but gave zero weight.
    public var inactive: Unicode.Scalar
    /// The diagonal (self pairs).
    public var selfPair: Unicode.Scalar
    /// The training-loss marker in a panel title.
    public var focus: Unicode.Scalar
    /// Separator between header fields.
    public var separator: Unicode.Scalar

    /// Shades for positives, bar heights for negatives.
    public static let unicode = GlyphSet(positive: ["░", "▒", "▓", "█"], negative: ["▁", "▃", "▅", "▇"],
                                         inactive: "·", selfPair: "╲", focus: "▶", separator: "│")
    /// Round letters for positives, line-like marks for negatives.
    public static let ascii = GlyphSet(positive: [":", "o", "O", "@"], negative: ["-", "=", "*", "#"],
                                       inactive: ".", selfPair: "\\", focus: ">", separator: "|")

    /// The glyphs of a family as text (`░▒▓█`), for legends.
    static func ramp(_ glyphs: [Unicode.Scalar]) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: glyphs)
        return String(s)
    }

    /// The level `1...4` of `magnitude` against the panel's `maximum` (any non-zero weight is at
    /// least 1, so a tiny active weight is never drawn as blank).
    static func level(_ magnitude: Double, of maximum: Double) -> Int {
        guard maximum > 0, magnitude > 0 else { return 1 }
        return min(4, max(1, Int((4 * magnitude / maximum).rounded(.up))))
    }
}
