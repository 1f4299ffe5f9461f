import CNcurses
import Glibc
import Synchronization

/// The signal that asked the explorer to stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE), 0
/// while none did. Polled by the run loop between keys, which restores the terminal and exits
/// with 128 + the signal.
///
/// SIGQUIT (Ctrl-\\) would otherwise reach the Swift backtracer, which paints its report into the
/// alternate screen and leaves the keyboard raw; SIGPIPE's default action would end the process
/// without restoring anything.
public let terminalStopSignal = Atomic<Int32>(0)

private typealias SigAction = Glibc.sigaction
nonisolated(unsafe) private var previousCrashActions = [SigAction](repeating: SigAction(), count: 65)
nonisolated(unsafe) private var savedStderr: Int32 = -1
nonisolated(unsafe) private var stderrLog: Int32 = -1
private let crashSignals = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]
private let stopSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE]

/// Sends stderr to an unlinked temporary file while curses owns the screen, so a
/// `Fatal error: …` line is not printed into the alternate screen and lost.
func captureStderr() {
    guard let file = tmpfile() else { return }
    stderrLog = dup(fileno(file))
    fclose(file)
    savedStderr = dup(2)
    dup2(stderrLog, 2)
}

/// Leaves curses mode and replays captured stderr. Idempotent; called on every exit path
/// (normal close, `atexit`, crash signals).
public func restoreTerminal() {
    if isendwin() == false { endwin() }
    guard savedStderr >= 0 else { return }
    dup2(savedStderr, 2)
    lseek(stderrLog, 0, SEEK_SET)
    withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 1) { buffer in
        while case let n = read(stderrLog, buffer.baseAddress, 4096), n > 0 { _ = write(2, buffer.baseAddress, n) }
    }
    close(stderrLog)
    close(savedStderr)
    savedStderr = -1
}

/// Unblocks the signals the explorer relies on (a parent may pass them blocked), turns SIGINT,
/// SIGTERM, SIGHUP, SIGQUIT and SIGPIPE into ``terminalStopSignal``, restores the terminal before a crash signal
/// reaches the Swift backtracer, and registers ``restoreTerminal()`` with `atexit`.
func installSignalHandlers() {
    var set = sigset_t()
    sigemptyset(&set)
    for s in stopSignals + [SIGWINCH] + crashSignals { sigaddset(&set, s) }
    sigprocmask(SIG_UNBLOCK, &set, nil)
    for s in stopSignals {
        signal(s) { terminalStopSignal.store($0, ordering: .relaxed) }
    }
    for s in crashSignals {
        var action = SigAction()
        action.__sigaction_handler.sa_handler = { sig in
            restoreTerminal()
            _ = withUnsafePointer(to: &previousCrashActions[Int(sig)]) { sigaction(sig, $0, nil) }
            if sig == SIGABRT { raise(sig) }  // faults re-execute and reach the previous handler
        }
        sigemptyset(&action.sa_mask)
        sigaction(s, &action, &previousCrashActions[Int(s)])
    }
    atexit { restoreTerminal() }
}

/// Turns software flow control off (`-ixon -ixoff`) in the explorer's terminal mode: with it on,
/// Ctrl-S (XOFF) froze the screen until Ctrl-Q, and `q` or SIGTERM seemed to do nothing. Ctrl-S
/// becomes an ordinary (unbound) key. ncurses saves this as its program mode, so it comes back
/// after Ctrl-Z and `fg`; `endwin` restores the user's modes, flow control included.
func disableFlowControl() {
    var modes = termios()
    guard tcgetattr(0, &modes) == 0 else { return }
    modes.c_iflag &= ~tcflag_t(IXON | IXOFF)
    guard tcsetattr(0, TCSANOW, &modes) == 0 else { return }
    def_prog_mode()
}
