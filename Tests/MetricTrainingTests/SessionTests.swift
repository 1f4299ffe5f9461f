import MetricTraining
import PairWeighting
import Testing

@Suite struct SessionTests {
    func configuration(seed: UInt64 = 1) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.seed = seed
        return c
    }

    func run(seed: UInt64, steps: Int) throws -> (reports: [StepReport], metrics: RetrievalMetrics, session: TrainingSession) {
        var s = try TrainingSession(split: smallSplit(), configuration: configuration(seed: seed))
        var reports: [StepReport] = []
        for _ in 0..<steps {
            reports.append(try s.trainStep(loss: SmoothTestLoss()))
            s.drawBatch()
        }
        return (reports, s.evaluate(full: true), s)
    }

    @Test func sameSeedSameEverything() throws {
        let a = try run(seed: 7, steps: 5), b = try run(seed: 7, steps: 5)
        for (x, y) in zip(a.reports, b.reports) {
            #expect(x.loss == y.loss && x.embeddings == y.embeddings && x.similarity == y.similarity)
            #expect(x.weights == y.weights && x.gradientNorm == y.gradientNorm && x.parameterNorm == y.parameterNorm)
        }
        #expect(a.metrics == b.metrics)
        #expect(a.session.model == b.session.model)
    }

    @Test func differentSeedDifferentWeightsAndBatches() throws {
        let a = try run(seed: 7, steps: 2), b = try run(seed: 8, steps: 2)
        #expect(a.session.model != b.session.model)
        #expect(a.reports[0].embeddings != b.reports[0].embeddings)
        let s7 = try TrainingSession(split: smallSplit(), configuration: configuration(seed: 7))
        let s8 = try TrainingSession(split: smallSplit(), configuration: configuration(seed: 8))
        #expect(s7.batch.indices != s8.batch.indices)
    }

    @Test func resetRestartsWeightsStepAndBatchStream() throws {
        var s = try TrainingSession(split: smallSplit(), configuration: configuration())
        let fresh = s
        _ = try s.trainStep(loss: SmoothTestLoss())
        s.drawBatch()
        #expect(s.step == 1 && s.model != fresh.model)
        s.resetModel()
        #expect(s.step == 0 && s.model == fresh.model && s.batch == fresh.batch)
        // After a reset, training repeats exactly.
        var t = fresh
        #expect(try s.trainStep(loss: SmoothTestLoss()).loss == t.trainStep(loss: SmoothTestLoss()).loss)
    }

    @Test func theBatchStreamDoesNotDependOnTheLoss() throws {
        // gpw compare's premise: sessions copied from one another see the same batches.
        var a = try TrainingSession(split: smallSplit(), configuration: configuration())
        var b = a
        _ = try a.trainStep(loss: SmoothTestLoss())
        _ = try b.trainStep(loss: ContrastiveLoss(spec: ContrastiveLoss.kind.defaultSpec))
        a.drawBatch()
        b.drawBatch()
        #expect(a.batch == b.batch)
        #expect(a.model != b.model)
    }

    @Test func similarityOfTheCurrentBatchMatchesTheEngine() throws {
        let s = try TrainingSession(split: smallSplit(), configuration: configuration())
        let (e, sim) = s.similarity()
        #expect(e == s.embed(s.batch.features))
        #expect(sim == CosineSimilarity.forward(e).similarity)
        #expect(e.rows == 16 && e.columns == 16)
    }

    @Test func hugeLearningRateStopsAtTheFirstStepAndKeepsTheModel() throws {
        var c = configuration()
        c.learningRate = 100
        var s = try TrainingSession(split: smallSplit(), configuration: c)
        let before = s.model
        #expect(throws: TrainingError.self) { try s.trainStep(loss: SmoothTestLoss()) }
        do {
            _ = try s.trainStep(loss: SmoothTestLoss())
        } catch {
            guard case .unstableUpdate(let step, let ratio) = error else { Issue.record("\(error)"); return }
            #expect(step == 1 && ratio > 100)
            #expect(error.description.hasPrefix("training diverged at step 1 "))
        }
        #expect(s.model == before && s.step == 0)
    }

    /// A refused step leaves the optimiser's state (Adam's moments, its step count) as it was:
    /// lowering the rate and stepping again gives exactly what a session that never tried gives.
    @Test func aRefusedStepLeavesTheOptimiserUntouched() throws {
        for kind in OptimizerKind.allCases {
            var c = configuration()
            c.optimizer = kind
            c.momentum = 0.9
            var tried = try TrainingSession(split: smallSplit(), configuration: c)
            let fresh = tried
            tried.setLearningRate(100)
            #expect(throws: TrainingError.self) { try tried.trainStep(loss: SmoothTestLoss()) }
            tried.setLearningRate(c.learningRate)
            var never = fresh
            for _ in 0..<2 {
                let a = try tried.trainStep(loss: SmoothTestLoss()), b = try never.trainStep(loss: SmoothTestLoss())
                #expect(a.parameterNorm == b.parameterNorm, "\(kind)")
                tried.drawBatch()
                never.drawBatch()
            }
            #expect(tried.model == never.model, "\(kind)")
        }
    }

    @Test func aNaNLossIsReportedAsDivergence() throws {
        struct NaNLoss: TestOnlyLoss {
            func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) { result.value = .nan }
        }
        var s = try TrainingSession(split: smallSplit(), configuration: configuration())
        #expect(throws: TrainingError.diverged(step: 1)) { try s.trainStep(loss: NaNLoss()) }
        #expect(TrainingError.diverged(step: 3).description == "training diverged at step 3 (loss is NaN)")
    }

    @Test func evaluationSubsetIsFixedAndPerClass() throws {
        var c = configuration()
        c.evaluationSubsetPerClass = 4
        let s = try TrainingSession(split: smallSplit(), configuration: c)
        let labels = s.evaluationRows.map { s.split.test.labels[$0] }
        #expect(s.evaluationRows.count == 16)
        #expect(Set(labels).count == 4 && labels.count == 16)
        #expect(s.evaluate().queries == 16 && s.evaluate(full: true).queries == 24)
        let again = try TrainingSession(split: smallSplit(), configuration: c)
        #expect(again.evaluationRows == s.evaluationRows)
    }

    @Test func trainingOnTheDemoPresetLowersTheLossAndRaisesMAPAtR() throws {
        let split = try DataSplit(SyntheticPreset.demo.parameters.generate(), rule: .halvesOfClasses)
        var c = TrainingConfiguration()
        c.classesPerBatch = 8
        c.samplesPerClass = 8
        c.learningRate = 0.01
        var s = try TrainingSession(split: split, configuration: c)
        let before = s.evaluate()
        let loss = SmoothTestLoss()
        var early: [Double] = [], late: [Double] = []
        for step in 0..<200 {
            let r = try s.trainStep(loss: loss)
            if step < 20 { early.append(r.loss) }
            if step >= 180 { late.append(r.loss) }
            s.drawBatch()
        }
        let after = s.evaluate()
        #expect(late.reduce(0, +) < 0.8 * early.reduce(0, +))
        #expect(after.mapAtR > before.mapAtR + 0.1, "MAP@R \(before.mapAtR) -> \(after.mapAtR)")
        #expect(after.mapAtR > s.evaluateRawFeatures().mapAtR)
    }
}
