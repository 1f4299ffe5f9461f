@testable import ExplorerUI
import Testing
import TUICore

/// Issue 15's lecture controls: pace, run until a step, the same batch, undo, bookmarks, the
/// comparison's length, the recording key.
@Suite struct LectureControlsTests {
    static let size = Size(width: 80, height: 24)

    /// The state `script` leaves, replayed through the reducer from a fresh fixture.
    func state(after script: String) throws -> AppState {
        var state = try Fixture.state(size: Self.size)
        try Fixture.press(script, on: &state)
        return state
    }

    /// Replays `state`'s key log on a fresh state (as `gpw snapshot --keys` does).
    func replayed(_ state: AppState) throws -> AppState {
        var fresh = try Fixture.state(size: Self.size)
        ActionScript.replay(try ActionScript.parse(ActionScript.reproduction(of: state)), on: &fresh)
        return fresh
    }

    func screen(_ state: AppState) -> String { render(state, size: Self.size).text() }

    // MARK: pace

    @Test func paceKeysStepTheLadderAndTheWaitIsAPureFunctionOfTheState() throws {
        var state = try state(after: "space")
        #expect(state.lecture.pace == nil)
        #expect(tickMilliseconds(state) == 10)
        try Fixture.press("comma comma", on: &state)
        #expect(state.lecture.pace == 10)
        #expect(tickMilliseconds(state) == 100)
        #expect(screen(state).contains("│ 10/s"))
        try Fixture.press("comma comma comma comma comma", on: &state)
        #expect(state.lecture.pace == 1)
        #expect(tickMilliseconds(state) == 1000)
        #expect(state.message?.contains("slowest") == true)
        try Fixture.press(". . .", on: &state)
        #expect(state.lecture.pace == 10)
        try Fixture.press(". . .", on: &state)
        #expect(state.lecture.pace == nil)
        #expect(!screen(state).contains("/s"))
        // Paused: the loop polls slowly whatever the pace.
        try Fixture.press("comma space", on: &state)
        #expect(!state.isRunning && tickMilliseconds(state) == 100)
        #expect(screen(state).contains("│ 30/s"))
    }

    @Test func aPacedRunReplaysFromItsLogWithoutTheClock() throws {
        var state = try state(after: "comma comma comma space")
        for _ in 0..<7 { _ = reduce(&state, .tick) }
        try Fixture.press("space", on: &state)
        #expect(state.session.step == 7)
        #expect(ActionScript.reproduction(of: state) == "comma comma comma space tick*7 space")
        let again = try replayed(state)
        #expect(again.session.step == 7)
        #expect(screen(again) == screen(state))
    }

    @Test func runUntilStepStopsThereAndSaysSo() throws {
        var state = try state(after: "n n t 1 2 enter")
        #expect(state.isRunning && state.lecture.runTarget == 12)
        #expect(screen(state).contains("to step 12"))
        for _ in 0..<30 { _ = reduce(&state, .tick) }
        #expect(state.session.step == 12)
        #expect(!state.isRunning)
        #expect(state.message == "reached step 12")
        #expect(try screen(replayed(state)) == screen(state))
    }

    @Test func runUntilRefusesAStepAlreadyPassedAndEscCancels() throws {
        var state = try state(after: "n n n t 2 enter")
        #expect(!state.isRunning && state.message?.contains("already at step 3") == true)
        try Fixture.press("t 5 esc n", on: &state)
        #expect(state.lecture.prompt == nil && state.session.step == 4 && !state.isRunning)
    }

    @Test func theRepeatToggleTrainsOnTheSameBatch() throws {
        var state = try state(after: "R space")
        let batch = state.session.batch
        for _ in 0..<5 { _ = reduce(&state, .tick) }
        #expect(state.session.step == 5)
        #expect(state.session.batch == batch)
        #expect(screen(state).contains("same batch"))
        try Fixture.press("R", on: &state)
        _ = reduce(&state, .tick)
        #expect(state.session.batch != batch)
        // Five steps on one batch are the same as `n*5`.
        let manual = try self.state(after: "n n n n n")
        var repeated = try self.state(after: "R space")
        for _ in 0..<5 { _ = reduce(&repeated, .tick) }
        #expect(manual.similarity == repeated.similarity)
    }

    // MARK: undo

    @Test func undoAfterAResetGivesTheSameScreenByteForByte() throws {
        var state = try state(after: "tab tab tab tab n n n")
        let before = screen(state)
        try Fixture.press("r", on: &state)
        #expect(state.session.step == 0)
        #expect(screen(state) != before)
        try Fixture.press("U", on: &state)
        #expect(state.session.step == 3)
        #expect(screen(state) == before)
        // The log with `U` in it replays to the same screen.
        #expect(ActionScript.reproduction(of: state) == "tab*4 n n n r U")
        #expect(try screen(replayed(state)) == before)
    }

    @Test func everyStateChangingKeyIsUndoneToTheScreenBeforeIt() throws {
        for key in ["n", "b", "r", "s", "S", "P", "K", "(", "{", ";", "L", "+", "p", "O", "a", "x"] {
            var state = try state(after: "n n j l")
            let before = screen(state)
            try Fixture.press(key, on: &state)
            #expect(screen(state) != before, "\(key) changed nothing")
            try Fixture.press("U", on: &state)
            #expect(screen(state) == before, "U after \(key)")
        }
    }

    @Test func navigationIsNotALevelAndStaysAcrossAnUndo() throws {
        var state = try state(after: "n n")
        try Fixture.press("j l l 1 z", on: &state)
        #expect(state.lecture.undo.count == 2)
        let cursor = state.cursor
        try Fixture.press("U", on: &state)
        #expect(state.session.step == 1)
        #expect(state.cursor == cursor && state.selectedView == .inspector)
    }

    @Test func aRunIsOneLevel() throws {
        var state = try state(after: "n space")
        for _ in 0..<9 { _ = reduce(&state, .tick) }
        #expect(state.session.step == 10)
        try Fixture.press("U", on: &state)
        #expect(state.session.step == 1 && !state.isRunning)
    }

    @Test func fiftyLevelsAtLeastAndTheCountAndBytesAreBounded() throws {
        var state = try state(after: "")
        var screens: [String] = []
        for _ in 0..<60 {
            screens.append(screen(state))
            try Fixture.press("n", on: &state)
        }
        for level in (0..<60).reversed().prefix(55) {
            try Fixture.press("U", on: &state)
            #expect(screen(state) == screens[level])
        }
        #expect(state.session.step == 5)
        try Fixture.press(String(repeating: "n ", count: 150), on: &state)
        #expect(state.lecture.undo.count == UndoStack.maximumLevels)
        #expect(state.lecture.undo.bytes <= UndoStack.maximumBytes)
        #expect(state.lecture.undo.bytes >= UndoStack.maximumLevels * state.undoLevelBytes / 2)
        try Fixture.press(String(repeating: "U ", count: 120), on: &state)
        #expect(state.session.step == 55)
        #expect(state.message == nil || state.message == "nothing to undo")
    }

    @Test func aKeyThatChangesNothingLeavesNoLevel() throws {
        var state = try state(after: "n")
        try Fixture.press("space space", on: &state)   // a run of no ticks: one level
        let count = state.lecture.undo.count
        try Fixture.press("U", on: &state)
        #expect(state.lecture.undo.count == count - 1)
        try Fixture.press("U", on: &state)
        #expect(state.session.step == 0)
        try Fixture.press("U", on: &state)
        #expect(state.message == "nothing to undo")
    }

    // MARK: bookmarks

    @Test func aBookmarkReturnsToTheMarkedScreenAndUndoGoesBack() throws {
        var state = try state(after: "n n n j l 1 B 4")
        #expect(state.message?.contains("bookmark 4") == true)
        var marked = state
        marked.message = nil
        try Fixture.press("n n 0 k", on: &state)
        let later = screen(state)
        try Fixture.press("J 4", on: &state)
        #expect(state.session.step == 3)
        #expect(state.selectedView == .inspector && state.cursor == marked.cursor)
        state.message = nil
        #expect(screen(state) == screen(marked))
        try Fixture.press("U", on: &state)
        #expect(state.session.step == 5)
        #expect(screen(state) == later)
    }

    @Test func bookmarksComeBackFromTheKeyLog() throws {
        let state = try state(after: "n n B 1 n n n J 1 n")
        let again = try replayed(state)
        #expect(again.lecture.bookmarks.keys.sorted() == [1])
        #expect(again.session.step == 3)
        #expect(screen(again) == screen(state))
        var jumped = again
        try Fixture.press("J 1", on: &jumped)
        #expect(jumped.session.step == 2)
    }

    @Test func anUnmarkedDigitSaysWhichAreMarked() throws {
        let state = try state(after: "B 2 J 7")
        #expect(state.message == "no bookmark 7 (marked: 2)")
    }

    // MARK: compare

    @Test func compareTakesItsLengthAndShapeFromTheKeys() throws {
        var state = try state(after: "C 3 0 space 3 x 2 enter")
        let run = try #require(state.compare)
        #expect(run.total == 30)
        #expect(run.lanes.allSatisfy { $0.session.batch.labels.count == 6 })
        #expect(state.message == "compare: 30 steps on 3x2 batches")
        #expect(screen(state).contains("compare 0/30"))
        var progress: [Int] = []
        while state.compare?.isFinished == false {
            _ = reduce(&state, .tick)
            progress.append(state.compare?.step ?? -1)
        }
        #expect(progress.last == 30)
        #expect(progress == progress.sorted())
        #expect(try screen(replayed(state)) == screen(state))
        // The explorer's own model and batch shape are untouched; `c` now repeats 30 steps.
        #expect(state.session.configuration.classesPerBatch == 4)
        try Fixture.press("c", on: &state)
        #expect(state.compare?.total == 30)
    }

    @Test func compareRefusesABadShape() throws {
        let state = try state(after: "C 3 0 space 9 x 9 enter")
        #expect(state.compare == nil)
        #expect(state.message?.hasPrefix("compare 9x9") == true)
        let words = try self.state(after: "C x enter")
        #expect(words.compare == nil && words.message?.contains("type the steps") == true)
    }

    // MARK: recording

    @Test func theRecordKeyAsksTheRunLoopAndIsNotLogged() throws {
        var state = try state(after: "n")
        let effects = reduce(&state, .keyPressed(.character("F")))
        #expect(effects == [.startRecording])
        #expect(state.lecture.isRecording)
        #expect(screen(state).contains("│ rec"))
        var exported = state
        exported.hideRecordingMarks()
        #expect(!screen(exported).contains("│ rec"))
        #expect(reduce(&state, .keyPressed(.character("F"))) == [.stopRecording])
        #expect(ActionScript.reproduction(of: state) == "n")
        _ = reduce(&state, .keyPressed(.character("F")))
        _ = reduce(&state, .recordingFailed("disk full"))
        #expect(!state.lecture.isRecording && state.exportNotice == "recording failed: disk full")
    }

    // MARK: keys

    @Test func helpLinesFitAt80Columns() throws {
        for binding in KeyMap.main + KeyMap.help + KeyMap.exportMenu + KeyMap.pairPrompt
            + [LecturePrompt.Kind.runUntil, .compare, .mark, .jump].flatMap(LectureKeys.prompt) {
            #expect(binding.help.count < 62, "\(binding.help)")
        }
        for kind in [LecturePrompt.Kind.runUntil, .compare, .mark, .jump] {
            #expect(LecturePrompt(kind: kind, text: "12345 16x5").line.count < 80)
        }
    }
}
