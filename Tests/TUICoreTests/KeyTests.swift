import Testing
import TUICore

@Suite struct KeyTests {
    static let named: [(String, Key)] = [
        ("n", .character("n")), ("space", .character(" ")), ("tab", .tab), ("shift-tab", .backTab),
        ("left", .left), ("right", .right), ("up", .up), ("down", .down), ("?", .character("?")),
        ("<", .character("<")), ("pgdn", .pageDown), ("pgup", .pageUp), ("esc", .escape),
        ("enter", .enter), ("f1", .function(1)), ("f12", .function(12)), ("N", .character("N")),
    ]

    @Test(arguments: named)
    func namesParseAndRoundTrip(_ name: String, _ key: Key) {
        #expect(Key(name: name) == key)
        #expect(key.name == name)
        #expect(Key(name: key.name) == key)
    }

    @Test func aliasesAreAccepted() {
        #expect(Key(name: "escape") == .escape)
        #expect(Key(name: "BackTab") == .backTab)
        #expect(Key(name: "pagedown") == .pageDown)
        #expect(Key(name: "Return") == .enter)
    }

    @Test func unknownNamesAreRefused() {
        #expect(Key(name: "spacebar") == nil)
        #expect(Key(name: "f13") == nil)
        #expect(Key(name: "") == nil)
    }

    @Test func scriptsParseInOrder() throws {
        #expect(try Key.script("n n  tab\tshift-tab,?") == [.character("n"), .character("n"), .tab, .backTab, .character("?")])
    }

    @Test func aScriptNamesItsFirstBadWord() {
        #expect(throws: KeyScriptError(word: "jump")) { try Key.script("n jump q") }
    }

    @Test func scriptedTerminalDeliversKeysThenTimesOut() throws {
        var terminal = ScriptedTerminal(size: Size(width: 10, height: 2), keys: [.tab, nil])
        #expect(try terminal.nextKey(timeout: 5) == .tab)
        #expect(try terminal.nextKey(timeout: 5) == nil)
        #expect(terminal.idleCalls == 0)
        #expect(try terminal.nextKey(timeout: 5) == nil)
        #expect(terminal.idleCalls == 1)
    }

    @Test func sizesParse() {
        #expect(Size(parsing: "80x24") == Size(width: 80, height: 24))
        #expect(Size(parsing: "80") == nil)
        #expect(Size(parsing: "0x24") == nil)
    }
}
