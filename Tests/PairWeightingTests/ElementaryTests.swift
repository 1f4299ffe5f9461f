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

    /// The eight-lane exp (through expInPlace) is the scalar one, lane by lane, bit for bit: on the samples, on dense
    /// random arguments, and across the edges where it falls back to the scalar path.
    @Test func vectorExpIsTheScalarExpBitForBit() {
        var values = Self.samples + [689.99, 690, 690.01, -690, -690.01, 709.78, 709.79, -745.13, -745.2, .infinity, -.infinity, .nan]
        var state: UInt64 = 12345
        for _ in 0..<4000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append((Double(state >> 11) / Double(1 << 53) - 0.5) * 160)    // [-80, 80): what losses feed it
        }
        // On every kernel build (each compiles the eight lanes for its own registers).
        for build in Kernels.available {
            for count in [values.count, values.count - 1, values.count - 2, values.count - 3, 3, 0] {
                var out = Array(values.prefix(count))
                out.withUnsafeMutableBufferPointer { Elementary.expInPlace($0, build: build) }
                for k in 0..<count {
                    let scalar = Elementary.exp(values[k])
                    #expect(out[k].bitPattern == scalar.bitPattern || (out[k].isNaN && scalar.isNaN), "exp(\(values[k])) on \(build)")
                }
            }
        }
        // Mixed vectors: one lane out of range must not spoil the others.
        let mixed = Elementary.exp(SIMD8(1, 800, -2, .nan, 0, 0, 0, 0))
        #expect(mixed[0] == Elementary.exp(1) && mixed[1] == .infinity && mixed[2] == Elementary.exp(-2) && mixed[3].isNaN)
    }

    /// Dense pseudo-random arguments in `[low, high)` (a fixed LCG, so the test is reproducible).
    static func spread(_ count: Int, _ low: Double, _ high: Double, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return low + (high - low) * (Double(state >> 11) / Double(1 << 53))
        }
    }

    /// Applies an eight-lane function to `values` in vectors (the last one padded with `pad`) and
    /// checks every lane against the scalar function, bit for bit (any NaN matches any NaN).
    func expectLanes(_ values: [Double], pad: Double, _ name: String,
                     vector: (SIMD8<Double>) -> SIMD8<Double>, scalar: (Double) -> Double) {
        var k = 0
        while k < values.count {
            var lanes = SIMD8<Double>(repeating: pad)
            for l in 0..<min(8, values.count - k) { lanes[l] = values[k + l] }
            let out = vector(lanes)
            for l in 0..<8 {
                let expected = scalar(lanes[l])
                #expect(out[l].bitPattern == expected.bitPattern || (out[l].isNaN && expected.isNaN),
                        "\(name)(\(lanes[l])) in \(lanes)")
            }
            k += 4
        }
    }

    /// The in-place buffer map on prefixes of `values` (whole, and lengths that leave a partial
    /// group of eight, plus `counts`) is `scalar` entry by entry, bit for bit.
    func expectInPlace(_ values: [Double], counts: [Int], _ name: String,
                       inPlace: (UnsafeMutableBufferPointer<Double>) -> Void, scalar: (Double) -> Double) {
        for count in [values.count, values.count - 1, values.count - 5, values.count - 7] + counts {
            var out = Array(values.prefix(count))
            out.withUnsafeMutableBufferPointer { inPlace($0) }
            for k in 0..<count {
                let expected = scalar(values[k])
                #expect(out[k].bitPattern == expected.bitPattern || (out[k].isNaN && expected.isNaN), "\(name)(\(values[k]))")
            }
        }
    }

    /// The eight-lane exp, log, log1p, softplus and sigmoid are the scalar ones, lane by lane, bit for
    /// bit: on the samples, dense random arguments, the √2 switch of log's reduction, and the
    /// edges (0, subnormals, negatives, ±∞, NaN) where they fall back to the scalar path.
    @Test func eightLaneFunctionsAreTheScalarOnesBitForBit() {
        let edges: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, Double.leastNormalMagnitude,
                               Double.leastNonzeroMagnitude, Double.leastNormalMagnitude / 3, Double.greatestFiniteMagnitude,
                               1.4142135623730951, 1.4142135623730951.nextUp, 1.4142135623730951.nextDown, 0.7071067811865476,
                               2, 0.5, 1.0.nextUp, 1.0.nextDown]
        let logArguments = Self.samples + edges + Self.spread(2000, 0, 4, seed: 7) + Self.spread(500, 0, 1e-12, seed: 8)
            + Self.spread(500, 1, 1e300, seed: 9)
        let expArguments = Self.samples + edges + [689.99, 690, 690.01, -690, -690.01, 709.78, 709.79, -745.13, -745.2]
            + Self.spread(4000, -80, 80, seed: 6) + Self.spread(500, -800, 800, seed: 5)
        expectLanes(expArguments, pad: 0, "exp", vector: Elementary.exp, scalar: Elementary.exp)
        expectLanes(expArguments, pad: 1000, "exp", vector: Elementary.exp, scalar: Elementary.exp)
        expectInPlace(expArguments, counts: [3, 0], "exp", inPlace: { Elementary.expInPlace($0) }, scalar: Elementary.exp)
        expectLanes(logArguments, pad: 1, "log", vector: Elementary.log, scalar: Elementary.log)
        expectLanes(logArguments, pad: 2, "log", vector: Elementary.log, scalar: Elementary.log)
        for build in Kernels.available {                 // each build compiles the eight lanes for its registers
            expectInPlace(logArguments, counts: [1, 0], "log on \(build)", inPlace: { Elementary.logInPlace($0, build: build) },
                          scalar: Elementary.log)
        }
        let log1pArguments = edges + [1e-17, -1e-17, 1e-16, 2.2e-16, -0.999999, -1.0.nextUp, -2, 1e-300]
            + Self.spread(2000, 0, 1, seed: 10) + Self.spread(500, -1, 0, seed: 11) + Self.spread(500, 0, 1e-14, seed: 12)
        expectLanes(log1pArguments, pad: 0, "log1p", vector: Elementary.log1p, scalar: Elementary.log1p)
        let zs = Self.samples + edges + [689.99, 690, 690.01, -690, -690.01, 709.78, 709.79, -745.13, -745.2, 40, -40, 1e-300, -1e-300]
            + Self.spread(4000, -80, 80, seed: 13) + Self.spread(500, -2000, 2000, seed: 14)
        expectLanes(zs, pad: 0, "softplus", vector: { Elementary.softplusAndSigmoid($0).softplus }, scalar: Elementary.softplus)
        expectLanes(zs, pad: 0, "sigmoid", vector: { Elementary.softplusAndSigmoid($0).sigmoid }, scalar: Elementary.sigmoid)
        expectLanes(zs, pad: .nan, "softplus", vector: { Elementary.softplusAndSigmoid($0).softplus }, scalar: Elementary.softplus)
        // The buffer form on every kernel build, whole vectors and every tail length.
        for build in Kernels.available {
            for count in [zs.count, zs.count - 1, zs.count - 5, zs.count - 7, 2, 1, 0] {
                var values = Array(zs.prefix(count)), sigmoids = [Double](repeating: -7, count: max(count, 1))
                sigmoids.withUnsafeMutableBufferPointer { out in
                    values.withUnsafeMutableBufferPointer { Elementary.softplusAndSigmoidInPlace($0, sigmoids: out.baseAddress!, build: build) }
                }
                for k in 0..<count {
                    let (softplus, sigmoid) = (Elementary.softplus(zs[k]), Elementary.sigmoid(zs[k]))
                    #expect(values[k].bitPattern == softplus.bitPattern || (values[k].isNaN && softplus.isNaN), "softplus(\(zs[k])) on \(build)")
                    #expect(sigmoids[k].bitPattern == sigmoid.bitPattern || (sigmoids[k].isNaN && sigmoid.isNaN), "sigmoid(\(zs[k])) on \(build)")
                }
            }
        }
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
