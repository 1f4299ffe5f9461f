import MetricTraining
import PairWeighting
import Testing

/// Every hand-written backward pass against central finite differences of `L = Σ R ⊙ Y`.
@Suite struct LayerGradientTests {
    let x = randomMatrix(5, 4, seed: 11)
    let r3 = randomMatrix(5, 3, seed: 12)

    @Test func linearWeightBiasAndInputGradients() {
        var rng = SplitMix64(seed: 3)
        let layer = Linear(inputs: 4, outputs: 3, scale: 0.7, using: &rng)
        let analytic = layer.backward(r3, input: x)
        let dW = numericalGradient({ w in probe(Linear(weight: Matrix(rows: 4, columns: 3, storage: w), bias: layer.bias).forward(x), r3) },
                                   at: layer.weight.storage)
        let db = numericalGradient({ b in probe(Linear(weight: layer.weight, bias: b).forward(x), r3) }, at: layer.bias)
        let dX = numericalGradient({ v in probe(layer.forward(Matrix(rows: 5, columns: 4, storage: v)), r3) }, at: x.storage)
        #expect(vectorError(analytic.weight.storage, dW) < 1e-8)
        #expect(vectorError(analytic.bias, db) < 1e-8)
        #expect(vectorError(analytic.input.storage, dX) < 1e-8)
    }

    @Test func reluGradientAwayFromTheKink() {
        let r = randomMatrix(5, 4, seed: 13)
        let analytic = ReLU.backward(r, input: x)
        let numeric = numericalGradient({ v in probe(ReLU.forward(Matrix(rows: 5, columns: 4, storage: v)), r) }, at: x.storage)
        #expect(vectorError(analytic.storage, numeric) < 1e-8)
        // Hand case: the gradient passes where the input is positive, and only there.
        let g = ReLU.backward(Matrix([[1, 2, 3]]), input: Matrix([[-1, 0, 0.5]]))
        #expect(g == Matrix([[0, 0, 3]]))
    }

    @Test func mlpParameterGradientWithTwoHiddenLayers() {
        var rng = SplitMix64(seed: 5)
        let mlp = MLP(inputs: 4, hidden: [6, 5], embedding: 3, using: &rng)
        let (_, cache) = mlp.forwardWithCache(x)
        let analytic = mlp.backward(r3, cache: cache)
        let numeric = numericalGradient({ p in
            var m = mlp
            m.parameters = p
            return probe(m.forward(x), r3)
        }, at: mlp.parameters)
        #expect(analytic.count == mlp.parameterCount)
        #expect(vectorError(analytic, numeric) < 1e-7)
    }

    @Test func theCheckCatchesAWrongGradient() {
        var rng = SplitMix64(seed: 5)
        let mlp = MLP(inputs: 4, hidden: [6], embedding: 3, using: &rng)
        let (_, cache) = mlp.forwardWithCache(x)
        var wrong = mlp.backward(r3, cache: cache)
        wrong[7] *= 1.05   // one entry 5 % off
        let numeric = numericalGradient({ p in
            var m = mlp
            m.parameters = p
            return probe(m.forward(x), r3)
        }, at: mlp.parameters)
        #expect(vectorError(wrong, numeric) > 1e-4)
    }

    @Test func parametersRoundTripThroughTheFlatVector() {
        var rng = SplitMix64(seed: 9)
        var mlp = MLP(inputs: 3, hidden: [4], embedding: 2, using: &rng)
        #expect(mlp.parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
        let p = mlp.parameters
        mlp.parameters = p.map { $0 + 1 }
        #expect(mlp.layers[1].bias == [1, 1])
        #expect(mlp.parameters == p.map { $0 + 1 })
    }

    @Test func initialisationScalesFollowHeAndXavier() {
        var rng = SplitMix64(seed: 1)
        let mlp = MLP(inputs: 200, hidden: [300], embedding: 100, using: &rng)
        func std(_ v: [Double]) -> Double { (v.map { $0 * $0 }.reduce(0, +) / Double(v.count)).squareRoot() }
        #expect(abs(std(mlp.layers[0].weight.storage) / (2.0 / 200).squareRoot() - 1) < 0.02)
        #expect(abs(std(mlp.layers[1].weight.storage) / (2.0 / 400).squareRoot() - 1) < 0.02)
        #expect(mlp.layers.allSatisfy { $0.bias.allSatisfy { $0 == 0 } })
    }
}
