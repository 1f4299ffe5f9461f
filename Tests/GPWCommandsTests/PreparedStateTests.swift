import ExplorerUI
import Foundation
@testable import GPWCommands
import Testing
import TestSupport
import TUICore

/// `gpw explore --keys SCRIPT` and `gpw explore --from FILE`: the explorer opens on exactly the
/// screen `gpw snapshot` draws for the same line.
@Suite struct PreparedStateTests {
    /// The frames the explorer draws for `arguments` on a terminal of `size`, pressing `keys`
    /// (then `q`), and the state it ends in: the command's own start-up path on a scripted terminal.
    static func explore(_ arguments: [String], size: Size, keys: String = "",
                        exportDirectory: String? = nil) throws -> (frames: [CellGrid], state: AppState) {
        let start = try ExploreCommand.parse(Arguments(arguments, command: "gpw explore"))
        var state = try start.options.makeState(asciiLocale: false)
        ExploreCommand.prepare(&state, for: start, terminalSize: size)
        var terminal = EventTerminal(size: size, events: try EventTerminal.events(keys))
        let exports = exportDirectory.map { ExportContext(directory: $0, options: start.options, now: { ExportTests.fixedDate }) }
        try runExplorer(&state, on: &terminal, maxIterations: 10_000, exports: exports)
        return (terminal.frames, state)
    }

    /// `gpw snapshot ARGUMENTS` as its screen.
    static func snapshot(_ arguments: [String], format: ExportFormat = .plain) throws -> ScreenExport {
        var parsed = Arguments(arguments, command: "gpw snapshot")
        return try SnapshotCommand.screen(try SnapshotCommand.parse(&parsed), commandFormat: format)
    }

    @Test(arguments: [
        ("tab*4 n*3", Size(width: 80, height: 24)),
        ("n n j l*5 1", Size(width: 100, height: 30)),
        ("space tick*5 space > tab", Size(width: 120, height: 40)),
        ("d n P", Size(width: 90, height: 28)),                 // a dataset loaded by an effect, a new shape
        ("? j j", Size(width: 80, height: 24)),
    ])
    func keysOpenTheExplorerOnTheSnapshotsScreen(_ script: String, _ size: Size) throws {
        let (frames, _) = try Self.explore(["--keys", script, "--loss", "ms", "--loss", "binomial"], size: size)
        let snapshot = try Self.snapshot(["--keys", script, "--loss", "ms", "--loss", "binomial", "--size", "\(size)"])
        let first = try #require(frames.first)
        #expect(first == snapshot.grid)   // every cell: glyph and style
        #expect(ScreenExport(grid: first, command: snapshot.command, caption: snapshot.caption).ansi() == snapshot.ansi())
        #expect(first.text() + "\n" == snapshot.screenText)
    }

    @Test func theAcceptanceScriptOpensAtStep3TrainingMS() throws {
        let (frames, state) = try Self.explore(["--keys", "tab*4 n*3"], size: Size(width: 80, height: 24))
        let first = try #require(frames.first).text()
        #expect(first.contains("step 3") && first.contains("trains ms"))
        #expect(state.session.step == 3 && state.focusedLoss?.text == "ms")
        // Without --keys the explorer opens as before: step 0, contrastive.
        let (plain, _) = try Self.explore([], size: Size(width: 80, height: 24))
        #expect(try #require(plain.first) == (try Self.snapshot([])).grid)
    }

    @Test(arguments: ExportFormat.allCases)
    func anExportReopensOnExactlyItsScreen(_ format: ExportFormat) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["--loss", "ms", "--loss", "ms:lambda=1", "--keys", "n n j l*5 tab 1", "--size", "110x32"]
        var parsed = Arguments(arguments + ["--format", format.name], command: "gpw snapshot")
        let file = directory + "/screen." + format.fileExtension
        try SnapshotCommand.render(try SnapshotCommand.parse(&parsed)).write(toFile: file, atomically: true, encoding: .utf8)
        let (frames, state) = try Self.explore(["--from", file], size: Size(width: 110, height: 32))
        let first = try #require(frames.first)
        let expected = try Self.snapshot(arguments, format: format)
        #expect(first == (try Self.snapshot(arguments)).grid)
        if format == .plain {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(ScreenExport(grid: first, command: expected.command, caption: expected.caption).plainText() == text)
        }
        #expect(state.session.step == 2 && state.settings.lossSpecs == ["ms", "ms:lambda=1"])
    }

    @Test func inAnotherTerminalSizeTheKeysStillRunAtTheExportsSize() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/wide.txt"
        // At 160x48 every panel fits and > does nothing; at 80x24 it pages (two presses would
        // wrap back to the first page).
        var parsed = Arguments(["--keys", "> n", "--size", "160x48"], command: "gpw snapshot")
        try SnapshotCommand.render(try SnapshotCommand.parse(&parsed)).write(toFile: file, atomically: true, encoding: .utf8)
        let (frames, _) = try Self.explore(["--from", file], size: Size(width: 80, height: 24))
        let first = try #require(frames.first)
        #expect(first == (try Self.snapshot(["--size", "80x24", "--keys", "resize=160x48 > n resize=80x24"])).grid)
        #expect(first != (try Self.snapshot(["--size", "80x24", "--keys", "> n"])).grid)
    }

    @Test func aLiveExportReopensAndItsNextExportStillReproduces() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A live session with running, ticks and a resize, saved with e.
        let (_, terminal) = try ExportTests.explore("tab space tick*4 space resize=120x40 j e", size: Size(width: 100, height: 30),
                                                    directory: directory)
        let name = try #require(try ExportTests.files(in: directory).first)
        let seen = try #require(terminal.framesAtKeys.first { $0.0 == .character("e") }?.1)
        // Reopened at the export's size: the very screen that was saved.
        let again = try Self.explore(["--from", directory + "/" + name], size: Size(width: 120, height: 40))
        #expect(again.frames.first == seen)
        // Reopened in a smaller terminal, stepped and exported: that export's line redraws it too.
        let later = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: later) }
        let moved = try Self.explore(["--from", directory + "/" + name, "--keys", "n"], size: Size(width: 80, height: 24),
                                     keys: "n e", exportDirectory: later)
        #expect(moved.state.session.step == 6)   // 4 running ticks, --keys n, then n
        let next = try String(contentsOfFile: later + "/" + (try #require(try ExportTests.files(in: later).first)), encoding: .utf8)
        #expect(try ExportTests.snapshot(reproducing: next) == next)
        #expect(next.hasPrefix("$ gpw snapshot --data letters --batch 4x4 --seed 1 ") && next.contains("--size 80x24"))
    }

    @Test func badStartsAreOneLineErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = try GPWProcess.run(["explore", "--from", directory + "/none.txt"])
        #expect(missing.status == 66 && missing.stderr == "error: --from \(directory)/none.txt: cannot read: no such file\n")
        try "hello\n".write(toFile: directory + "/plain.txt", atomically: true, encoding: .utf8)
        let noLine = try GPWProcess.run(["explore", "--from", directory + "/plain.txt"])
        #expect(noLine.status == 65 && noLine.stderr.contains("plain.txt: no 'gpw snapshot' line"))
        try "$ gpw snapshot --keys 'n zap'\n".write(toFile: directory + "/bad.txt", atomically: true, encoding: .utf8)
        let badKeys = try GPWProcess.run(["explore", "--from", directory + "/bad.txt"])
        #expect(badKeys.status == 65 && badKeys.stderr.contains("bad.txt:1:") && badKeys.stderr.contains("'zap'"))
        try "$ gpw snapshot --keys n\n".write(toFile: directory + "/good.txt", atomically: true, encoding: .utf8)
        let mixed = try GPWProcess.run(["explore", "--from", directory + "/good.txt", "--loss", "ms"])
        #expect(mixed.status == 64 && mixed.stderr.contains("--loss") && mixed.stderr.contains("--from FILE"))
        let keys = try GPWProcess.run(["explore", "--keys", "n nope"])
        #expect(keys.status == 64 && keys.stderr.contains("unknown key 'nope'"))
        // Good requests still need a terminal, and say so.
        let noTerminal = try GPWProcess.run(["explore", "--from", directory + "/good.txt", "--keys", "n"])
        #expect(noTerminal.status == 1 && noTerminal.stderr.contains("needs an interactive terminal"))
    }
}
