/// Why a loss gives one pair its weight: lines of words and numbers, and the weight they add up to.
///
/// The engine computes every number; the explorer only formats them (``DerivationPiece/value(_:)``
/// in its short numeric form), so no loss mathematics lives in the UI.
public struct PairDerivation: Sendable, Equatable {
    /// Each line one sentence or one equation.
    public var lines: [DerivationLine]
    /// The signed weight `W_ij` recomputed from the formula's numbers.
    public var weight: Double

    public init(_ lines: [DerivationLine], weight: Double) {
        self.lines = lines
        self.weight = weight
    }
}

/// One piece of a derivation line.
public enum DerivationPiece: Sendable, Equatable {
    /// Words and symbols, shown as they are (parameters are written here as specs write them).
    case text(String)
    /// A computed quantity, which the UI shows in its short numeric form.
    case value(Double)
}

/// One line of a derivation, written with string interpolation: `"= \(value: w)"` marks a
/// computed number; any other interpolation is text.
public struct DerivationLine: Sendable, Equatable, ExpressibleByStringInterpolation {
    public var pieces: [DerivationPiece]

    public init(pieces: [DerivationPiece]) { self.pieces = pieces }
    public init(_ text: String) { pieces = [.text(text)] }
    public init(stringLiteral value: String) { pieces = [.text(value)] }
    public init(stringInterpolation: Interpolation) { pieces = stringInterpolation.pieces }

    /// The line with every number formatted by `format`.
    public func text(_ format: (Double) -> String) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): return text
            case .value(let v): return format(v)
            }
        }.joined()
    }

    /// Joins two lines.
    public static func + (a: DerivationLine, b: DerivationLine) -> DerivationLine {
        DerivationLine(pieces: a.pieces + b.pieces)
    }

    public struct Interpolation: StringInterpolationProtocol {
        var pieces: [DerivationPiece] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { pieces.append(.text(literal)) } }
        /// A computed number.
        public mutating func appendInterpolation(value: Double) { pieces.append(.value(value)) }
        /// Text (a name, a count, a parameter already formatted).
        public mutating func appendInterpolation(_ text: some CustomStringConvertible) { pieces.append(.text(text.description)) }
    }
}
