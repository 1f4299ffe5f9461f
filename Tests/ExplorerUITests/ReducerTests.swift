import ExplorerUI
import MetricTraining
import Testing
import TUICore

@Suite struct ReducerTests {
    @Test func nTakesOneStepWithTheFocusedLoss() throws {
        var state = try Fixture.state()
        let before = state.similarity
        try Fixture.press("n n n", on: &state)
        #expect(state.session.step == 3)
        #expect(state.similarity != before)
    }

    @Test func spaceRunsAndTicksAdvanceABoundedNumberOfSteps() throws {
        var state = try Fixture.state()
        _ = reduce(&state, .tick)
        #expect(state.session.step == 0)
        try Fixture.press("space", on: &state)
        #expect(state.isRunning)
        let batch = state.session.batch
        _ = reduce(&state, .tick)
        _ = reduce(&state, .tick)
        #expect(state.session.step == 2 * state.settings.stepsPerTick)
        #expect(state.session.batch != batch)
        try Fixture.press("space", on: &state)
        _ = reduce(&state, .tick)
        #expect(!state.isRunning && state.session.step == 2 * state.settings.stepsPerTick)
    }

    @Test func bDrawsANewBatchWithoutStepping() throws {
        var state = try Fixture.state()
        let batch = state.session.batch
        try Fixture.press("b", on: &state)
        #expect(state.session.batch != batch)
        #expect(state.session.step == 0)
    }

    @Test func rResetsToTheSeedsFirstBatch() throws {
        var state = try Fixture.state()
        let fresh = state
        try Fixture.press("n n b space r", on: &state)
        #expect(state.session.step == 0)
        #expect(state.session.batch == fresh.session.batch)
        #expect(state.similarity == fresh.similarity)
        #expect(!state.isRunning)
    }

    @Test func theCursorMovesAndStaysInTheBatch() throws {
        var state = try Fixture.state()
        #expect(state.cursor == PairIndex(row: 0, column: 1))
        try Fixture.press("down j right l", on: &state)
        #expect(state.cursor == PairIndex(row: 2, column: 3))
        try Fixture.press("up k k left h h h", on: &state)
        #expect(state.cursor == PairIndex(row: 0, column: 0))
        for _ in 0..<40 { try Fixture.press("j l", on: &state) }
        #expect(state.cursor == PairIndex(row: 15, column: 15))
    }

    @Test func tabCyclesTheFocusBothWays() throws {
        var state = try Fixture.state()
        try Fixture.press("tab tab", on: &state)
        #expect(state.focus == 2)
        try Fixture.press("shift-tab shift-tab shift-tab", on: &state)
        #expect(state.focus == state.losses.count - 1)
    }

    @Test func focusingALossOffScreenPagesToIt() throws {
        var state = try Fixture.state()
        try Fixture.press("tab tab tab", on: &state)  // binomial, the 4th loss: page 2 at 80x24 (3 a page)
        let layout = try #require(Layout.arrange(state, size: state.viewSize))
        #expect(layout.lossesPerPage == 3 && layout.firstLoss == 3)
        #expect(layout.frames.map(\.kind) == [.similarity, .loss(3), .loss(4)])
    }

    @Test func theFocusedLossIsTheOneThatTrains() throws {
        var a = try Fixture.state(losses: ["contrastive", "contrastive:neg-margin=-1"])
        var b = a
        try Fixture.press("n", on: &a)
        try Fixture.press("tab n", on: &b)
        #expect(a.similarity != b.similarity)
    }

    @Test func helpIsModal() throws {
        var state = try Fixture.state()
        try Fixture.press("? n j tab", on: &state)
        #expect(state.isShowingHelp && state.session.step == 0 && state.focus == 0 && state.cursor.row == 0)
        try Fixture.press("esc", on: &state)
        #expect(!state.isShowingHelp)
        try Fixture.press("? ?", on: &state)
        #expect(!state.isShowingHelp)
    }

    @Test func qQuitsFromEveryMode() throws {
        for script in ["", "?", "space"] {
            var state = try Fixture.state()
            try Fixture.press(script, on: &state)
            #expect(reduce(&state, .keyPressed(.character("q"))) == [.quit])
            #expect(state.isFinished)
        }
        var tiny = try Fixture.state(size: Size(width: 30, height: 8))
        #expect(reduce(&tiny, .keyPressed(.character("n"))) == [])
        #expect(tiny.session.step == 0)
        #expect(reduce(&tiny, .keyPressed(.character("q"))) == [.quit])
    }

    @Test func pagingWrapsAndResizeKeepsItAligned() throws {
        var state = try Fixture.state()
        let first = { (state: AppState) in Layout.arrange(state, size: state.viewSize)?.firstLoss }
        try Fixture.press(">", on: &state)
        #expect(first(state) == 3)
        try Fixture.press(">", on: &state)
        #expect(first(state) == 0)       // wraps to the first page
        try Fixture.press("<", on: &state)
        #expect(first(state) == 3)
        _ = reduce(&state, .resized(Size(width: 160, height: 48)))
        #expect(first(state) == 0)        // everything fits: no page
        _ = reduce(&state, .resized(Size(width: 80, height: 24)))
        #expect(first(state) == 3)
    }

    @Test func trainingAnUnknownLossSaysWhyAndStopsRunning() throws {
        var state = try Fixture.state(losses: ["nope", "contrastive"])
        try Fixture.press("space", on: &state)
        _ = reduce(&state, .tick)
        #expect(!state.isRunning)
        #expect(state.session.step == 0)
        #expect(state.message?.contains("cannot train nope") == true)
    }

    /// Several steps a tick are the same steps as one a tick: same network, batch, curves and
    /// delta view; a `t` target stops the tick that reaches it.
    @Test func stepsPerTickTrainsTheSameStepsAsOneATick() throws {
        func state(stepsPerTick: Int) throws -> AppState {
            var configuration = TrainingConfiguration()
            configuration.classesPerBatch = 4
            configuration.samplesPerClass = 4
            let session = try TrainingSession(split: try Fixture.split(), configuration: configuration)
            return AppState(session: session, settings: ExplorerSettings(datasetName: "fixture", stepsPerTick: stepsPerTick))
        }
        var three = try state(stepsPerTick: 3), one = try state(stepsPerTick: 1)
        try ActionScript.replay(ActionScript.parse("A t 1 1 enter tick*5"), on: &three)
        try ActionScript.replay(ActionScript.parse("A t 1 1 enter tick*12"), on: &one)
        #expect(three.session.step == 11 && one.session.step == 11)
        #expect(three.session.model == one.session.model && three.session.batch == one.session.batch)
        #expect(three.history == one.history && three.message == "reached step 11" && one.message == three.message)
        #expect(three.evaluations == one.evaluations && three.earlierEvaluations == one.earlierEvaluations)
        #expect(!three.isRunning && !one.isRunning)
    }
}
