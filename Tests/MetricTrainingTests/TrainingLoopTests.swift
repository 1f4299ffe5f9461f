import MetricTraining
import PairWeighting
import Synchronization
import Testing

/// `TrainingSession.train`, the loop `gpw train`, `gpw compare` and the explorer share, is the
/// step-by-step loop each of them used to write out.
@Suite struct TrainingLoopTests {
    func session(seed: UInt64 = 3) throws -> TrainingSession {
        var c = TrainingConfiguration()
        c.seed = seed
        return try TrainingSession(split: smallSplit(), configuration: c)
    }

    @Test func thenNextIsStepThenDrawWithTheScheduledEvaluations() throws {
        var byHand = try session(), looped = try session()
        var handReports: [StepReport] = [], handEvaluations: [Int: RetrievalMetrics] = [:]
        for k in 1...7 {
            handReports.append(try byHand.trainStep(loss: SmoothTestLoss()))
            byHand.drawBatch()
            if k % 3 == 0 || k == 7 { handEvaluations[k] = byHand.evaluate(full: true) }
        }
        var steps: [LoopStep] = []
        let error = looped.train(SmoothTestLoss(), steps: 7, batches: .thenNext,
                                 evaluating: EvaluationSchedule(every: 3, atEnd: true, full: true)) { steps.append($0) }
        #expect(error == nil)
        #expect(steps.map(\.report.step) == Array(1...7))
        #expect(zip(steps, handReports).allSatisfy { $0.report.loss == $1.loss && $0.report.weights == $1.weights })
        #expect(Dictionary(uniqueKeysWithValues: steps.compactMap { s in s.evaluation.map { (s.report.step, $0) } })
                == handEvaluations)
        #expect(looped.model == byHand.model && looped.batch == byHand.batch && looped.step == 7)
    }

    @Test func newEachStepLeavesTheTrainedBatchAndSameKeepsIt() throws {
        var byHand = try session(), looped = try session()
        for _ in 0..<3 {
            byHand.drawBatch()
            _ = try byHand.trainStep(loss: SmoothTestLoss())
        }
        var before: [MLP] = []
        looped.train(SmoothTestLoss(), steps: 3, batches: .newEachStep, evaluating: nil) { before.append($0.modelBefore) }
        #expect(looped.model == byHand.model && looped.batch == byHand.batch)
        let fresh = try session()
        #expect(before.count == 3 && before[0] == fresh.model)

        var same = try session()
        let batch = same.batch
        same.train(SmoothTestLoss(), steps: 4, batches: .same, evaluating: EvaluationSchedule(every: 2))
        #expect(same.batch == batch && same.step == 4)
    }

    /// A loss that is finite for its first `finite` evaluations, then NaN.
    final class TurnsNaN: TestOnlyLoss {
        let left: Mutex<Int>
        init(finite: Int) { left = Mutex(finite) }
        func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
            let finite = left.withLock { n in n -= 1; return n >= 0 }
            SmoothTestLoss().computeWeights(similarity: similarity, labels: labels, into: &result)
            if !finite { result.value = .nan }
        }
    }

    @Test func stopsAtTheFirstFailedStepAndSaysWhy() throws {
        var s = try session()
        var seen: [Int] = []
        let error = s.train(TurnsNaN(finite: 2), steps: 10, batches: .thenNext,
                            evaluating: EvaluationSchedule(every: 1)) { seen.append($0.report.step) }
        #expect(error == .diverged(step: 3))
        #expect(seen == [1, 2] && s.step == 2)
    }
}
