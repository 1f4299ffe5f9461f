import ExplorerUI
import Foundation
@testable import GPWCommands
import Testing
import TestSupport
import TUICore

/// The lecture keys in a real terminal (tmux): a pace change, undo after a reset, a live
/// recording; and the recorder and the compare flags without a terminal.
@Suite struct LectureEndToEndTests {
    @Test func aPaceChangeShowsInTheHeaderAndRunningGoesOn() throws {
        guard let socket = PreparedStateEndToEndTests.start("pace", "explore") else { return }
        defer { tmux(socket, ["kill-server"]) }
        waitForScreen(socket, ["step 0", "paused"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", ",", ",", ",", " "])
        waitForScreen(socket, ["running", "│ 5/s"])
        // Still training at that pace: the step counter moves on.
        let later = waitForScreen(socket, ["running", "│ 5/s"], absent: "step 0 ")
        #expect(later.contains("│ 5/s"))
        tmux(socket, ["send-keys", "-t", "e2e", "."])
        waitForScreen(socket, ["running", "│ 10/s"])
        tmux(socket, ["send-keys", "-t", "e2e", " "])
        waitForScreen(socket, ["paused", "│ 10/s"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(waitForScreen(socket, ["EXIT="]).contains("EXIT=0"))
    }

    @Test func undoAfterAResetIsBackAtTheSameScreen() throws {
        guard let socket = PreparedStateEndToEndTests.start("undo", "explore --keys 'tab*4 n*3'") else { return }
        defer { tmux(socket, ["kill-server"]) }
        let first = waitForScreen(socket, ["step 3", "trains ms"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", "r"])
        waitForScreen(socket, ["step 0", "model reset"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", "U"])
        let undone = waitForScreen(socket, ["step 3"], absent: "model reset", stable: true)
        #expect(undone == first)
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(waitForScreen(socket, ["EXIT="]).contains("EXIT=0"))
    }

    @Test func fRecordsTheLiveSessionToACastFile() throws {
        guard ExplorerEndToEndTests.tmuxAvailable else {
            print("skipped: tmux not found")
            return
        }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = try #require(PreparedStateEndToEndTests.start("record", "explore --export-dir \(directory)"))
        defer { tmux(socket, ["kill-server"]) }
        waitForScreen(socket, ["step 0"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", "F"])
        waitForScreen(socket, ["│ rec"])
        tmux(socket, ["send-keys", "-t", "e2e", "n"])
        waitForScreen(socket, ["step 1"])
        tmux(socket, ["send-keys", "-t", "e2e", "n"])
        waitForScreen(socket, ["step 2"])
        tmux(socket, ["send-keys", "-t", "e2e", "F"])
        let saved = waitForScreen(socket, ["saved "], absent: "│ rec")
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(waitForScreen(socket, ["EXIT="]).contains("EXIT=0"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 1)   // no temporary file left
        let name = try #require(files.first)
        #expect(name.hasPrefix("gpw-") && name.hasSuffix(".cast"))
        #expect(saved.contains(String(name.dropLast(".cast".count))))   // the notice may cut a long path
        let events = try Self.parse(try String(contentsOfFile: directory + "/" + name, encoding: .utf8))
        #expect(events.header["version"] as? Int == 2)
        #expect(events.header["width"] as? Int == 80 && events.header["height"] as? Int == 24)
        #expect(events.times == events.times.sorted())
        #expect(events.screens.first?.contains("step 0") == true)
        #expect(events.screens.last?.contains("step 2") == true)
        #expect(events.screens.allSatisfy { !$0.contains("│ rec") && !$0.contains("saved") })
    }

    @Test func quittingWhileRecordingLeavesNoFile() throws {
        guard ExplorerEndToEndTests.tmuxAvailable else {
            print("skipped: tmux not found")
            return
        }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = try #require(PreparedStateEndToEndTests.start("record-quit", "explore --export-dir \(directory)"))
        defer { tmux(socket, ["kill-server"]) }
        waitForScreen(socket, ["step 0"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", "F", "n"])
        waitForScreen(socket, ["│ rec", "step 1"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)   // the temporary file
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(waitForScreen(socket, ["EXIT="]).contains("EXIT=0"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    /// A `.cast` file's header and its output events (times, data).
    static func parse(_ text: String) throws -> (header: [String: Any], times: [Double], screens: [String]) {
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        var times: [Double] = [], screens: [String] = []
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            try #require(event.count == 3)
            times.append(try #require(event[0] as? Double ?? (event[0] as? Int).map(Double.init)))
            if event[1] as? String == "o" { screens.append(try #require(event[2] as? String)) }
        }
        return (header, times, screens)
    }

    @Test func theRecorderNeverReplacesAFileAndLeavesNoTemporary() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = try ExploreOptions().makeState(asciiLocale: false)
        _ = reduce(&state, .resized(Size(width: 80, height: 24)))
        let fixed = Date(timeIntervalSince1970: 1_800_000_000)
        var paths: [String] = []
        for _ in 0..<2 {
            var context = ExportContext(directory: directory, options: ExploreOptions())
            context.now = { fixed }
            var clock = 0
            context.recorder.elapsed = { clock += 30; return clock }
            performEffects(reduce(&state, .keyPressed(.character("F"))), on: &state, exports: context)
            #expect(state.lecture.isRecording)
            for _ in 0..<5 {
                _ = reduce(&state, .keyPressed(.character("n")))
                context.recorder.capture(state)
            }
            performEffects(reduce(&state, .keyPressed(.character("F"))), on: &state, exports: context)
            #expect(!state.lecture.isRecording)
            let notice = try #require(state.exportNotice)
            #expect(notice.hasPrefix("saved "))
            paths.append(String(notice.dropFirst("saved ".count)))
        }
        let base = ExportWriter.baseName(at: fixed)
        #expect(paths == [directory + "/" + base + ".cast", directory + "/" + base + "-2.cast"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [base + "-2.cast", base + ".cast"])
        let events = try Self.parse(try String(contentsOfFile: paths[0], encoding: .utf8))
        // Frames at most every 40 ms of a 30 ms clock: the start, then every other step, and the end.
        #expect(events.times.count >= 3 && events.times.count <= 5)
        #expect(events.screens.last?.contains("step 5") == true)
        #expect(events.times == events.times.sorted())
    }

    @Test func compareFlagsReachTheStateAndTheSnapshotLine() throws {
        var arguments = Arguments(["--compare-steps", "500", "--compare-batch", "8x8"], command: "gpw explore")
        let options = try ExploreOptions.parse(&arguments)
        var state = try options.makeState(asciiLocale: false)
        _ = reduce(&state, .resized(Size(width: 80, height: 24)))
        _ = reduce(&state, .keyPressed(.character("c")))
        let run = try #require(state.compare)
        #expect(run.total == 500)
        #expect(run.lanes.allSatisfy { $0.session.batch.labels.count == 64 })
        let line = SnapshotLine.command(options: options, state: state, format: .plain)
        #expect(line.contains("--compare-steps 500 --compare-batch 8x8"))
        var bad = Arguments(["--compare-batch", "9x9"], command: "gpw explore")
        #expect(throws: CommandError.self) { try ExploreOptions.parse(&bad) }
    }

    @Test func undoBringsBackTheDatasetBeforeD() throws {
        var state = try ExploreOptions().makeState(asciiLocale: false)
        let size = Size(width: 80, height: 24)
        replayHeadless(try ActionScript.parse("resize=80x24 n n j"), on: &state)
        let before = render(state, size: size).text()
        replayHeadless(try ActionScript.parse("d"), on: &state)
        #expect(state.settings.datasetName == "leaves")
        replayHeadless(try ActionScript.parse("U"), on: &state)
        #expect(state.settings.datasetName == "letters" && state.session.step == 2)
        #expect(render(state, size: size).text() == before)
    }

    @Test func fiftyLevelsFitAtTheLargestBatchWithAComparisonRunning() throws {
        var options = ExploreOptions()
        (options.data, options.classes, options.samples) = ("leaves", 16, 5)
        options.losses = ["contrastive", "triplet", "lifted", "binomial", "ms", "ms:mining=off", "npair", "histogram"]
        var state = try options.makeState(asciiLocale: false)
        replayHeadless(try ActionScript.parse("resize=80x24 n c tick*5"), on: &state)
        #expect(state.compare?.lanes.count == 8)
        #expect(state.batchCount == 80)
        let level = state.undoLevelBytes
        #expect(level > 1_000_000)   // the comparison's eight models are counted
        #expect(50 * level <= UndoStack.maximumBytes)
    }
}
