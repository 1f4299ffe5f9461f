import ExplorerUI
import Foundation
@testable import GPWCommands
import Testing
import TestSupport
import TUICore

/// `gpw snapshot --format cast`: an asciinema v2 recording whose frames are the key script's
/// screens in order.
@Suite struct CastRecordingTests {
    /// A parsed asciicast: the header object and every event as (time, type, data).
    struct Cast {
        var header: [String: Any]
        var events: [(time: Double, type: String, data: String)]

        init(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(text.hasSuffix("\n"), sourceLocation: sourceLocation)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let first = try #require(lines.first, sourceLocation: sourceLocation)
            header = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any],
                                  sourceLocation: sourceLocation)
            events = try lines.dropFirst().map { line in
                let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any],
                                         "not an event: \(line.prefix(80))", sourceLocation: sourceLocation)
                try #require(event.count == 3, sourceLocation: sourceLocation)
                let time = try #require(event[0] as? NSNumber, sourceLocation: sourceLocation).doubleValue
                let type = try #require(event[1] as? String, sourceLocation: sourceLocation)
                let data = try #require(event[2] as? String, sourceLocation: sourceLocation)
                return (time, type, data)
            }
        }
    }

    /// What a terminal shows after an output event, as rows (the repaint's cursor and erase
    /// escapes and the SGR colours removed, CR LF as line breaks).
    static func shownText(_ data: String) -> String {
        var text = ScreenExport.strippingSGR(data)
        for escape in ["\u{1B}[?25l", "\u{1B}[2J", "\u{1B}[H", "\u{1B}[K"] { text = text.replacingOccurrences(of: escape, with: "") }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// `gpw snapshot`'s screen rows after the first `count` actions of `script` at `size`, seen
    /// in a terminal of `shownSize` (a script that resized is snapshotted from that size).
    static func snapshotRows(_ actions: [Action], size: Size, shownSize: Size, losses: [String]) throws -> String {
        var keys = ActionScript.text(actions)
        if shownSize != size { keys = "resize=\(size) " + keys }
        var arguments = Arguments(losses.flatMap { ["--loss", $0] } + ["--size", "\(shownSize)", "--keys", keys],
                                  command: "gpw snapshot")
        return try SnapshotCommand.screen(try SnapshotCommand.parse(&arguments), commandFormat: .plain).grid.text()
    }

    @Test(arguments: [
        ("n n j tab l*3", Size(width: 80, height: 24)),
        ("space tick*4 space 1 j", Size(width: 120, height: 40)),
        ("n resize=100x30 l l resize=90x28 2", Size(width: 80, height: 24)),
        ("d n ? q n", Size(width: 80, height: 24)),            // q ends the script: later keys record nothing
    ])
    func theRecordingParsesAndReplaysTheScriptsScreens(_ script: String, _ size: Size) throws {
        let losses = ["ms", "contrastive"]
        let run = try GPWProcess.run(["snapshot", "--format", "cast", "--size", "\(size)", "--keys", script]
                                     + losses.flatMap { ["--loss", $0] })
        #expect(run.status == 0 && run.stderr.isEmpty)
        let cast = try Cast(run.stdout)
        #expect(cast.header["version"] as? Int == 2)
        #expect(cast.header["width"] as? Int == size.width && cast.header["height"] as? Int == size.height)
        let command = try #require(cast.header["command"] as? String)
        #expect(command.hasPrefix("gpw snapshot ") && command.hasSuffix(" --format cast"))
        #expect(cast.events.allSatisfy { ["o", "r"].contains($0.type) && $0.time >= 0 })
        #expect(zip(cast.events, cast.events.dropFirst()).allSatisfy { $0.time <= $1.time }, "times decrease")

        // Replay: frame k is the snapshot after the first k actions, at the size a resize event set.
        var actions = try ActionScript.parse(script)
        if let quit = actions.firstIndex(of: .keyPressed(.character("q"))) { actions = Array(actions[...quit]) }
        var shownSize = size, frame = 0
        var times: [Double] = []
        for event in cast.events {
            if event.type == "r" {
                let parsed = try #require(Size(parsing: event.data))
                shownSize = parsed
                continue
            }
            let prefix = Array(actions.prefix(frame))
            let expected = frame <= actions.count
                ? try Self.snapshotRows(prefix, size: size, shownSize: shownSize, losses: losses)
                : try Self.snapshotRows(actions, size: size, shownSize: size, losses: losses)   // back at --size
            #expect(Self.shownText(event.data) == expected, "frame \(frame) of '\(script)'")
            #expect(Self.shownText(event.data).split(separator: "\n", omittingEmptySubsequences: false).count == shownSize.height)
            times.append(event.time)
            frame += 1
        }
        let resizedAway = actions.contains { if case .resized = $0 { return true } else { return false } }
        #expect(frame == actions.count + 1 + (resizedAway && shownSize == size ? 1 : 0))
        #expect(shownSize == size)   // the recording ends at --size, as the snapshot does
        // The pace: half a second a key or resize, a tenth a tick; never the clock.
        let expectedEnd = actions.reduce(0) { $0 + SnapshotCommand.castMilliseconds($1) }
            + (resizedAway ? 500 : 0)
        #expect(Int(((times.last ?? 0) * 1000).rounded()) == expectedEnd)
        #expect(run.stdout.contains("\\u001b[38;5;"))   // coloured, like the ANSI export
    }

    @Test func theSameKeysGiveTheSameBytesAndTheFileIsTheOutput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["snapshot", "--format", "cast", "--keys", "n space tick*3 space j"]
        let first = try GPWProcess.run(arguments), second = try GPWProcess.run(arguments)
        #expect(first.stdout == second.stdout && !first.stdout.isEmpty)
        // The documented pace: 0.5 s a key, 0.1 s a tick.
        #expect(try Cast(first.stdout).events.map(\.time) == [0, 0.5, 1.0, 1.1, 1.2, 1.3, 1.8, 2.3])
        let written = try GPWProcess.run(arguments + ["-o", directory + "/lecture.cast"])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOfFile: directory + "/lecture.cast", encoding: .utf8) == first.stdout)
        // The header's command records the same bytes again.
        let command = try #require(try Cast(first.stdout).header["command"] as? String)
        let words = try DemoScript.words(String(command.dropFirst("gpw ".count)), line: 1)
        #expect(try GPWProcess.run(words).stdout == first.stdout)
    }
}
