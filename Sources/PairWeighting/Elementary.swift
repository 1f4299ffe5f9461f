/// `exp`, `log` and friends in plain Swift, so the engine imports nothing (the standard library
/// has no elementary functions; Foundation and libm would be the only other sources).
///
/// Both use the textbook reductions: `exp` writes `x = k ln 2 + r` with `|r| ≤ ln 2 / 2` and
/// sums the Taylor series of `e^r`; `log` writes `x = m 2^e` with `m ∈ [√½, √2)` and sums the
/// series of `2 atanh((m − 1)/(m + 1))`. The series are evaluated in Horner form with their
/// coefficients written out (`1/n!`, `1/(2n+1)`), so a call costs multiplications and adds only
/// (one division in `log`). Tests compare them with the C library to a few ulps.
public enum Elementary {
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let log2e = 1.44269504088896338700e+00

    /// `e^x`. Overflows to `+∞` above 709.78, underflows to 0 below −745.1.
    ///
    /// `k = round(x / ln 2)` and `r = x − k ln 2`, then the Taylor polynomial of `e^r` to
    /// `r¹³/13!` in Horner form (coefficients `1/n!`: multiplications only, no division), then
    /// `· 2^k`. The rounding uses the `1.5 · 2⁵²` shifter (adding it leaves the integer part in
    /// the low bits), which avoids a library call.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        let shifter = 6755399441055744.0             // 1.5 · 2^52
        let k = (x * log2e + shifter) - shifter       // x / ln 2 rounded to the nearest integer
        let r = (x - k * ln2Hi) - k * ln2Lo          // |r| ≤ 0.3466
        // Σ_{n ≤ 13} r^n / n!: truncation error < 3e-18 relative.
        var p = 1.6059043836821613e-10               // 1/13!
        p = p * r + 2.08767569878681e-09             // 1/12!
        p = p * r + 2.505210838544172e-08
        p = p * r + 2.755731922398589e-07
        p = p * r + 2.7557319223985893e-06
        p = p * r + 2.48015873015873e-05
        p = p * r + 0.0001984126984126984
        p = p * r + 0.001388888888888889
        p = p * r + 0.008333333333333333
        p = p * r + 0.041666666666666664
        p = p * r + 0.16666666666666666
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return scale(p, byPowerOfTwo: Int(k))
    }

    /// `v · 2^k` without overflow in the intermediate power (for `k` down to the subnormals).
    @inlinable
    static func scale(_ v: Double, byPowerOfTwo k: Int) -> Double {
        if k > 1000 { return v * Double(sign: .plus, exponent: 1000, significand: 1) * Double(sign: .plus, exponent: k - 1000, significand: 1) }
        if k < -1000 { return v * Double(sign: .plus, exponent: -1000, significand: 1) * Double(sign: .plus, exponent: k + 1000, significand: 1) }
        return v * Double(bitPattern: UInt64(1023 + k) << 52)     // 2^k, built from its exponent bits
    }

    /// Natural logarithm. `log(0) = −∞`, `log(x < 0) = NaN`, `log(∞) = ∞`.
    ///
    /// `x = m 2^e` with `m ∈ [√½, √2)`, `s = (m − 1)/(m + 1)`, and
    /// `log m = 2 atanh s = 2 (s + s³/3 + … + s²³/23)` summed in Horner form in `s²`.
    @inlinable
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        var e = Int(x.exponent)
        var m = x.significand                        // [1, 2), also for subnormals
        if m > 1.4142135623730951 { m *= 0.5; e += 1 }
        let s = (m - 1) / (m + 1)                    // |s| ≤ 0.1716
        let s2 = s * s
        // 1/3 + s²/5 + … + s²⁰/23: truncation error < 1e-19.
        var q = 0.043478260869565216                 // 1/23
        q = q * s2 + 0.047619047619047616            // 1/21
        q = q * s2 + 0.05263157894736842
        q = q * s2 + 0.058823529411764705
        q = q * s2 + 0.06666666666666667
        q = q * s2 + 0.07692307692307693
        q = q * s2 + 0.09090909090909091
        q = q * s2 + 0.1111111111111111
        q = q * s2 + 0.14285714285714285
        q = q * s2 + 0.2
        q = q * s2 + 0.3333333333333333             // 1/3
        let sum = s + s * s2 * q
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
