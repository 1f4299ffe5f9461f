/// Short, deterministic number text without Foundation: `0.0625`, `-1.25`, `3.1e-05`.
enum NumberText {
    /// `value` with about `significant` significant digits; scientific below 1e-3.
    static func short(_ value: Double, significant: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-3 {
            var exponent = 0
            var mantissa = magnitude
            while mantissa < 1 { mantissa *= 10; exponent -= 1 }
            let digits = fixed(mantissa, decimals: max(0, significant - 1))
            let text = digits.hasPrefix("10") ? fixed(1, decimals: max(0, significant - 1)) + "e-\(pad(-exponent - 1))"
                : digits + "e-\(pad(-exponent))"
            return (value < 0 ? "-" : "") + text
        }
        var decimals = significant - 1
        var scale = magnitude
        while scale >= 10 && decimals > 0 { scale /= 10; decimals -= 1 }
        while scale < 1 { scale *= 10; decimals += 1 }
        return fixed(value, decimals: decimals)
    }

    /// `value` rounded to `decimals` places.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (abs(value) * factor).rounded()
        guard scaled < 9e15 else { return value.description }
        let integer = Int64(scaled)
        var digits = String(integer)
        if decimals > 0 {
            while digits.count <= decimals { digits = "0" + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (value < 0 && integer != 0 ? "-" : "") + digits
    }

    private static func pad(_ exponent: Int) -> String { exponent < 10 ? "0\(exponent)" : "\(exponent)" }
}
