import ExplorerUI
import Testing
import TUICore

@Suite struct KeyMapTests {
    @Test(arguments: [("main", KeyMap.main), ("help", KeyMap.help), ("tooSmall", KeyMap.tooSmall)])
    func noKeyIsBoundTwice(_ name: String, _ table: [KeyBinding]) {
        let keys = table.flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "duplicate key in the \(name) table")
    }

    @Test func theKeysTheIssueAsksForAreBound() {
        let expected: [(String, Command)] = [
            ("n", .step), ("space", .toggleRun), ("b", .newBatch), ("r", .resetModel),
            ("left", .moveCursor(rows: 0, columns: -1)), ("h", .moveCursor(rows: 0, columns: -1)),
            ("down", .moveCursor(rows: 1, columns: 0)), ("j", .moveCursor(rows: 1, columns: 0)),
            ("up", .moveCursor(rows: -1, columns: 0)), ("k", .moveCursor(rows: -1, columns: 0)),
            ("right", .moveCursor(rows: 0, columns: 1)), ("l", .moveCursor(rows: 0, columns: 1)),
            ("tab", .focusNext), ("shift-tab", .focusPrevious), ("?", .toggleHelp), ("q", .quit),
            (">", .nextPage), ("<", .previousPage), ("pgdn", .nextPage), ("pgup", .previousPage),
        ]
        for (name, command) in expected {
            #expect(Key(name: name).flatMap { KeyMap.command(for: $0, in: KeyMap.main) } == command, "\(name)")
        }
    }

    @Test func theTeachingKeysAreBoundAndAvoidTheExportKeys() {
        let expected: [(String, Command)] = [
            ("[", .selectParameter(-1)), ("]", .selectParameter(1)), ("+", .adjustParameter(1)), ("=", .adjustParameter(1)),
            ("-", .adjustParameter(-1)), ("v", .cycleView(1)), ("V", .cycleView(-1)), ("1", .showView(.inspector)), ("2", .showView(.weights)),
            ("3", .showView(.distributions)), ("4", .showView(.curves)), ("5", .showView(.embedding)), ("0", .showView(nil)),
            ("p", .nextPreset), ("a", .addLoss), ("x", .removeLoss), ("w", .nextSecondLoss), ("P", .stepClassesPerBatch(1)),
            ("(", .stepClassesPerBatch(-1)), ("K", .stepSamplesPerClass(1)), ("{", .stepSamplesPerClass(-1)),
            ("d", .stepDataset(1)), ("D", .stepDataset(-1)), ("L", .stepLearningRate(1)), (";", .stepLearningRate(-1)),
            ("s", .stepSeed(1)), ("S", .stepSeed(-1)), ("m", .toggleSimilarity), ("z", .zoom(1)), ("Z", .zoom(-1)),
            ("o", .toggleLogScale), ("N", .jumpHardest(negative: true)), ("M", .jumpHardest(negative: false)),
            ("home", .jumpColumn(last: false)), ("end", .jumpColumn(last: true)), ("g", .openPairPrompt),
            ("c", .toggleCompare), ("esc", .stopCompare), ("u", .toggleUnseenEmbedding),
        ]
        for (name, command) in expected {
            #expect(Key(name: name).flatMap { KeyMap.command(for: $0, in: KeyMap.main) } == command, "\(name)")
        }
        #expect(KeyMap.command(for: .character("e"), in: KeyMap.main) == .export(.save))   // export's keys
        #expect(KeyMap.command(for: .character("E"), in: KeyMap.main) == .export(.openMenu))
    }

    @Test func everyTableCanQuit() {
        for table in [KeyMap.main, KeyMap.help, KeyMap.tooSmall, KeyMap.exportMenu] {
            #expect(KeyMap.command(for: .character("q"), in: table) == .quit)
        }
    }

    @Test func theFooterFollowsTheMode() {
        let idle = footerEntries(KeyMap.main, running: false, paging: false, ascii: false)
        #expect(idle.contains { $0.key == "space" && $0.label == "run" })
        #expect(!idle.contains { $0.label == "panels" })
        let busy = footerEntries(KeyMap.main, running: true, paging: true, ascii: true)
        #expect(busy.contains { $0.key == "space" && $0.label == "pause" })
        #expect(busy.contains { $0.label == "panels" })
        #expect(busy.contains { $0.key == "arrows" })
    }
}
