@testable import ExplorerUI
import MetricTraining
import PairWeighting
import Testing
import TUICore

/// The teaching controls: parameters, presets, loss list, batch shape, data, seed, learning
/// rate, views, and the live comparison.
@Suite struct ControlsTests {
    @Test func bracketsChooseAParameterAndPlusMinusStepIt() throws {
        var state = try Fixture.state(losses: ["ms", "contrastive"], overlap: true)
        #expect(state.selectedParameter?.parameter.name == "alpha")
        try Fixture.press("] ]", on: &state)
        #expect(state.selectedParameter?.parameter.name == "lambda")
        let before = state.evaluations[0]
        try Fixture.press("+", on: &state)
        #expect(state.losses[0].text == "ms:lambda=0.55")
        #expect(state.evaluations[0] != before)               // re-weighed at once, no step taken
        #expect(state.session.step == 0)
        try Fixture.press("- - =", on: &state)
        #expect(state.losses[0].text == "ms")                 // back at the default
        for _ in 0..<40 { try Fixture.press("+", on: &state) }
        #expect(parameter(state.losses[0].spec, "lambda") == .number(1))  // clamped at the range's top
        try Fixture.press("[ [ [", on: &state)                // wraps: 2 -> 1 -> 0 -> reduction (last)
        #expect(state.selectedParameter?.parameter.name == "reduction")
        try Fixture.press("+", on: &state)
        #expect(parameter(state.losses[0].spec, "reduction") == .choice("nonzero"))
        try Fixture.press("+", on: &state)
        #expect(parameter(state.losses[0].spec, "reduction") == .choice("batch"))
        try Fixture.press("tab", on: &state)
        #expect(state.selectedParameter?.parameter.name == "pos-margin")
    }

    @Test func raisingLambdaCollapsesTheMSNegativeWeights() throws {
        var state = try Fixture.state(losses: ["ms"], overlap: true)
        try Fixture.press("n n", on: &state)
        func negativeTotal(_ state: AppState) throws -> Double {
            let w = try #require(state.evaluations[0])
            let labels = state.session.batch.labels.labels
            var total = 0.0
            for i in labels.indices { for j in labels.indices where labels[i] != labels[j] { total += w.gradient[i, j] } }
            return total
        }
        let atHalf = try negativeTotal(state)
        #expect(atHalf > 0)
        try Fixture.press("] ] + + + + + + + + + +", on: &state)
        #expect(parameter(state.losses[0].spec, "lambda") == .number(1))
        #expect(try negativeTotal(state) < atHalf / 10)
    }

    @Test func presetsCycleThroughTheAblations() throws {
        var state = try Fixture.state(losses: ["ms"], overlap: true)
        try Fixture.press("p", on: &state)
        #expect(state.losses[0].text == "ms:mining=off")
        try Fixture.press("p p", on: &state)
        #expect(state.losses[0].text == "binomial:mining=on")
        // Binomial's weighting after MS's mining: the same pairs as MS, other weights.
        let mined = try #require(state.evaluations[0])
        let ms = MultiSimilarityLoss(spec: MultiSimilarityLoss.kind.defaultSpec)
            .evaluate(similarity: state.similarity, labels: state.session.batch.labels)
        #expect(mined.mines && mined.status == ms.status && mined.status.contains(.notSelected))
        #expect(mined.gradient != ms.gradient)
        try Fixture.press("n", on: &state)
        #expect(state.session.step == 1)
    }

    @Test func presetsSkipLossesAnotherPanelShows() throws {
        var state = try Fixture.state(losses: ["contrastive", "triplet", "lifted", "binomial", "ms"])
        try Fixture.press("tab", on: &state)                      // triplet; lifted, binomial, ms are taken
        try Fixture.press("p", on: &state)
        #expect(state.losses[1].text == "ms:mining=off")
        #expect(Set(state.losses.map(\.text)).count == state.losses.count)
    }

    @Test func aLossThatDidNotParseSaysWhyAndIsNotTrained() throws {
        var state = try Fixture.state(losses: ["ms:beta=oops"])
        #expect(state.losses[0].spec == nil && state.evaluations[0] == nil)
        #expect(inspectorLines(state).contains { $0.text.contains("why nothing for ms:beta=oops") })
        try Fixture.press("n", on: &state)
        #expect(state.session.step == 0 && state.message?.contains("cannot train") == true)
    }

    @Test func aAddsAPresetNotOnScreenAndXRemovesTheFocusedPanel() throws {
        var state = try Fixture.state(losses: ["contrastive", "triplet"])
        try Fixture.press("a", on: &state)
        #expect(state.losses.map(\.text) == ["contrastive", "triplet", "lifted"])
        #expect(state.focus == 2 && state.evaluations.count == 3)
        try Fixture.press("x x", on: &state)
        #expect(state.losses.map(\.text) == ["contrastive"])
        try Fixture.press("x", on: &state)
        #expect(state.losses.count == 1 && state.message?.contains("last loss") == true)
    }

    @Test func batchShapeSeedAndLearningRateKeys() throws {
        var state = try Fixture.state()
        try Fixture.press("n n", on: &state)
        try Fixture.press("P", on: &state)
        #expect(state.session.configuration.classesPerBatch == 6 && state.batchCount == 24 && state.session.step == 0)
        try Fixture.press("K", on: &state)
        #expect(state.session.configuration.samplesPerClass == 5 && state.batchCount == 30)
        try Fixture.press("P", on: &state)   // 8 and 16 classes: more than the fixture's 6 training classes
        #expect(state.session.configuration.classesPerBatch == 2)
        #expect(state.message?.hasPrefix("batch 2x5: model reset (skipped 8x5: ") == true, "\(state.message ?? "")")
        #expect(state.message?.hasSuffix("; and 1 more)") == true)
        try Fixture.press("s", on: &state)
        #expect(state.session.configuration.seed == 2)
        try Fixture.press("L", on: &state)
        #expect(state.session.configuration.learningRate == 3e-3)
        try Fixture.press("L L L L", on: &state)
        #expect(state.session.configuration.learningRate == 1e-4)   // wrapped
    }

    @Test func dAsksTheRunLoopForTheNextDataset() throws {
        var state = try Fixture.state()
        #expect(reduce(&state, .keyPressed(.character("d"))) == [.loadDataset("letters")])
        let split = try Fixture.split(classes: 8)
        _ = reduce(&state, .datasetLoaded(name: "letters", split: split))
        #expect(state.settings.datasetName == "letters" && state.session.split == split && state.session.step == 0)
        #expect(reduce(&state, .keyPressed(.character("d"))) == [.loadDataset("leaves")])
        _ = reduce(&state, .datasetFailed(name: "leaves", message: "no such file"))
        #expect(state.settings.datasetName == "letters" && state.message == "cannot load leaves: no such file")
    }

    @Test func viewsCycleBothWaysAndDigitsPickOne() throws {
        var state = try Fixture.state()
        #expect(state.selectedView == nil)
        try Fixture.press("v v", on: &state)
        #expect(state.selectedView == .weights)
        try Fixture.press("5 v", on: &state)
        #expect(state.selectedView == nil)           // after the last view: the panels alone
        try Fixture.press("V", on: &state)
        #expect(state.selectedView == .embedding)
        try Fixture.press("V V", on: &state)
        #expect(state.selectedView == .distributions)
    }

    /// `0` means "panels only" at every size: at 160x48 the inspector otherwise fills the free space.
    @Test func zeroShowsThePanelsAloneAtEverySize() throws {
        var state = try Fixture.state(size: Size(width: 160, height: 48))
        #expect(render(state, size: state.viewSize).text().contains("inspector"))
        try Fixture.press("0", on: &state)
        let text = render(state, size: state.viewSize).text()
        #expect(!text.contains("inspector") && !text.contains("why contrastive"))
        try Fixture.press("1", on: &state)
        #expect(render(state, size: state.viewSize).text().contains("why contrastive"))
    }

    @Test func theCurvesRecordLossesAndEvaluations() throws {
        var state = try Fixture.state()
        #expect(state.history.evaluations.map(\.step) == [0])
        for _ in 0..<ControlLadders.evaluateEvery { try Fixture.press("n", on: &state) }
        #expect(state.history.losses.count == ControlLadders.evaluateEvery)
        #expect(state.history.evaluations.map(\.step) == [0, ControlLadders.evaluateEvery])
        #expect(state.history.evaluations.last?.mapAtR == state.session.evaluate().mapAtR)
        try Fixture.press("r", on: &state)
        #expect(state.history.losses.isEmpty && state.history.evaluations.count == 1)
    }

    @Test func compareTrainsEveryLossFromOneStartInBoundedTicks() throws {
        var state = try Fixture.state(losses: ["contrastive", "ms", "ms:beta=oops"])
        try Fixture.press("n n n", on: &state)               // the comparison starts from step 0 anyway
        try Fixture.press("c", on: &state)
        let run = try #require(state.compare)
        #expect(run.lanes.map(\.name) == ["contrastive", "ms"] && run.skipped == ["ms:beta=oops"])
        #expect(state.selectedView == .curves && state.wantsTicks)
        _ = reduce(&state, .tick)                             // one evaluation per tick: lane 0 first
        #expect(state.compare?.lanes.map(\.step) == [ControlLadders.compareEvery, 0] && state.compare?.step == 0)
        _ = reduce(&state, .tick)
        #expect(state.compare?.step == ControlLadders.compareEvery)
        #expect(state.session.step == 3)                      // the explorer's own model is untouched
        // The same start: both lanes' first evaluations agree with a fresh model's.
        var fresh = state.session
        fresh.resetModel()
        #expect(state.compare?.lanes.allSatisfy { $0.curve[0].mapAtR == fresh.evaluate().mapAtR } == true)
        // gpw compare's protocol: lane 0 equals training contrastive alone for the same steps.
        var alone = fresh
        let loss = try LossSpec.parse("contrastive").makeLoss()
        for _ in 0..<ControlLadders.compareEvery { _ = try alone.trainStep(loss: loss); alone.drawBatch() }
        #expect(state.compare?.lanes[0].curve.last?.mapAtR == alone.evaluate().mapAtR)
        try Fixture.press("c", on: &state)
        #expect(state.compare?.isFinished == true && state.compare?.isCancelled == true)
        #expect(!state.wantsTicks)
        try Fixture.press("c", on: &state)                    // a new one
        let ticks = 2 * ControlLadders.compareSteps / ControlLadders.compareEvery
        for _ in 0..<(ticks - 1) { _ = reduce(&state, .tick) }
        #expect(state.compare?.isFinished == false)
        _ = reduce(&state, .tick)
        #expect(state.compare?.step == ControlLadders.compareSteps && state.compare?.isFinished == true)
        #expect(state.compare?.lanes.allSatisfy { $0.curve.count == 1 + ControlLadders.compareSteps / ControlLadders.compareEvery } == true)
        #expect(state.message?.hasPrefix("compare done: 200 steps; best MAP@R") == true)
    }

    @Test func escStopsACompare() throws {
        var state = try Fixture.state(losses: ["contrastive", "ms"])
        try Fixture.press("c", on: &state)
        _ = reduce(&state, .tick)
        _ = reduce(&state, .tick)
        try Fixture.press("esc", on: &state)
        #expect(state.compare?.isCancelled == true && state.compare?.step == ControlLadders.compareEvery)
        _ = reduce(&state, .tick)
        #expect(state.compare?.lanes.map(\.step) == [ControlLadders.compareEvery, ControlLadders.compareEvery])
    }

    @Test func principalProjectionFindsTheLongAxis() {
        // Points spread along (1, 1)/√2 with a little spread across it.
        var storage: [Double] = []
        for t in -3...3 { for s in [-1.0, 1.0] { storage += [Double(t) + 0.1 * s, Double(t) - 0.1 * s] } }
        let points = principalProjection(Matrix(rows: storage.count / 2, columns: 2, storage: storage))
        for (k, point) in points.enumerated() {
            let x = storage[2 * k], y = storage[2 * k + 1]
            #expect(abs(point.0 - (x + y) / 2.0.squareRoot()) < 1e-9)
            #expect(abs(abs(point.1) - abs(x - y) / 2.0.squareRoot()) < 1e-9)
        }
    }

    @Test func sparklinesScaleAndBucket() {
        #expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], width: 8, ascii: false) == "▁▂▃▄▅▆▇█")
        #expect(sparkline([0, 0, 7, 7], width: 2, ascii: true) == "_#")
        #expect(sparkline([1, 1], width: 4, range: 0...2, ascii: true) == "==")   // 3.5 of 7 rounds up
    }
}

/// A spec's parameter as the explorer edits it (by its listed name, as `gpw losses` shows it).
private func parameter(_ spec: LossSpec?, _ name: String) -> ParameterValue? {
    spec?.parameters.first { $0.name == name }?.value
}
