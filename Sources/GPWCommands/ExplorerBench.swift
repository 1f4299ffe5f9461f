import ExplorerUI
import Foundation
import TUICore

/// Explorer timings: drawing a frame (state to cell grid) and start-up to the first frame.
enum ExplorerBench {
    /// The state `gpw explore` starts with (letters, 4 × 4 batch, the default losses).
    static func initialState() throws -> AppState {
        try ExploreOptions().makeState(asciiLocale: false)
    }

    /// `render(state, size)` at the three reference sizes.
    static func frames(quick: Bool) -> [BenchCommand.Row] {
        guard let state = try? initialState() else { return [] }
        return [(80, 24), (160, 48), (250, 70)].map { width, height in
            let size = Size(width: width, height: height)
            let samples = Stopwatch.measure(repetitions: quick ? 3 : 31, inner: quick ? 1 : 20) {
                _ = render(state, size: size)
            }
            return BenchCommand.Row(group: "explorer", name: "render \(width)x\(height)", timing: TimingSummary(samples))
        }
    }

    /// The hidden `gpw bench --first-frame` mode: build the explorer's initial state exactly as
    /// `gpw explore` does, render the first frame at 80x24, print the monotonic clock (ms) and exit.
    /// No terminal is touched.
    static func firstFrameChild() throws {
        let state = try initialState()
        _ = render(state, size: Size(width: 80, height: 24))
        try Output.out(String(format: "%.6f", Stopwatch.now() * 1000))
    }

    /// Start-up to first frame, measured from outside: the clock before spawning
    /// `gpw bench --first-frame` to the clock the child prints after its first render
    /// (CLOCK_MONOTONIC is shared by every process). Includes exec, dynamic loading, the bundled
    /// letters CSV parse and split, the model, every default loss's weights and the render; not
    /// the terminal set-up. Also the same work timed in-process, for comparison.
    static func startUp(quick: Bool) -> [BenchCommand.Row] {
        var rows: [BenchCommand.Row] = []
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var samples: [Double] = []
        for run in 0..<(quick ? 2 : 11) {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["bench", "--first-frame"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            let start = Stopwatch.now() * 1000
            guard (try? process.run()) != nil else { break }
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0,
                  let text = String(data: output, encoding: .utf8),
                  let stamp = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { break }
            if run > 0 { samples.append(stamp - start) }          // the first run warms the page cache
        }
        if !samples.isEmpty {
            rows.append(BenchCommand.Row(group: "explorer", name: "start-up to first frame (process)",
                                         timing: TimingSummary(samples), note: "spawn to first 80x24 grid"))
        }
        let inProcess = Stopwatch.measure(repetitions: quick ? 2 : 11, warmup: 1) {
            if let state = try? initialState() { _ = render(state, size: Size(width: 80, height: 24)) }
        }
        rows.append(BenchCommand.Row(group: "explorer", name: "initial state + first frame (in-process)",
                                     timing: TimingSummary(inProcess), note: "load letters, model, weights, render"))
        return rows
    }
}
