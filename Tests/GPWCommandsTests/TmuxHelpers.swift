import Foundation
import Testing

// Helpers shared by the tmux end-to-end tests.

/// Polls `capture-pane` of the session `e2e` on `socket` until every one of `texts` shows and
/// `absent` does not; with `stable`, also until two captures in a row agree (a capture can land
/// between two redraws). Records an issue and returns the last screen after `seconds` (generous:
/// debug builds on a loaded CI machine start slowly).
@discardableResult
func waitForScreen(_ socket: String, _ texts: [String], absent: String? = nil, stable: Bool = false,
                   seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    var screen = "", previous = ""
    for _ in 0..<Int(seconds * 20) {
        screen = tmux(socket, ["capture-pane", "-t", "e2e", "-p"])
        let shown = texts.allSatisfy(screen.contains) && !(absent.map(screen.contains) ?? false)
        if shown && (!stable || screen == previous) { return screen }
        previous = screen
        usleep(50_000)
    }
    Issue.record("\(texts) never all appeared; screen:\n\(screen)", sourceLocation: sourceLocation)
    return screen
}

/// Runs tmux on its own server socket and returns its output. posix_spawnp with an EMPTY signal
/// mask: Foundation.Process from a test thread would pass SIGINT/SIGTERM/SIGHUP blocked to the
/// tmux server and the app; a pipe would never reach EOF (the tmux server keeps it open).
@discardableResult
func tmux(_ socket: String, _ arguments: [String]) -> String {
    _ = orphanServersKilled
    let out = NSTemporaryDirectory() + "tmux-\(UUID().uuidString)"
    defer { unlink(out) }
    _ = spawn(["tmux", "-L", socket] + arguments, output: out)
    if arguments == ["kill-server"] {
        // tmux leaves the socket file behind; tests make a new socket name every run.
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(directory)/tmux-\(getuid())/\(socket)")
    }
    return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
}

/// Servers left behind by an earlier test process that died before its `defer` ran (Ctrl-C, a
/// closed output pipe): they keep a gpw running in the background, which skews any benchmark
/// run afterwards. Every test socket is named `gpw-…-PID-RANDOM`; a server whose PID is no longer
/// alive is killed, once per test process, before the first tmux command.
let orphanServersKilled: Void = {
    let directory = (ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp") + "/tmux-\(getuid())"
    for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix("gpw-") {
        let parts = name.split(separator: "-")
        guard parts.count >= 4, let pid = Int32(parts[parts.count - 2]), pid != getpid(),
              kill(pid, 0) != 0 && errno == ESRCH else { continue }
        _ = spawn(["tmux", "-L", name, "kill-server"], output: "/dev/null")
        unlink("\(directory)/\(name)")
    }
}()

/// Spawns `argv` with stdout and stderr to the file `output`, stdin from /dev/null, and waits.
func spawn(_ argv: [String], output: String) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    let cArguments = argv.map { strdup($0) } + [nil]
    defer {
        cArguments.forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
    }
    var pid: pid_t = 0
    var status: Int32 = 0
    guard posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, environ) == 0 else { return -1 }
    waitpid(pid, &status, 0)
    return (status >> 8) & 0xFF
}

/// Starts `command` in session `e2e` of a new tmux server with a socket of its own, `width` by
/// `height` (with `keeper`, after a `keeper` session, so the server outlives `e2e` and reaps its
/// processes). Returns the socket (end it with `tmux(socket, ["kill-server"])`), or nil, printing
/// "skipped: tmux not found", when tmux is not installed. This is the one way the tests start tmux.
func startTmux(_ name: String, _ command: String, width: Int = 80, height: Int = 24, keeper: Bool = false) -> String? {
    guard ExplorerEndToEndTests.tmuxAvailable else {
        print("skipped: tmux not found")
        return nil
    }
    let socket = "gpw-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    if keeper { tmux(socket, ["new-session", "-d", "-s", "keeper", "sleep 120"]) }
    tmux(socket, ["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "e2e", command])
    return socket
}

/// The environment gpw gets in the tests' terminals, as in a user's: no NO_COLOR, a UTF-8
/// locale, `TERM`, and no interactive backtracer (which would wait for a key after a crash).
func gpwEnvironment(term: String = "tmux-256color") -> String {
    "env -u NO_COLOR TERM=\(term) LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no"
}

/// The shell line that runs `gpw ARGUMENTS` in ``gpwEnvironment(term:)`` (in `directory` when
/// given), then prints `EXIT=status` and waits, so the exit status stays on screen.
func gpwCommandLine(_ arguments: String = "", term: String = "tmux-256color", directory: String? = nil) -> String {
    (directory.map { "cd '\($0)' && " } ?? "") + gpwEnvironment(term: term) + " "
        + ExplorerEndToEndTests.binary + (arguments.isEmpty ? "" : " " + arguments) + "; echo EXIT=$?; sleep 30"
}
