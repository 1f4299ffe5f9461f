import Foundation
import Testing
import TestSupport

/// Runs the real `gpw` binary inside tmux (own server socket), presses keys, reads the screen
/// with capture-pane, quits, and checks that the terminal was restored.
@Suite struct ExplorerEndToEndTests {
    /// The built `gpw` next to the test bundle (or `GPW_TEST_BINARY`): ``GPWProcess/binaryPath``.
    static var binary: String { GPWProcess.binaryPath }

    static var tmuxAvailable: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/tmux")
        }
    }

    @Test func stepsShowAndQuitRestoresTheTerminal() throws {
        guard let socket = startTmux("e2e", gpwCommandLine()) else { return }
        defer { tmux(socket, ["kill-server"]) }
        let first = try waitFor(socket, "step 0")
        #expect(first.contains("similarity"))
        #expect(tmux(socket, ["display", "-t", "e2e", "-p", "#{alternate_on}"]).hasPrefix("1"))
        tmux(socket, ["send-keys", "-t", "e2e", "n", "n", "n"])
        let stepped = try waitFor(socket, "step 3")
        // Three losses beside S at 80x24 (one-column cells), the other two a page away.
        #expect(stepped.contains("1-3/5 <>") && stepped.contains("triplet") && stepped.contains("lifted"))
        tmux(socket, ["send-keys", "-t", "e2e", "?"])
        #expect(try waitFor(socket, "shift-tab").contains("help: ? or esc closes"))
        tmux(socket, ["resize-window", "-t", "e2e", "-x", "160", "-y", "48"])
        tmux(socket, ["send-keys", "-t", "e2e", "Escape"])
        // Esc arrives after ncurses' 25 ms escape delay: wait for the help to close at the new size.
        // Every panel at 160x48 (wait for all of them: a capture can land between two redraws).
        let wide = try waitFor(socket, ["binomial", "lifted", "triplet", "▶ contrastive"], absent: "help: ?")
        #expect(wide.contains("lifted") && wide.contains("ms"))
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        let after = try waitFor(socket, "EXIT=")
        #expect(after.contains("EXIT=0"))
        let flags = tmux(socket, ["display", "-t", "e2e", "-p", "#{alternate_on} #{cursor_flag}"])
        #expect(flags.hasPrefix("0 1"), "alternate_on cursor_flag after quit: \(flags)")
    }

    /// Clicks as xterm, kitty and tmux send them (SGR, 1-based, a press then a release): a matrix
    /// cell moves the cursor to that pair, a panel title focuses that loss; the legacy X10 form
    /// too. Under TERM=tmux-256color ncurses expects X10 and passes SGR through (gpw decodes it);
    /// under xterm-256color ncurses decodes SGR itself. With `--no-mouse` the explorer never asks
    /// for mouse reports.
    @Test(arguments: ["tmux-256color", "xterm-256color"])
    func clicksPointAtPairsLossesAndViews(_ term: String) throws {
        guard let socket = startTmux("e2e-mouse", gpwCommandLine(term: term)) else { return }
        defer { tmux(socket, ["kill-server"]) }
        _ = try waitFor(socket, "step 0")
        #expect(tmux(socket, ["display", "-t", "e2e", "-p", "#{mouse_any_flag}"]).hasPrefix("1"))
        // Triplet's panel starts at column 40; its cells at column 43, row 4: pair (2,9) is column
        // 52, row 6 (0-based), so 53;7 in the report.
        tmux(socket, ["send-keys", "-t", "e2e", "-l", "\u{1B}[<0;53;7M\u{1B}[<0;53;7m"])
        #expect(try waitFor(socket, "pair (2,9)").contains("pair (2,9)"))
        // The title row of lifted's panel (column 60, row 2).
        tmux(socket, ["send-keys", "-t", "e2e", "-l", "\u{1B}[<0;64;3M\u{1B}[<0;64;3m"])
        #expect(try waitFor(socket, "trains lifted").contains("▶ lifted"))
        if term == "tmux-256color" {
            // X10: ESC [ M, then button + 32, column + 33, row + 33 (0-based 24, 9: pair (5,1)); release.
            tmux(socket, ["send-keys", "-t", "e2e", "-l", "\u{1B}[M \u{39}\u{2A}\u{1B}[M#\u{39}\u{2A}"])
            _ = try waitFor(socket, "pair (5,1)")
        }
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(try waitFor(socket, "EXIT=").contains("EXIT=0"))
        #expect(tmux(socket, ["display", "-t", "e2e", "-p", "#{mouse_any_flag} #{alternate_on}"]).hasPrefix("0 0"))

        guard let plain = startTmux("e2e-nomouse", gpwCommandLine("--no-mouse", term: term)) else { return }
        defer { tmux(plain, ["kill-server"]) }
        _ = try waitFor(plain, "step 0")
        #expect(tmux(plain, ["display", "-t", "e2e", "-p", "#{mouse_any_flag}"]).hasPrefix("0"))
        tmux(plain, ["send-keys", "-t", "e2e", "q"])
        #expect(try waitFor(plain, "EXIT=").contains("EXIT=0"))
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let command = "sh -c 'echo PID=$$; exec \(gpwEnvironment()) \(Self.binary)'; echo EXIT=$?; sleep 30"
        guard let socket = startTmux("e2e-term", command) else { return }
        defer { tmux(socket, ["kill-server"]) }
        _ = try waitFor(socket, "step 0")
        let saved = tmux(socket, ["capture-pane", "-t", "e2e", "-p", "-a"])
        let pid = try #require(saved.split(separator: "\n").first { $0.hasPrefix("PID=") }.flatMap { Int32($0.dropFirst(4)) })
        kill(pid, SIGTERM)
        let after = try waitFor(socket, "EXIT=")
        #expect(after.contains("EXIT=143"))
        #expect(tmux(socket, ["display", "-t", "e2e", "-p", "#{alternate_on} #{cursor_flag}"]).hasPrefix("0 1"))
    }

    @Test func notATerminalNamesTheHeadlessCommands() throws {
        let out = NSTemporaryDirectory() + "gpw-e2e-\(UUID().uuidString)"
        defer { unlink(out) }
        let status = spawn([Self.binary], output: out)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(status != 0)
        #expect(text.contains("gpw snapshot") && text.contains("gpw weights"))
        #expect(text.split(separator: "\n").count == 1)
    }

    private func waitFor(_ socket: String, _ text: String, absent: String? = nil) throws -> String {
        waitForScreen(socket, [text], absent: absent, stable: true)
    }

    private func waitFor(_ socket: String, _ texts: [String], absent: String? = nil) throws -> String {
        waitForScreen(socket, texts, absent: absent, stable: true)
    }
}
