import CNcurses
@testable import GPWCommands
import ExplorerUI
import NcursesTerminal
import Testing
import TUICore

/// The ncurses driver's pure parts (no terminal is opened) and the run loop on a scripted terminal.
@Suite struct ExplorerDriverTests {
    static let decoded: [(Int32, UInt32, Key?)] = [
        (OK, 110, .character("n")), (OK, 32, .character(" ")), (OK, 9, .tab), (OK, 10, .enter),
        (OK, 27, .escape), (OK, 127, .backspace), (OK, 63, .character("?")), (OK, 1, nil),
        (KEY_CODE_YES, UInt32(KEY_UP), .up), (KEY_CODE_YES, UInt32(KEY_DOWN), .down),
        (KEY_CODE_YES, UInt32(KEY_LEFT), .left), (KEY_CODE_YES, UInt32(KEY_RIGHT), .right),
        (KEY_CODE_YES, UInt32(KEY_BTAB), .backTab), (KEY_CODE_YES, UInt32(KEY_NPAGE), .pageDown),
        (KEY_CODE_YES, UInt32(KEY_PPAGE), .pageUp), (KEY_CODE_YES, UInt32(KEY_RESIZE), .resize),
        (KEY_CODE_YES, UInt32(KEY_F0 + 1), .function(1)), (KEY_CODE_YES, UInt32(KEY_MOUSE), nil),
        (ERR, 0, nil),
    ]

    @Test(arguments: decoded)
    func keysDecode(_ status: Int32, _ code: UInt32, _ key: Key?) {
        #expect(decodeKey(status: status, code: code) == key)
    }

    @Test func positiveAndNegativePairsDifferInColourAndMonoKeepsAttributes() {
        for level in 1...4 {
            #expect(Palette.entry(.positive(level), tier: .colors256).foreground
                    != Palette.entry(.negative(level), tier: .colors256).foreground)
            #expect(Palette.entry(.positive(level), tier: .colors8).foreground
                    != Palette.entry(.negative(level), tier: .colors8).foreground)
            #expect(Palette.entry(.positive(level), tier: .none).foreground == nil)
        }
        #expect(Palette.entry(.focused, tier: .none).attributes.contains(.bold))
    }

    @Test func theRunLoopDrawsReducesAndStopsOnQ() throws {
        var state = try ExploreOptions().makeState(asciiLocale: false)
        var terminal = ScriptedTerminal(size: Size(width: 80, height: 24),
                                        keys: try Key.script("n n n").map { $0 } + [nil, .character("q")])
        try runExplorer(&state, on: &terminal, maxIterations: 100)
        #expect(state.isFinished)
        #expect(state.session.step == 3)
        #expect(terminal.frames.last?.text().contains("step 3") == true)
        #expect(terminal.idleCalls == 0)
    }

    @Test func dLoadsTheNextDatasetThroughTheRunLoop() throws {
        var state = try ExploreOptions().makeState(asciiLocale: false)   // letters
        var terminal = ScriptedTerminal(size: Size(width: 80, height: 24), keys: [.character("d"), .character("q")])
        try runExplorer(&state, on: &terminal, maxIterations: 100)
        #expect(state.settings.datasetName == "leaves")
        #expect(state.session.split.name.contains("leaves"))
        #expect(terminal.frames.count == 2)
    }

    @Test func optionsAreStrict() {
        var bad = Arguments(["--batch", "1x4"], command: "gpw explore")
        #expect(throws: CommandError.self) { try ExploreOptions.parse(&bad) }
        var big = Arguments(["--batch", "17x5"], command: "gpw explore")
        #expect(throws: CommandError.self) { try ExploreOptions.parse(&big) }
        var unknown = Arguments(["--colour"], command: "gpw explore")
        #expect(throws: CommandError.self) { try ExploreOptions.parse(&unknown) }
        var specs = Arguments(["--loss", "contrastive:neg-margin=0.3", "--loss", "contrastive", "--ascii", "--seed", "7"],
                              command: "gpw explore")
        let options = try? ExploreOptions.parse(&specs)
        #expect(options?.losses == ["contrastive:neg-margin=0.3", "contrastive"])
        #expect(options?.ascii == true && options?.seed == 7)
    }
}
