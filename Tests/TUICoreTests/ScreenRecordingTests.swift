import Testing
@testable import TUICore

/// The asciicast serialiser's pieces (the whole file is tested through gpw snapshot --format cast).
@Suite struct ScreenRecordingTests {
    @Test func recordingEscapesAreJSONAndRepaintTheWholeScreen() {
        #expect(ScreenRecording.jsonString("a\"b\\c\n\u{1B}[0m\u{7}é") == #""a\"b\\c\n\u001b[0m\u0007é""#)
        #expect(ScreenRecording.seconds(0) == "0.000" && ScreenRecording.seconds(2100) == "2.100"
                && ScreenRecording.seconds(61_005) == "61.005")
        var grid = CellGrid(width: 3, height: 2)
        _ = grid.put("abc", x: 0, y: 0)
        _ = grid.put("d", x: 0, y: 1)
        // A full row gets no erase (it would clear its last cell); a short one does; no CR LF at the end.
        #expect(ScreenRecording.repaint(grid, first: false) == "\u{1B}[Habc\r\nd\u{1B}[K")
        #expect(ScreenRecording.repaint(grid, first: true).hasPrefix("\u{1B}[?25l\u{1B}[2J\u{1B}[H"))
    }
}
