import Foundation
@testable import GPWCommands
import Testing
import TestSupport

/// `gpw explore --keys` and `--from` in a real terminal (tmux), started outside the checkout:
/// the screen tmux shows is `gpw snapshot`'s for the same line.
@Suite(.serialized) struct PreparedStateEndToEndTests {
    /// `gpw snapshot ARGUMENTS`' screen rows, as capture-pane prints them.
    static func snapshotRows(_ arguments: [String]) throws -> String {
        var parsed = Arguments(arguments, command: "gpw snapshot")
        return try SnapshotCommand.screen(try SnapshotCommand.parse(&parsed), commandFormat: .plain).screenText
    }

    /// Starts `gpw ARGUMENTS` at 80x24 in /tmp under tmux; returns the socket.
    static func start(_ arguments: String, socket: String) {
        let command = "cd /tmp && env -u NO_COLOR TERM=tmux-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no "
            + "\(ExplorerEndToEndTests.binary) \(arguments); echo EXIT=$?; sleep 30"
        tmux(socket, ["new-session", "-d", "-x", "80", "-y", "24", "-s", "e2e", command])
    }

    @Test func keysOpenAtTheScriptsStateAndResetWorksFromThere() throws {
        guard ExplorerEndToEndTests.tmuxAvailable else {
            print("skipped: tmux not found")
            return
        }
        let socket = "gpw-e2e-keys-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { tmux(socket, ["kill-server"]) }
        Self.start("explore --keys 'tab*4 n*3'", socket: socket)
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
        let socket = "gpw-e2e-from-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { tmux(socket, ["kill-server"]) }
        Self.start("explore --from \(directory)/lecture.txt", socket: socket)
        let shown = waitForScreen(socket, ["step 2", "inspector"], stable: true)
        #expect(written.stdout.isEmpty)   // -o printed nothing
        #expect(shown == String(file.drop { $0 != "\n" }.dropFirst()))   // the file without its command line
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(waitForScreen(socket, ["EXIT="]).contains("EXIT=0"))
    }
}
