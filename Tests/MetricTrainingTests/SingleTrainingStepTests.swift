import MetricTraining
import PairWeighting
import Testing
import TestSupport

/// The float32 training step held to the double one it shadows: from the same parameters and
/// batch the same loss, gradient and update within float rounding, on every kernel build; its
/// gradient against finite differences of the double loss (and that check failing on a wrong
/// gradient); the same training curve over 50 steps; the same bytes from the same seed.
@Suite struct SingleTrainingStepTests {
    /// The benchmark's session: 64 -> 128 -> 64, Adam, batches of 16 classes x 5.
    static func benchSession(seed: UInt64 = 1) throws -> TrainingSession {
        var data = SyntheticParameters()
        data.signalDimension = 16
        data.nuisanceDimension = 48
        data.seed = 7
        let split = try DataSplit(data.generate(name: "synthetic-64"), rule: .halvesOfClasses)
        var c = TrainingConfiguration()
        c.seed = seed
        c.classesPerBatch = 16
        c.samplesPerClass = 5
        c.hidden = [128]
        c.embedding = 64
        c.optimizer = .adam
        return try TrainingSession(split: split, configuration: c)
    }

    /// A small session (two hidden layers of odd widths, a 3 x 3 batch) for finite differences.
    static func smallSession() throws -> TrainingSession {
        var c = TrainingConfiguration()
        c.classesPerBatch = 3
        c.samplesPerClass = 3
        c.hidden = [7, 5]
        c.embedding = 4
        c.optimizer = .adam
        c.weightDecay = 0
        return try TrainingSession(split: smallSplit(), configuration: c)
    }

    static let ms = MultiSimilarityLoss(spec: MultiSimilarityLoss.kind.defaultSpec)

    /// What the float gradient must meet against finite differences (relative to the largest
    /// entry): about 10x what it measures here (~1e-6), ~100x the float epsilon (6e-8).
    static let finiteDifferenceTolerance = 1e-5

    /// `max |a − b| / max |b|`.
    static func error(_ a: [Float], _ b: [Double]) -> Double {
        vectorError(a.map(Double.init), b, floor: 1e-12)
    }

    /// The double loss at `parameters` (MLP → normalise → S → loss), from scratch.
    static func doubleLoss(_ parameters: [Double], session: TrainingSession, loss: any PairLoss) -> Double {
        var model = session.model
        model.parameters = parameters
        let s = CosineSimilarity.forward(model.forward(session.batch.features)).similarity
        return loss.evaluate(similarity: s, labels: session.batch.labels).value
    }

    @Test(arguments: Kernels.available)
    func twinOfTheDoubleStep(build: KernelBuild) throws {
        var session = try Self.benchSession()
        var single = try SingleTrainingStep(session: session, build: build)
        let double = session.lossGradient(loss: Self.ms)
        let float = single.lossGradient(features: session.batch.features, labels: session.batch.labels, loss: Self.ms)
        #expect(relativeError(float.weights.value, double.weights.value) <= 1e-4, "\(build): loss")
        let gradientError = Self.error(float.gradient, double.gradient)
        #expect(gradientError <= 1e-4, "\(build): dL/dθ off by \(gradientError) of its largest entry")
        // The pair weights agree too (same mining decisions on this batch).
        #expect(vectorError(float.weights.gradient.storage, double.weights.gradient.storage) <= 1e-4)

        let before = session.model.parameters
        let doubleReport = try session.trainStep(loss: Self.ms)
        let floatReport = try single.trainStep(features: session.batch.features, labels: session.batch.labels, loss: Self.ms)
        #expect(relativeError(floatReport.loss, doubleReport.loss) <= 1e-4)
        #expect(relativeError(floatReport.gradientNorm, doubleReport.gradientNorm) <= 1e-4)
        #expect(relativeError(floatReport.parameterNorm, doubleReport.parameterNorm) <= 1e-4)
        #expect(Self.error(single.parameters, session.model.parameters) <= 1e-4, "\(build): updated θ")
        // Adam's first step is about lr · sign(g) per entry, so it magnifies the gradient's float
        // error where the gradient is near 0; where it is resolved (above 1e-3 of its largest
        // entry, so its float error is below 10 %) the updates agree to 1e-3 of lr.
        let doubleChange = zip(session.model.parameters, before).map { $0 - $1 }
        let floatChange = zip(single.parameters, before).map { Double($0) - Double(Float($1)) }
        let largest = double.gradient.map(abs).max()!
        let resolved = double.gradient.indices.filter { abs(double.gradient[$0]) > 1e-3 * largest }
        #expect(resolved.count > double.gradient.count / 2)
        let worstChange = resolved.map { abs(floatChange[$0] - doubleChange[$0]) }.max()!
        #expect(worstChange <= 1e-3 * session.configuration.learningRate, "\(build): Δθ off by \(worstChange)")
    }

    /// Central differences of the double loss at the float parameters (widened), against the
    /// float analytic gradient: `max |numeric − analytic| / max |numeric|`.
    static func finiteDifferenceError(_ analytic: [Float], session: TrainingSession, at θ: [Double], loss: any PairLoss) -> Double {
        let numeric = numericalGradient({ doubleLoss($0, session: session, loss: loss) }, at: θ, h: 1e-6)
        precondition(numeric.contains { $0 != 0 }, "the batch gives no gradient at all")
        return vectorError(analytic.map(Double.init), numeric)
    }

    @Test(arguments: Kernels.available)
    func gradientMatchesFiniteDifferences(build: KernelBuild) throws {
        let session = try Self.smallSession()
        let losses: [(String, any PairLoss)] = [("smooth", SmoothTestLoss()), ("ms", Self.ms), ("contrastive", try LossSpec.parse("contrastive").makeLoss())]
        for (name, loss) in losses {
            var single = try SingleTrainingStep(session: session, build: build)
            let θ = single.parameters.map(Double.init)
            let analytic = single.lossGradient(features: session.batch.features, labels: session.batch.labels, loss: loss).gradient
            let error = Self.finiteDifferenceError(analytic, session: session, at: θ, loss: loss)
            #expect(error <= Self.finiteDifferenceTolerance, "\(name) \(build): float gradient off by \(error)")
        }
    }

    /// The finite-difference check can fail: one entry of the float gradient flipped, or moved by
    /// 0.1 % of the largest entry, is outside its tolerance.
    @Test func theFiniteDifferenceCheckCatchesAWrongGradient() throws {
        let session = try Self.smallSession()
        var single = try SingleTrainingStep(session: session)
        let θ = single.parameters.map(Double.init)
        let good = single.lossGradient(features: session.batch.features, labels: session.batch.labels, loss: SmoothTestLoss()).gradient
        let largest = good.indices.max { abs(good[$0]) < abs(good[$1]) }!
        var flipped = good
        flipped[largest] = -flipped[largest]
        var nudged = good
        nudged[good.count / 2] += 1e-3 * abs(good[largest])
        let tolerance = Self.finiteDifferenceTolerance
        #expect(Self.finiteDifferenceError(good, session: session, at: θ, loss: SmoothTestLoss()) <= tolerance)
        #expect(Self.finiteDifferenceError(flipped, session: session, at: θ, loss: SmoothTestLoss()) > tolerance)
        #expect(Self.finiteDifferenceError(nudged, session: session, at: θ, loss: SmoothTestLoss()) > tolerance)
    }

    /// 50 steps of MS with Adam from the same start on the same batches: the float32 losses
    /// follow the double ones (to ~3e-7 here; the bound is 1e-5), and the parameters end within
    /// 1e-4 of the largest (~4e-6 here).
    @Test(arguments: Kernels.available)
    func trainingCurveTracksTheDoublePath(build: KernelBuild) throws {
        var session = try Self.benchSession()
        var single = try SingleTrainingStep(session: session, build: build)
        var worst = 0.0
        var first = 0.0, last = 0.0
        for step in 0..<50 {
            let batch = session.batch
            let d = try session.trainStep(loss: Self.ms)
            let f = try single.trainStep(features: batch.features, labels: batch.labels, loss: Self.ms)
            worst = max(worst, relativeError(f.loss, d.loss))
            if step == 0 { first = d.loss }
            last = d.loss
            session.drawBatch()
        }
        #expect(last < first, "the double path learns (\(first) -> \(last))")
        #expect(worst <= 1e-5, "\(build): float32 loss off the double curve by \(worst) (relative)")
        #expect(Self.error(single.parameters, session.model.parameters) <= 1e-4)
    }

    @Test(arguments: Kernels.available)
    func sameSeedSameBytes(build: KernelBuild) throws {
        func run() throws -> ([Float], [SingleStepReport]) {
            var session = try Self.benchSession(seed: 3)
            var single = try SingleTrainingStep(session: session, build: build)
            var reports: [SingleStepReport] = []
            for _ in 0..<10 {
                reports.append(try single.trainStep(features: session.batch.features, labels: session.batch.labels, loss: Self.ms))
                session.drawBatch()
            }
            return (single.parameters, reports)
        }
        let (a, ra) = try run(), (b, rb) = try run()
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(ra == rb)
    }

    /// A step the checks refuse changes nothing; a copy is a value (training one leaves the other).
    @Test func aRefusedStepChangesNothingAndCopiesAreValues() throws {
        let session = try Self.benchSession()
        var single = try SingleTrainingStep(session: session)
        let start = single.parameters
        var copy = single
        _ = try copy.trainStep(features: session.batch.features, labels: session.batch.labels, loss: Self.ms)
        #expect(single.parameters == start && single.step == 0)
        #expect(copy.parameters != start && copy.step == 1)
        single.learningRate = 1e4
        #expect(throws: TrainingError.self) {
            try single.trainStep(features: session.batch.features, labels: session.batch.labels, loss: Self.ms)
        }
        #expect(single.parameters == start && single.step == 0)
        single.learningRate = session.configuration.learningRate
        let again = try single.trainStep(features: session.batch.features, labels: session.batch.labels, loss: Self.ms)
        #expect(single.parameters == copy.parameters && again.step == 1)
    }

    /// Batches of another size re-size the workspace: each batch's gradient still matches the
    /// double pipeline (MLP → cosine → loss → backward) at the same parameters.
    @Test func batchesOfDifferentSizes() throws {
        let session = try Self.smallSession()
        var single = try SingleTrainingStep(session: session)
        let model = single.model
        let all = session.batch
        for rows in [all.indices.count, 6, 2, all.indices.count] {
            let features = Matrix(rows: rows, columns: all.features.columns, storage: Array(all.features.storage.prefix(rows * all.features.columns)))
            let labels = PairLabels(Array(all.labels.labels.prefix(rows)))
            let (e, cache) = model.forwardWithCache(features)
            let forward = CosineSimilarity.forward(e)
            let weights = SmoothTestLoss().evaluate(similarity: forward.similarity, labels: labels)
            let expected = model.backward(CosineSimilarity.embeddingGradient(pairWeights: weights.gradient, forward: forward), cache: cache)
            let float = single.lossGradient(features: features, labels: labels, loss: SmoothTestLoss())
            #expect(relativeError(float.weights.value, weights.value) <= 1e-5, "\(rows) rows: loss")
            #expect(Self.error(float.gradient, expected) <= 1e-4, "\(rows) rows: dL/dθ")
        }
    }

    @Test func onlyAdam() throws {
        var c = TrainingConfiguration()
        c.classesPerBatch = 3
        c.samplesPerClass = 3
        c.optimizer = .sgd
        let session = try TrainingSession(split: smallSplit(), configuration: c)
        #expect(throws: TrainingError.self) { try SingleTrainingStep(session: session) }
    }
}
