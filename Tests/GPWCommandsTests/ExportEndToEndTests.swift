import Foundation
@testable import GPWCommands
import Testing

/// A new user in tmux: press keys, press `e`, and the file below its command line is exactly what
/// `tmux capture-pane -p` shows; the command line, run, writes the same file.
@Suite(.serialized) struct ExportEndToEndTests {
    @Test func theExportFileIsWhatCapturePaneShows() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let socket = startTmux("e2e-export", gpwCommandLine(directory: directory), width: 100, height: 30) else { return }
        defer { tmux(socket, ["kill-server"]) }
        _ = try waitFor(socket, "step 0")
        tmux(socket, ["send-keys", "-t", "e2e", "n", "n", "n", "l", "l", "j"])
        let stepped = try waitFor(socket, "pair (1,3)")
        tmux(socket, ["send-keys", "-t", "e2e", "e"])
        _ = try waitFor(socket, "saved gpw-")
        let first = try exports(in: directory)
        try #require(first.count == 1)
        let file = try String(contentsOfFile: directory + "/" + first[0], encoding: .utf8)
        #expect(screenPart(of: file) == stepped)
        #expect(try snapshot(reproducing: file) == file)

        // Run for a while, pause, export: the ticks are in the reproduction line.
        tmux(socket, ["send-keys", "-t", "e2e", "Space"])
        _ = try waitFor(socket, "running", stable: false)
        usleep(300_000)
        tmux(socket, ["send-keys", "-t", "e2e", "Space"])
        let paused = try waitFor(socket, "paused", absent: "running")
        tmux(socket, ["send-keys", "-t", "e2e", "e"])
        _ = try waitFor(socket, "saved gpw-")   // space cleared the first notice
        let second = try exports(in: directory).filter { $0 != first[0] }
        try #require(second.count == 1)
        let run = try String(contentsOfFile: directory + "/" + second[0], encoding: .utf8)
        #expect(screenPart(of: run) == paused)
        #expect(run.prefix { $0 != "\n" }.contains("tick"))
        #expect(try snapshot(reproducing: run) == run)

        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(try waitFor(socket, "EXIT=").contains("EXIT=0"))
    }

    private func exports(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("gpw-") }.sorted()
    }

    private func screenPart(of file: String) -> String {
        String(file.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[1])
    }

    private func snapshot(reproducing file: String) throws -> String {
        let line = String(file.prefix { $0 != "\n" }.dropFirst("$ gpw snapshot ".count))
        var arguments = Arguments(try DemoScript.words(line, line: 1), command: "gpw snapshot")
        return try SnapshotCommand.render(try SnapshotCommand.parse(&arguments))
    }

    private func waitFor(_ socket: String, _ text: String, absent: String? = nil, stable: Bool = true) throws -> String {
        waitForScreen(socket, [text], absent: absent, stable: stable)
    }
}
