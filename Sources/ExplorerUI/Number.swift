import PairWeighting
import TUICore

/// Number text for the inspector: `NumberText.short`, scientific above 1e5.
enum Number {
    static func text(_ v: Double) -> String {
        guard v.isFinite, abs(v) >= 1e5 else { return NumberText.short(v) }
        var exponent = 0, mantissa = abs(v)
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        return (v < 0 ? "-" : "") + NumberText.fixed(mantissa, decimals: 2) + "e+\(exponent)"
    }
}

extension DerivationLine {
    /// The line as the inspector shows it: every number in ``Number/text(_:)``.
    var formatted: String { text(Number.text) }
}
