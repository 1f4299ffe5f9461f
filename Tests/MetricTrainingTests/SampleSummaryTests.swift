import MetricTraining
import Testing

/// The interval arithmetic of `gpw compare --seeds` (issue 20) on cases worked by hand and
/// against published t tables.
@Suite struct SampleSummaryTests {
    /// Two-sided 95 % critical values from the standard t table (4 decimals).
    @Test(arguments: [(1.0, 12.7062), (2, 4.3027), (4, 2.7764), (9, 2.2622), (10, 2.2281), (29, 2.0452), (30, 2.0423), (120, 1.9799)])
    func quantilesMatchTheTable(_ degrees: Double, _ value: Double) {
        #expect(abs(StudentT.quantile(0.975, degrees: degrees) - value) < 5e-5, "t(0.975, \(degrees))")
    }

    @Test func cdfIsSymmetricAndKnownAtEasyPoints() {
        // With one degree of freedom T is Cauchy: P(T ≤ 1) = 3/4.
        #expect(abs(StudentT.cdf(1, degrees: 1) - 0.75) < 1e-12)
        // With two, P(T ≤ t) = 1/2 + t / (2 sqrt(2 + t²)): at t = 2, 1/2 + 1/sqrt(6).
        #expect(abs(StudentT.cdf(2, degrees: 2) - (0.5 + 1 / 6.0.squareRoot())) < 1e-12)
        for t in [0.3, 1.7, 4.0] { #expect(abs(StudentT.cdf(t, degrees: 5) + StudentT.cdf(-t, degrees: 5) - 1) < 1e-12) }
        #expect(StudentT.quantile(0.5, degrees: 3) == 0)
        #expect(abs(StudentT.quantile(0.025, degrees: 4) + 2.7764) < 5e-5)
    }

    /// 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5), half-width 2.7764 · sqrt(2.5) / sqrt(5) = 1.9632.
    @Test func handWorkedInterval() {
        let s = SampleSummary([1, 2, 3, 4, 5])
        #expect(s.count == 5 && s.mean == 3)
        #expect(abs(s.standardDeviation - 2.5.squareRoot()) < 1e-15)
        #expect(abs(s.lower - (3 - 1.96321)) < 1e-4 && abs(s.upper - (3 + 1.96321)) < 1e-4)
        #expect(s.sign == 1)
        #expect(SampleSummary([-1, 0, 1]).sign == 0 && SampleSummary([-3, -2, -2.5]).sign == -1)
        let one = SampleSummary([0.25])
        #expect(one.mean == 0.25 && one.standardDeviation.isNaN && one.lower.isNaN && one.sign == 0)
        let constant = SampleSummary([2, 2, 2])
        #expect(constant.standardDeviation == 0 && constant.lower == 2 && constant.upper == 2)
    }

    /// A wider confidence gives a wider interval; more values, a narrower one.
    @Test func widthsBehave() {
        let v = [0.1, 0.4, 0.2, 0.35, 0.3]
        let a = SampleSummary(v, confidence: 0.9), b = SampleSummary(v, confidence: 0.99)
        #expect(b.upper - b.lower > a.upper - a.lower)
        let more = SampleSummary(v + v)
        #expect(more.upper - more.lower < SampleSummary(v).upper - SampleSummary(v).lower)
    }
}
