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

    /// The four-lane exp is the scalar one, lane by lane, bit for bit: on the samples, on dense
    /// random arguments, and across the edges where it falls back to the scalar path.
    @Test func vectorExpIsTheScalarExpBitForBit() {
        var values = Self.samples + [689.99, 690, 690.01, -690, -690.01, 709.78, 709.79, -745.13, -745.2, .infinity, -.infinity, .nan]
        var state: UInt64 = 12345
        for _ in 0..<4000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append((Double(state >> 11) / Double(1 << 53) - 0.5) * 160)    // [-80, 80): what losses feed it
        }
        for count in [values.count, values.count - 1, values.count - 2, values.count - 3, 3, 0] {
            var out = Array(values.prefix(count))
            out.withUnsafeMutableBufferPointer { Elementary.expInPlace($0) }
            for k in 0..<count {
                let scalar = Elementary.exp(values[k])
                #expect(out[k].bitPattern == scalar.bitPattern || (out[k].isNaN && scalar.isNaN), "exp(\(values[k]))")
            }
        }
        // Mixed vectors: one lane out of range must not spoil the others.
        let mixed = Elementary.exp(SIMD4(1, 800, -2, .nan))
        #expect(mixed[0] == Elementary.exp(1) && mixed[1] == .infinity && mixed[2] == Elementary.exp(-2) && mixed[3].isNaN)
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
