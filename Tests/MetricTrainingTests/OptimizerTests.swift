@testable import MetricTraining
import Testing

/// One or two steps on `f(θ) = ½ a (θ − c)²` (gradient `a (θ − c)`), against values worked by hand.
@Suite struct OptimizerTests {
    let a = 2.0, c = 3.0
    func gradient(_ theta: [Double]) -> [Double] { theta.map { a * ($0 - c) } }

    @Test func plainGradientDescent() {
        var sgd = SGD(learningRate: 0.1, momentum: 0)
        var theta = [1.0]
        sgd.step(parameters: &theta, gradient: gradient(theta))   // g = -4 -> 1 + 0.4
        #expect(abs(theta[0] - 1.4) < 1e-15)
        // With lr = 1/a, one step lands on the minimum.
        var exact = SGD(learningRate: 1 / a)
        var t = [10.0]
        exact.step(parameters: &t, gradient: gradient(t))
        #expect(abs(t[0] - c) < 1e-15)
    }

    @Test func momentumAccumulatesVelocity() {
        var sgd = SGD(learningRate: 0.1, momentum: 0.9)
        var theta = [1.0]
        sgd.step(parameters: &theta, gradient: gradient(theta))   // v = -4, θ = 1.4
        sgd.step(parameters: &theta, gradient: gradient(theta))   // g = -3.2, v = -3.6 - 3.2 = -6.8, θ = 2.08
        #expect(abs(theta[0] - 2.08) < 1e-14)
    }

    @Test func weightDecayAddsLambdaTheta() {
        var sgd = SGD(learningRate: 0.1, momentum: 0, weightDecay: 0.5)
        var theta = [2.0]
        sgd.step(parameters: &theta, gradient: [0])                 // g = 0 + 0.5 * 2 = 1 -> 1.9
        #expect(abs(theta[0] - 1.9) < 1e-15)
        var adam = Adam(learningRate: 0.01, weightDecay: 0.5)
        var t = [2.0]
        adam.step(parameters: &t, gradient: [-1])                   // g = -1 + 1 = 0 -> no move
        #expect(t[0] == 2.0)
    }

    @Test func adamFirstStepIsLearningRateTimesSignThanksToBiasCorrection() {
        var adam = Adam(learningRate: 0.01)
        var theta = [1.0, 5.0]
        adam.step(parameters: &theta, gradient: gradient(theta))   // g = (-4, 4): m̂ = g, v̂ = g²
        #expect(abs(theta[0] - (1 + 0.01 * 4 / (4 + 1e-8))) < 1e-15)
        #expect(abs(theta[1] - (5 - 0.01 * 4 / (4 + 1e-8))) < 1e-15)
    }

    @Test func adamSecondStepByHand() {
        var adam = Adam(learningRate: 0.1)
        var theta = [1.0]
        adam.step(parameters: &theta, gradient: [-4])       // θ ≈ 1.1
        adam.step(parameters: &theta, gradient: [-2])
        // m = 0.9·(−0.4) + 0.1·(−2) = −0.56;  v = 0.999·0.016 + 0.001·4 = 0.019984
        // m̂ = −0.56 / 0.19 ;  v̂ = 0.019984 / (1 − 0.998001)
        let mHat = -0.56 / (1 - 0.81), vHat = 0.019984 / (1 - 0.998001)
        let expected = 1 + 0.1 * 4 / (4 + 1e-8) - 0.1 * mHat / (vHat.squareRoot() + 1e-8)
        #expect(abs(theta[0] - expected) < 1e-12)
        #expect(adam.stepCount == 2)
    }

    /// The four-lane update equals the textbook formula entry by entry, bit for bit, on lanes and
    /// on the tail (11 parameters: two vectors of four, then three alone), over several steps.
    @Test func adamVectorLanesAreTheScalarFormula() {
        var adam = Adam(learningRate: 0.03, weightDecay: 0.01)
        var theta = (0..<11).map { 0.3 * Double($0) - 1.4 }
        var m = [Double](repeating: 0, count: 11), v = m, t = theta
        var b1p = 1.0, b2p = 1.0
        for step in 0..<4 {
            let g = (0..<11).map { Double(($0 * 7 + step * 3) % 11) - 5.5 }
            adam.step(parameters: &theta, gradient: g)
            b1p *= 0.9
            b2p *= 0.999
            for i in 0..<11 {
                let gi = g[i] + 0.01 * t[i]
                m[i] = 0.9 * m[i] + (1 - 0.9) * gi
                v[i] = 0.999 * v[i] + (1 - 0.999) * gi * gi
                let mHat = m[i] * (1 / (1 - b1p)), vHat = v[i] * (1 / (1 - b2p))
                t[i] -= 0.03 * mHat / (vHat.squareRoot() + 1e-8)
            }
            #expect(theta == t, "step \(step + 1)")
        }
    }

    @Test func bothConvergeOnTheQuadratic() {
        for kind in OptimizerKind.allCases {
            var opt = makeOptimizer(kind, learningRate: kind == .adam ? 0.05 : 0.05, momentum: 0.9, weightDecay: 0)
            var theta = [-4.0]
            for _ in 0..<2000 { opt.step(parameters: &theta, gradient: gradient(theta)) }
            #expect(abs(theta[0] - c) < 1e-3, "\(kind)")
        }
    }

    /// A training step takes `‖θ‖` of the current parameters from the previous step's update loop
    /// instead of summing them again, so the sums a proposal returns must be exactly the ones
    /// `sumOfSquares` would compute on the new parameters, and the change's exactly its sum too.
    @Test func proposedSumsAreTheNewParametersSumsOfSquaresBitForBit() {
        for kind in OptimizerKind.allCases {
            for count in [0, 1, 3, 4, 5, 8, 13, 1001] {
                var rng = SplitMix64(seed: UInt64(count) + 11)
                var opt = makeOptimizer(kind, learningRate: 0.01, momentum: 0.9, weightDecay: 0.001)
                var theta = (0..<count).map { _ in rng.gaussian() }
                for step in 0..<3 {
                    let before = theta
                    let sums = opt.propose(parameters: &theta, gradient: (0..<count).map { _ in rng.gaussian() })
                    opt.commit()
                    #expect(sums.squares == sumOfSquares(theta), "\(kind) count \(count) step \(step)")
                    #expect(sums.changeSquares == sumOfSquares(zip(theta, before).map { $0 - $1 }), "\(kind) count \(count) step \(step)")
                }
            }
        }
    }
}
