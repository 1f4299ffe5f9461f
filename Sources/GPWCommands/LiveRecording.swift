import ExplorerUI
import Foundation
import TUICore

/// The explorer's `F` recording: the live session's screens as an asciinema v2 file, written
/// as it goes to a temporary file in the export directory and given its name
/// (`gpw-DATE-TIME.cast`, never replacing a file) only when `F` stops it, so a half-written
/// recording never carries a final name. Times are the wall clock's, read here and never by
/// the model; frames come at most every ``minimumInterval`` milliseconds (the last screen is
/// always written), so a fast run does not write hundreds of repaints a second.
final class LiveRecorder {
    /// The shortest time between two written frames.
    static let minimumInterval = 40

    private var fd: Int32 = -1
    private var temporary: String?
    private var started = ContinuousClock.now
    private var lastWrite: Int?
    private var lastGrid: CellGrid?
    private var size = Size(width: 80, height: 24)
    private var failure: String?
    private let clock = ContinuousClock()
    /// Milliseconds since the start; tests replace it.
    var elapsed: (() -> Int)?

    var isRecording: Bool { temporary != nil }

    private func milliseconds() -> Int {
        if let elapsed { return elapsed() }
        let d = clock.now - started
        return Int(d.components.seconds) * 1000 + Int(d.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Opens the temporary file and writes the header and the first frame.
    func start(_ state: AppState, directory: String, command: String) throws(ExportWriter.Failure) {
        if isRecording { return }
        let (fd, path) = try ExportWriter.temporaryFile(in: directory)
        self.fd = fd
        temporary = path
        started = clock.now
        lastWrite = nil
        lastGrid = nil
        failure = nil
        let grid = Self.frame(state)
        size = grid.size
        let caption = ScreenExport.explorer(state, format: .ansi, command: command).caption
        write(ScreenRecording.header(size: grid.size, theme: grid.theme, command: command, caption: "live: " + caption))
        capture(state, force: true)
    }

    /// Writes `state`'s screen when it changed and the last frame is old enough (or `force`).
    func capture(_ state: AppState, force: Bool = false) {
        guard isRecording else { return }
        let now = milliseconds()
        if !force, let lastWrite, now - lastWrite < Self.minimumInterval { return }
        let grid = Self.frame(state)
        guard grid != lastGrid else { return }
        let frame = ScreenRecording.Frame(milliseconds: max(now, lastWrite ?? 0), grid: grid)
        write(ScreenRecording.events(frame, after: size, first: lastGrid == nil))
        size = grid.size
        lastGrid = grid
        lastWrite = frame.milliseconds
    }

    /// Writes the last screen, closes the file and names it: the path, or why it failed.
    func stop(_ state: AppState, directory: String, base: String) throws(ExportWriter.Failure) -> String {
        guard let temporary else { throw ExportWriter.Failure(description: "not recording") }
        capture(state, force: true)
        self.temporary = nil
        defer { unlink(temporary) }
        if failure == nil, fsync(fd) != 0, errno != EINVAL { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        fd = -1
        if let failure { throw ExportWriter.Failure(description: "cannot write the recording: \(failure)") }
        return try ExportWriter.publish(temporary, directory: directory, base: base, fileExtension: "cast")
    }

    /// Drops a recording that cannot be finished (the explorer quits while recording): the
    /// temporary file goes, no named file appears.
    func abandon() {
        guard let temporary else { return }
        close(fd)
        unlink(temporary)
        self.temporary = nil
    }

    private func write(_ text: String) {
        guard failure == nil else { return }
        failure = ExportWriter.writeAll(fd, Array(text.utf8))
    }

    /// The screen as recorded: the explorer's, without the export notice and the recording mark.
    static func frame(_ state: AppState) -> CellGrid {
        var shown = state
        shown.hideRecordingMarks()
        return render(shown, size: state.viewSize)
    }
}
