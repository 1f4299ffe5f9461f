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
    /// A weight below the lowest level (under 1 % of the panel's max, or 1e-4 of it on the log
    /// scale): not zero, but too small to matter.
    public var nearZero: Unicode.Scalar
    /// Marks the cursor's column above the matrix (the row has `>`).
    public var columnCursor: Unicode.Scalar
    /// The diagonal (self pairs).
    public var selfPair: Unicode.Scalar
    /// The training-loss marker in a panel title.
    public var focus: Unicode.Scalar
    /// Separator between header fields.
    public var separator: Unicode.Scalar

    /// Shades for positives, bar heights for negatives.
    public static let unicode = GlyphSet(positive: ["░", "▒", "▓", "█"], negative: ["▁", "▃", "▅", "▇"],
                                         inactive: "·", nearZero: "◦", columnCursor: "▼",
                                         selfPair: "╲", focus: "▶", separator: "│")
    /// Round letters for positives, line-like marks for negatives.
    public static let ascii = GlyphSet(positive: [":", "o", "O", "@"], negative: ["-", "=", "*", "#"],
                                       inactive: ".", nearZero: ",", columnCursor: "v",
                                       selfPair: "\\", focus: ">", separator: "|")

    /// The glyphs of a family as text (`░▒▓█`), for legends.
    static func ramp(_ glyphs: [Unicode.Scalar]) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: glyphs)
        return String(s)
    }

    /// Below this share of the panel's max a weight gets the near-zero mark (linear scale).
    public static let nearZeroShare = 0.01
    /// Decades the log scale shows below the max: levels 4...1 are [max/10, max], [max/100, max/10), ...
    public static let logDecades = 4

    /// The level `1...4` of `magnitude` against the panel's `maximum`, or 0 for the near-zero mark
    /// (a non-zero weight is never drawn blank, and a negligible one never looks like a real one).
    /// Linear: quarters of the max, near zero below 1 %. Log: one level per decade below the max,
    /// near zero below `max / 10^4`.
    public static func level(_ magnitude: Double, of maximum: Double, logScale: Bool = false) -> Int {
        guard maximum > 0, magnitude > 0 else { return 0 }
        let share = magnitude / maximum
        if logScale {
            var bound = 0.1
            for level in stride(from: 4, through: 1, by: -1) {
                if share >= bound { return level }
                bound /= 10
            }
            return 0
        }
        guard share >= nearZeroShare else { return 0 }
        return min(4, max(1, Int((4 * share).rounded(.up))))
    }
}
