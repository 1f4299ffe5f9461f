@testable import MetricTraining
import PairWeighting
import Testing
import TestSupport

/// The layers' matrix products (on the engine's kernel, whichever build is active) against their
/// textbook twins on odd shapes; and a training run that repeats itself exactly. (Bit for bit on
/// the portable build is KernelTwinTests' job, which runs each build explicitly.)
@Suite struct ProductTwinTests {
    static let shapes = [(1, 1, 1), (2, 3, 1), (1, 4, 5), (5, 7, 3), (4, 8, 4), (80, 64, 128), (80, 128, 64), (9, 13, 17)]

    @Test func productsMatchTheirPlainTwins() {
        for (n, k, m) in Self.shapes {
            var a = randomMatrix(n, k, seed: UInt64(n * 31 + k)), b = randomMatrix(k, m, seed: UInt64(m * 17 + k))
            for i in stride(from: 0, to: a.storage.count, by: 3) { a.storage[i] = 0 }   // ReLU-like zeros
            #expect(agree(Matrix.product(a, b), Matrix.plainProduct(a, b)), "A B [\(n),\(k)]x[\(k),\(m)]")
            let c = randomMatrix(n, m, seed: UInt64(n + m))
            #expect(agree(Matrix.transposedProduct(a, c), Matrix.plainTransposedProduct(a, c)), "A^T C [\(n),\(k)]^T x [\(n),\(m)]")
            let e = randomMatrix(m, k, seed: UInt64(m * k + 1))
            #expect(agree(Matrix.productTransposed(a, e), Matrix.plainProductTransposed(a, e)), "A E^T [\(n),\(k)] x [\(m),\(k)]^T")
        }
    }

    /// Equal on the portable build; within a few roundings per term on the fused (AVX2) build.
    func agree(_ fast: Matrix, _ plain: Matrix) -> Bool {
        Kernels.active == .portable ? fast == plain : relativeError(fast, plain, floor: 1) <= 1e-13
    }

    @Test func firstLayerSkipsOnlyTheInputGradient() {
        var rng = SplitMix64(seed: 9)
        let layer = Linear(inputs: 6, outputs: 5, scale: 0.5, using: &rng)
        let x = randomMatrix(7, 6, seed: 1), g = randomMatrix(7, 5, seed: 2)
        let full = layer.backward(g, input: x), first = layer.backward(g, input: x, needsInputGradient: false)
        #expect(first.weight == full.weight && first.bias == full.bias)
        #expect(first.input.storage.isEmpty && full.input.rows == 7 && full.input.columns == 6)
    }

    @Test func trainingRepeatsItselfExactly() throws {
        func run() throws -> [Double] {
            var data = SyntheticParameters()
            data.classes = 8
            data.samplesPerClass = 6
            let split = try DataSplit(data.generate(), rule: .halvesOfClasses)
            var configuration = TrainingConfiguration()
            configuration.hidden = [12]
            configuration.embedding = 5
            var session = try TrainingSession(split: split, configuration: configuration)
            let loss = MultiSimilarityLoss(spec: MultiSimilarityLoss.kind.defaultSpec)
            for _ in 0..<5 {
                _ = try session.trainStep(loss: loss)
                session.drawBatch()
            }
            return session.model.parameters
        }
        #expect(try run() == run())
    }
}
