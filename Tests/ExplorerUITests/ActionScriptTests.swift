import ExplorerUI
import Testing
import TUICore

/// Key scripts with ticks and sizes, the key log, and replaying the log.
@Suite struct ActionScriptTests {
    @Test func wordsParseToActions() throws {
        let actions = try ActionScript.parse("n*3 tick*2, resize=100x30\nspace shift-tab *")
        #expect(actions == [.keyPressed(.character("n")), .keyPressed(.character("n")), .keyPressed(.character("n")),
                            .tick, .tick, .resized(Size(width: 100, height: 30)), .keyPressed(.character(" ")),
                            .keyPressed(.backTab), .keyPressed(.character("*"))])
    }

    @Test(arguments: ["foo", "resize=0x3", "resize=80", "nn*3"])
    func badWordsAreRefusedWithTheValidNames(_ word: String) {
        #expect(throws: ActionScriptError(word: word)) { try ActionScript.parse("n " + word + " n") }
        let message = ActionScriptError(word: word).description
        #expect(message.contains("'\(word)'") && message.contains("shift-tab") && message.contains("tick")
                && message.contains("resize=WxH"))
    }

    /// Issue 19: a repeat above the limit names the limit, a repeat that is no number says so;
    /// neither is an "unknown key".
    @Test(arguments: [("n*1000000", ActionScriptError.Problem.repeatOutOfRange), ("n*100001", .repeatOutOfRange),
                      ("n*0", .repeatOutOfRange), ("n*99999999999999999999", .repeatOutOfRange),
                      ("n*x", .repeatNotANumber), ("tick*", .repeatNotANumber), ("n*-1", .repeatNotANumber)])
    func badRepeatsSayWhatIsWrong(_ word: String, _ problem: ActionScriptError.Problem) {
        #expect(throws: ActionScriptError(word: word, problem: problem)) { try ActionScript.parse("n " + word) }
        let message = ActionScriptError(word: word, problem: problem).description
        #expect(message.contains("'\(word)'") && message.contains("1...\(ActionScript.maximumRepeat)") && !message.contains("unknown key"), "\(message)")
        if problem == .repeatOutOfRange { #expect(message.contains("must be in 1...\(ActionScript.maximumRepeat)")) }
    }

    /// Issue 21, cause 6: the repeat cap is per word, so words of large repeats used to add up
    /// without limit (10,000 words of `n*100000` asked for a billion actions, gigabytes).
    @Test func theWholeScriptIsCappedNotOnlyEachWord() throws {
        let words = ActionScript.maximumActions / ActionScript.maximumRepeat
        let atTheCap = try ActionScript.parse(Array(repeating: "n*\(ActionScript.maximumRepeat)", count: words).joined(separator: " "))
        #expect(atTheCap.count == ActionScript.maximumActions)
        let over = Array(repeating: "tick*\(ActionScript.maximumRepeat)", count: words).joined(separator: " ") + " n"
        #expect(throws: ActionScriptError(word: "n", problem: .tooManyActions)) { try ActionScript.parse(over) }
        let message = ActionScriptError(word: "n", problem: .tooManyActions).description
        #expect(message.contains("\(ActionScript.maximumActions) actions"), "\(message)")
        #expect(throws: ActionScriptError(word: "resize=1001x20", problem: .sizeOutOfRange)) { try ActionScript.parse("resize=1001x20") }
        #expect(try ActionScript.parse("resize=1000x1000") == [.resized(Size(width: 1000, height: 1000))])
    }

    @Test func textCollapsesLongRunsOnly() {
        let n = Action.keyPressed(.character("n"))
        #expect(ActionScript.text([n, n, n, .tick, .tick, .tick, .tick, .tick]) == "n n n tick*5")
        #expect(ActionScript.text([.resized(Size(width: 90, height: 30)), .keyPressed(.character(" "))]) == "resize=90x30 space")
    }

    @Test func theLogKeepsBoundKeysTrainingTicksAndSizeChangesOnly() throws {
        var state = try Fixture.state()
        _ = reduce(&state, .tick)                                   // paused: not logged
        try Fixture.press("y n ? n ? l e", on: &state)              // y unbound; n inside help unbound; e is export
        _ = reduce(&state, .keyPressed(.character("E")))
        _ = reduce(&state, .keyPressed(.escape))                    // closes the export menu: not logged
        _ = reduce(&state, .resized(state.viewSize))                // no change: not logged
        _ = reduce(&state, .keyPressed(.character(" ")))
        _ = reduce(&state, .tick)
        _ = reduce(&state, .tick)
        _ = reduce(&state, .resized(Size(width: 100, height: 30)))
        _ = reduce(&state, .exported(path: "gpw-x.txt"))
        #expect(ActionScript.text(state.keyLog) == "n ? ? l space tick tick resize=100x30")
    }

    @Test func aLongRunIsOneLogEntry() throws {
        var state = try Fixture.state()
        try Fixture.press("space", on: &state)
        for _ in 0..<200 { _ = reduce(&state, .tick) }
        try Fixture.press("space", on: &state)
        #expect(state.keyLog.count == 3 && state.keyLog[1] == ActionRun(action: .tick, count: 200))
        #expect(ActionScript.reproduction(of: state) == "space tick*200 space")
    }

    /// Replaying the reproduction script from a fresh state at the final size draws the same
    /// screen, including runs (ticks), size changes and paging.
    @Test(arguments: [
        ("n n n l l j", Size(width: 80, height: 24)),
        ("space tick*7 space tab j", Size(width: 120, height: 40)),
        ("tab tab tab n", Size(width: 80, height: 24)),
        ("> n ? ?", Size(width: 100, height: 30)),
    ])
    func replayingTheLogRedrawsTheScreen(_ script: String, _ size: Size) throws {
        var state = try Fixture.state(size: size)
        ActionScript.replay(try ActionScript.parse(script), on: &state)
        var fresh = try Fixture.state(size: size)
        ActionScript.replay(try ActionScript.parse(ActionScript.reproduction(of: state)), on: &fresh)
        #expect(render(fresh, size: size) == render(state, size: size))
        #expect(ActionScript.reproduction(of: fresh) == ActionScript.reproduction(of: state))
    }

    @Test func sizeChangesAfterTheFirstKeyAreReplayedFromTheStartingSize() throws {
        // tab x3 at 80x24 pages to the panel of the 3rd loss; growing to 160x48 then shrinking
        // back must not be confused with tab x3 at 160x48.
        var state = try Fixture.state(size: Size(width: 160, height: 48))
        ActionScript.replay(try ActionScript.parse("resize=80x24 tab tab tab resize=160x48 resize=80x24"), on: &state)
        let script = ActionScript.reproduction(of: state)
        #expect(script == "tab tab tab resize=160x48 resize=80x24")
        var fresh = try Fixture.state(size: Size(width: 80, height: 24))
        ActionScript.replay(try ActionScript.parse(script), on: &fresh)
        #expect(render(fresh, size: fresh.viewSize) == render(state, size: state.viewSize))

        var grown = try Fixture.state(size: Size(width: 80, height: 24))
        ActionScript.replay(try ActionScript.parse("tab tab tab resize=160x48"), on: &grown)
        let grownScript = ActionScript.reproduction(of: grown)
        #expect(grownScript == "resize=80x24 tab tab tab resize=160x48")
        var replayed = try Fixture.state(size: Size(width: 160, height: 48))
        ActionScript.replay(try ActionScript.parse(grownScript), on: &replayed)
        #expect(render(replayed, size: replayed.viewSize) == render(grown, size: grown.viewSize))
    }
}

/// The export keys in the model: effects, the menu, the notice, and what an export shows.
@Suite struct ExportModelTests {
    @Test func eAsksForTheDefaultFormatAndEOpensTheMenu() throws {
        var state = try Fixture.state()
        state.exportFormat = .html
        #expect(reduce(&state, .keyPressed(.character("e"))) == [.export(.html)])
        #expect(reduce(&state, .keyPressed(.character("E"))) == [])
        #expect(state.isShowingExportMenu)
        #expect(render(state, size: state.viewSize).text().contains("markdown"))
        _ = reduce(&state, .tick)
        #expect(reduce(&state, .keyPressed(.character("n"))) == [] && state.session.step == 0)  // menu keys only
        #expect(reduce(&state, .keyPressed(.character("6"))) == [.export(.svg)])
        #expect(!state.isShowingExportMenu)
        _ = reduce(&state, .keyPressed(.character("E")))
        _ = reduce(&state, .keyPressed(.escape))
        #expect(!state.isShowingExportMenu)
    }

    @Test func theNoticeIsShownButNeverExported() throws {
        var state = try Fixture.state()
        try Fixture.press("n", on: &state)
        let before = ScreenExport.explorer(state, format: .plain, command: "c").grid
        _ = reduce(&state, .exported(path: "gpw-20260101-000000.txt"))
        #expect(render(state, size: state.viewSize).text().contains("saved gpw-20260101-000000.txt"))
        #expect(ScreenExport.explorer(state, format: .plain, command: "c").grid == before)
        _ = reduce(&state, .exportFailed("cannot write in /x: Permission denied"))
        #expect(render(state, size: state.viewSize).text().contains("export failed: cannot write in /x"))
        try Fixture.press("l", on: &state)
        #expect(!render(state, size: state.viewSize).text().contains("export failed"))
    }

    @Test func asciiExportsAreRedrawnWithTheASCIIGlyphSet() throws {
        var state = try Fixture.state()
        try Fixture.press("n l", on: &state)
        var asciiState = try Fixture.state(ascii: true)
        try Fixture.press("n l", on: &asciiState)
        let export = ScreenExport.explorer(state, format: .ascii, command: "c")
        #expect(export.grid == render(asciiState, size: asciiState.viewSize))
        #expect(export.asciiText().unicodeScalars.allSatisfy { $0.isASCII })
    }
}
