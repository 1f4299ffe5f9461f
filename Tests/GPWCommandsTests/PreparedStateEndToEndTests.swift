import Foundation
@testable import GPWCommands
import Testing
import TestSupport

/// `gpw explore --keys` and `--from` in a real terminal (tmux), started outside the checkout:
/// the screen tmux shows is `gpw snapshot`'s for the same line.
@Suite struct PreparedStateEndToEndTests {
    /// `gpw snapshot ARGUMENTS`' screen rows, as capture-pane prints them.
    static func snapshotRows(_ arguments: [String]) throws -> String {
        var parsed = Arguments(arguments, command: "gpw snapshot")
        return try SnapshotCommand.screen(try SnapshotCommand.parse(&parsed), commandFormat: .plain).screenText
    }

    /// Starts `gpw ARGUMENTS` at 80x24 in /tmp (outside the checkout) under tmux; returns the
    /// socket, or nil without tmux.
    static func start(_ name: String, _ arguments: String) -> String? {
        startTmux("e2e-\(name)", gpwCommandLine(arguments, directory: "/tmp"))
    }

    @Test func keysOpenAtTheScriptsStateAndResetWorksFromThere() throws {
        guard let socket = Self.start("keys", "explore --keys 'tab*4 n*3'") else { return }
        defer { tmux(socket, ["kill-server"]) }
        let first = waitForScreen(socket, ["step 3", "trains ms"], stable: true)
        #expect(first == (try Self.snapshotRows(["--keys", "tab*4 n*3", "--size", "80x24"])))
        tmux(socket, ["send-keys", "-t", "e2e", "r"])
        waitForScreen(socket, ["step 0", "model reset"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(waitForScreen(socket, ["EXIT="]).contains("EXIT=0"))
    }

    @Test func anExportOpensOnExactlyItsScreen() throws {
        guard ExplorerEndToEndTests.tmuxAvailable else {
            print("skipped: tmux not found")
            return
        }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["--loss", "ms", "--loss", "binomial", "--keys", "n n j l*5 1", "--size", "80x24"]
        let written = try GPWProcess.run(["snapshot"] + arguments + ["-o", directory + "/lecture.txt"])
        try #require(written.status == 0)
        let file = try String(contentsOfFile: directory + "/lecture.txt", encoding: .utf8)
        let socket = try #require(Self.start("from", "explore --from \(directory)/lecture.txt"))
        defer { tmux(socket, ["kill-server"]) }
        let shown = waitForScreen(socket, ["step 2", "inspector"], stable: true)
        #expect(written.stdout.isEmpty)   // -o printed nothing
        #expect(shown == String(file.drop { $0 != "\n" }.dropFirst()))   // the file without its command line
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(waitForScreen(socket, ["EXIT="]).contains("EXIT=0"))
    }
}
