import PairWeighting

/// Mean, standard deviation and a Student-t confidence interval of a few values (one metric
/// over seeds, or the paired differences of two losses over the same seeds).
public struct SampleSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// The sample standard deviation (divisor `n − 1`); NaN for one value.
    public let standardDeviation: Double
    /// The two-sided interval `mean ± t_{(1+c)/2, n−1} · sd / √n`; NaN bounds for one value.
    public let lower: Double
    public let upper: Double
    public let confidence: Double

    /// - Precondition: `values` is not empty and `0 < confidence < 1`.
    public init(_ values: [Double], confidence: Double = 0.95) {
        precondition(!values.isEmpty, "a summary needs at least one value")
        precondition(confidence > 0 && confidence < 1, "confidence \(confidence) is not in (0, 1)")
        count = values.count
        self.confidence = confidence
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        guard values.count > 1 else {
            (standardDeviation, lower, upper) = (.nan, .nan, .nan)
            return
        }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        standardDeviation = (squares / (n - 1)).squareRoot()
        let half = StudentT.quantile((1 + confidence) / 2, degrees: n - 1) * standardDeviation / n.squareRoot()
        lower = mean - half
        upper = mean + half
    }

    /// The interval lies wholly above 0 (1), wholly below (−1), or contains 0 (0).
    public var sign: Int {
        guard lower.isFinite, upper.isFinite else { return 0 }
        return lower > 0 ? 1 : (upper < 0 ? -1 : 0)
    }
}

/// Student's t distribution: its CDF through the regularised incomplete beta function, and its
/// quantiles by bisection on the CDF (to 1e-12).
public enum StudentT {
    /// `P(T ≤ t)` with `degrees` degrees of freedom.
    public static func cdf(_ t: Double, degrees nu: Double) -> Double {
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedBeta(x, nu / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The `p`-quantile, `0 < p < 1`.
    public static func quantile(_ p: Double, degrees nu: Double) -> Double {
        precondition(p > 0 && p < 1 && nu > 0)
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degrees: nu) }
        var low = 0.0, high = 1.0
        while cdf(high, degrees: nu) < p { high *= 2 }
        for _ in 0..<200 where high - low > 1e-12 * max(1, high) {
            let middle = (low + high) / 2
            if cdf(middle, degrees: nu) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// `I_x(a, b)` by its continued fraction (Lentz's method), using the symmetry
    /// `I_x(a, b) = 1 − I_{1−x}(b, a)` where that converges faster.
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Elementary.log(x) + b * Elementary.log(1 - x)
        let front = Elementary.exp(logFront)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...400 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }

    /// `log Γ(z)` for `z > 0` (Lanczos, g = 7, nine coefficients; relative error ~1e-15).
    static func logGamma(_ z: Double) -> Double {
        let coefficients = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                            -176.61502916214059, 12.507343278686905, -0.13857109526572012,
                            9.9843695780195716e-6, 1.5056327351493116e-7]
        if z < 0.5 {   // reflection: Γ(z) Γ(1 − z) = π / sin(πz); only z = 1/2 and integers/2 occur here
            return Elementary.log(Double.pi / sinPi(z)) - logGamma(1 - z)
        }
        let x = z - 1
        var sum = coefficients[0]
        for k in 1..<9 { sum += coefficients[k] / (x + Double(k)) }
        let t = x + 7.5
        return 0.5 * Elementary.log(2 * Double.pi) + (x + 0.5) * Elementary.log(t) - t + Elementary.log(sum)
    }

    /// `sin(πz)` for `0 < z < 0.5` by its Taylor series (enough for the reflection above).
    private static func sinPi(_ z: Double) -> Double {
        let x = Double.pi * z
        var term = x, sum = x
        for k in 1..<30 {
            term *= -x * x / Double((2 * k) * (2 * k + 1))
            sum += term
        }
        return sum
    }
}
