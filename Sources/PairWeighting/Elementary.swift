/// `exp`, `log` and friends in plain Swift, so the engine imports nothing (the standard library
/// has no elementary functions; Foundation and libm would be the only other sources).
///
/// Both use the textbook reductions: `exp` writes `x = k ln 2 + r` with `|r| ≤ ln 2 / 2` and
/// sums the Taylor series of `e^r`; `log` writes `x = m 2^e` with `m ∈ [√½, √2)` and sums the
/// series of `2 atanh((m − 1)/(m + 1))`. Tests compare them with the C library to a few ulps.
public enum Elementary {
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let log2e = 1.44269504088896338700e+00

    /// `e^x`. Overflows to `+∞` above 709.78, underflows to 0 below −745.1.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        let k = (x * log2e).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo          // |r| ≤ 0.3466
        // Taylor series of e^r to r^13 / 13!: truncation error < 3e-18 relative.
        var term = 1.0, sum = 1.0
        var n = 1.0
        while n <= 13 {
            term *= r / n
            sum += term
            n += 1
        }
        return scale(sum, byPowerOfTwo: Int(k))
    }

    /// `v · 2^k` without overflow in the intermediate power (for `k` down to the subnormals).
    @inlinable
    static func scale(_ v: Double, byPowerOfTwo k: Int) -> Double {
        if k > 1000 { return v * Double(sign: .plus, exponent: 1000, significand: 1) * Double(sign: .plus, exponent: k - 1000, significand: 1) }
        if k < -1000 { return v * Double(sign: .plus, exponent: -1000, significand: 1) * Double(sign: .plus, exponent: k + 1000, significand: 1) }
        return v * Double(sign: .plus, exponent: k, significand: 1)
    }

    /// Natural logarithm. `log(0) = −∞`, `log(x < 0) = NaN`, `log(∞) = ∞`.
    @inlinable
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        var e = Int(x.exponent)
        var m = x.significand                        // [1, 2), also for subnormals
        if m > 1.4142135623730951 { m /= 2; e += 1 }
        let s = (m - 1) / (m + 1)                    // |s| ≤ 0.1716
        let s2 = s * s
        // 2 (s + s³/3 + … + s²³/23): truncation error < 1e-19.
        var power = s, sum = s
        var n = 3.0
        while n <= 23 {
            power *= s2
            sum += power / n
            n += 2
        }
        let ed = Double(e)
        return ed * ln2Hi + (2 * sum + ed * ln2Lo)
    }

    /// `log(1 + e^z)` (softplus), accurate for large `|z|`.
    @inlinable
    public static func softplus(_ z: Double) -> Double {
        if z > 0 { return z + log1p(exp(-z)) }
        return log1p(exp(z))
    }

    /// `log(1 + x)` for `x > −1`, accurate for tiny `x`.
    @inlinable
    public static func log1p(_ x: Double) -> Double {
        let u = 1 + x
        if u == 1 { return x }
        // Correct the rounding of 1 + x (Goldberg's trick).
        return log(u) * (x / (u - 1))
    }

    /// The logistic function `1 / (1 + e^{−z})`.
    @inlinable
    public static func sigmoid(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }
}
