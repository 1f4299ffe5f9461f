import MetricTraining
import PairWeighting
import Testing

/// A smooth loss defined here, so the whole-step check has one oracle with no kinks at all:
/// `L = (1/N) Σ_i log(1 + Σ_{j∈N_i} e^{γ S_ij} Σ_{k∈P_i} e^{−γ S_ik})` (an N-pair-like form).
struct SmoothTestLoss: TestOnlyLoss {
    let gamma = 4.0
    func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        for i in 0..<n {
            let pos = labels.positives(of: i), neg = labels.negatives(of: i)
            let a = neg.reduce(0.0) { $0 + Elementary.exp(gamma * s[i, $1]) }
            let b = pos.reduce(0.0) { $0 + Elementary.exp(-gamma * s[i, $1]) }
            let z = a * b
            result.value += Elementary.log1p(z) / Double(n)
            let scale = z / (1 + z) / Double(n)
            for j in neg { result.add(scale * gamma * Elementary.exp(gamma * s[i, j]) / a, at: i, j) }
            for k in pos { result.add(-scale * gamma * Elementary.exp(-gamma * s[i, k]) / b, at: i, k) }
        }
    }
}

func smallSplit(seed: UInt64 = 4) throws -> DataSplit {
    var p = SyntheticParameters()
    p.classes = 8
    p.samplesPerClass = 6
    p.signalDimension = 3
    p.nuisanceDimension = 3
    p.seed = seed
    return try DataSplit(p.generate(), rule: .halvesOfClasses)
}

@Suite struct FullStepGradientTests {
    func session(_ optimizer: OptimizerKind = .sgd) throws -> TrainingSession {
        var c = TrainingConfiguration()
        c.classesPerBatch = 3
        c.samplesPerClass = 3
        c.hidden = [7, 5]
        c.embedding = 4
        c.optimizer = optimizer
        c.momentum = 0
        c.weightDecay = 0
        c.learningRate = 0.05
        return try TrainingSession(split: smallSplit(), configuration: c)
    }

    /// `L(θ)` through MLP → normalise → S → loss, recomputed from scratch.
    /// Circle loss holds its factors α at the batch's S (the paper and PML detach them), so its
    /// weights are the derivative of that frozen-factor value (``CircleLoss/valueWithFrozenFactors``).
    func lossOf(_ parameters: [Double], session: TrainingSession, loss: any PairLoss) -> Double {
        var model = session.model
        model.parameters = parameters
        let s = CosineSimilarity.forward(model.forward(session.batch.features)).similarity
        if let circle = loss as? CircleLoss {
            let base = CosineSimilarity.forward(session.model.forward(session.batch.features)).similarity
            return circle.valueWithFrozenFactors(similarity: s, labels: session.batch.labels, factorsAt: base)
        }
        return loss.evaluate(similarity: s, labels: session.batch.labels).value
    }

    func check(_ loss: any PairLoss, tolerance: Double) throws {
        let session = try session()
        let analytic = session.lossGradient(loss: loss).gradient
        let numeric = numericalGradient({ lossOf($0, session: session, loss: loss) }, at: session.model.parameters, h: 1e-6)
        #expect(numeric.contains { $0 != 0 }, "\(loss.spec.kind.name): the batch gives no gradient at all")
        #expect(vectorError(analytic, numeric) < tolerance, "\(loss.spec.kind.name)")
    }

    @Test func smoothLossWholeStepMatchesFiniteDifferences() throws {
        try check(SmoothTestLoss(), tolerance: 1e-6)
    }

    @Test(arguments: LossCatalog.names)
    func everyCatalogLossWholeStepMatchesFiniteDifferences(name: String) throws {
        let loss = try LossSpec.parse(name).makeLoss()
        try check(loss, tolerance: 1e-5)
    }

    @Test func aWrongPairWeightIsCaught() throws {
        // Flip the sign of one anchor row's weights: the step's gradient must disagree.
        struct Broken: TestOnlyLoss {
            let inner = SmoothTestLoss()
            func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
                inner.computeWeights(similarity: similarity, labels: labels, into: &result)
                for j in 0..<labels.count { result.gradient[0, j] *= -1 }
            }
        }
        let session = try session()
        let analytic = session.lossGradient(loss: Broken()).gradient
        let numeric = numericalGradient({ lossOf($0, session: session, loss: SmoothTestLoss()) }, at: session.model.parameters)
        #expect(vectorError(analytic, numeric) > 1e-3)
    }

    @Test func trainStepAppliesTheOptimiserToThatGradient() throws {
        var s = try session(.sgd)
        let before = s.model.parameters
        let g = s.lossGradient(loss: SmoothTestLoss()).gradient
        let report = try s.trainStep(loss: SmoothTestLoss())
        let expected = zip(before, g).map { $0 - 0.05 * $1 }
        #expect(vectorError(s.model.parameters, expected, floor: 1) < 1e-15)
        #expect(report.step == 1 && s.step == 1)
        #expect(abs(report.gradientNorm - g.map { $0 * $0 }.reduce(0, +).squareRoot()) < 1e-12)
        #expect(abs(report.loss - lossOf(before, session: s, loss: SmoothTestLoss())) < 1e-12)
    }
}
