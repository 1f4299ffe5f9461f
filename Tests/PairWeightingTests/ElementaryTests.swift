import Foundation
import Testing
@testable import PairWeighting

/// The engine's own exp/log against the C library, over many magnitudes.
@Suite struct ElementaryTests {
    static let samples: [Double] = {
        var xs: [Double] = [0, 1, -1, 0.5, -0.5, 1e-300, 1e-10, 700, -700, 709.7, -744, Double.leastNormalMagnitude / 1024]
        var v = 1e-8
        while v < 800 { xs.append(v); xs.append(-v); xs.append(v * 1.37); v *= 1.9 }
        return xs
    }()

    @Test func expMatchesLibm() {
        for x in Self.samples where x > -740 {
            let expected = Foundation.exp(x)
            #expect(relativeErrorULPs(Elementary.exp(x), expected) <= 4, "exp(\(x))")
        }
        #expect(Elementary.exp(710) == .infinity)
        #expect(Elementary.exp(-800) == 0)
        #expect(Elementary.exp(.nan).isNaN)
    }

    @Test func logMatchesLibm() {
        for x in Self.samples where x > 0 {
            #expect(abs(Elementary.log(x) - Foundation.log(x)) <= 4 * Foundation.log(x).magnitude.ulp + 1e-300, "log(\(x))")
        }
        #expect(Elementary.log(0) == -.infinity)
        #expect(Elementary.log(-1).isNaN)
        #expect(Elementary.log(1) == 0)
    }

    @Test func softplusAndSigmoid() {
        for z in [-800.0, -40, -1, 0, 1e-9, 1, 40, 800] {
            let expected = z > 30 ? z + Foundation.log1p(Foundation.exp(-z)) : Foundation.log1p(Foundation.exp(z))
            #expect(relativeErrorULPs(Elementary.softplus(z), expected) <= 8 || abs(Elementary.softplus(z) - expected) < 1e-300, "softplus(\(z))")
            let s = 1 / (1 + Foundation.exp(-z))
            #expect(abs(Elementary.sigmoid(z) - s) <= 1e-15, "sigmoid(\(z))")
        }
        #expect(Elementary.log1p(1e-20) == 1e-20)
    }

    func relativeErrorULPs(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return abs(a - b) / b.magnitude.ulp
    }
}
