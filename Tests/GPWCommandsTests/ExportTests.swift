import ExplorerUI
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import GPWCommands
import NcursesTerminal
import Testing
import TestSupport
import TUICore

/// A terminal for the run loop that can also change size mid-script.
struct EventTerminal: Terminal {
    enum Event { case key(Key), tick, resize(Size) }
    var size: Size
    var events: [Event]
    var frames: [CellGrid] = []
    /// The frame on screen when each key was read, in order.
    var framesAtKeys: [(Key, CellGrid)] = []

    mutating func draw(_ grid: CellGrid) throws { frames.append(grid) }

    mutating func nextKey(timeout milliseconds: Int) throws -> Key? {
        guard !events.isEmpty else { return .character("q") }
        switch events.removeFirst() {
        case .tick: return nil
        case .resize(let new):
            size = new
            return .resize
        case .key(let key):
            if let frame = frames.last { framesAtKeys.append((key, frame)) }
            return key
        }
    }

    /// `"n n space tick*3 space resize=100x30 e"` as events (`tick` is a timeout).
    static func events(_ script: String) throws -> [Event] {
        try ActionScript.parse(script).map { action in
            switch action {
            case .keyPressed(let key): return .key(key)
            case .tick: return .tick
            case .resized(let size): return .resize(size)
            default: throw ActionScriptError(word: "?")
            }
        }
    }
}

/// A fresh empty directory, removed by the caller.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "gpw-export-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// `e` in the explorer writes what was on screen; `gpw snapshot` with the line in the file
/// writes the same bytes.
@Suite struct ExportTests {
    static let fixedDate = Date(timeIntervalSince1970: 1_790_000_000)

    /// Runs the explorer on `script` at `size` with exports into `directory`.
    static func explore(_ script: String, size: Size, directory: String, options: ExploreOptions = ExploreOptions(),
                        format: ExportFormat = .plain) throws -> (AppState, EventTerminal) {
        var state = try options.makeState(asciiLocale: false)
        state.exportFormat = format
        var terminal = EventTerminal(size: size, events: try EventTerminal.events(script))
        let context = ExportContext(directory: directory, options: options, now: { fixedDate })
        try runExplorer(&state, on: &terminal, maxIterations: 10_000, exports: context)
        return (state, terminal)
    }

    static func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    /// Export names in the order they were written: `base.txt`, `base-2.txt`, `base-3.txt` ...
    static func exportOrder(_ names: [String]) -> [String] {
        names.sorted { a, b in
            func number(_ name: String) -> Int {
                let stem = name.split(separator: ".")[0].split(separator: "-")
                return stem.count == 4 ? Int(stem[3]) ?? 1 : 1
            }
            return number(a) < number(b)
        }
    }

    /// What `gpw snapshot` prints for the command on the first line of an export.
    static func snapshot(reproducing file: String) throws -> String {
        let firstLine = String(file.prefix { $0 != "\n" })
        #expect(firstLine.hasPrefix("$ gpw snapshot "))
        let words = try DemoScript.words(String(firstLine.dropFirst("$ gpw snapshot ".count)), line: 1)
        var arguments = Arguments(words, command: "gpw snapshot")
        return try SnapshotCommand.render(try SnapshotCommand.parse(&arguments))
    }

    @Test(arguments: [
        ("n n n l l j e", Size(width: 80, height: 24)),
        ("space tick*6 space tab j e", Size(width: 120, height: 40)),
        ("tab tab > n e", Size(width: 80, height: 24)),
        ("n ? ? e", Size(width: 160, height: 48)),
        ("tab tab tab resize=160x48 n resize=100x30 b e", Size(width: 80, height: 24)),
        ("space tick*3 e tick*2 space e", Size(width: 90, height: 28)),
        ("c tick*4 e tick*3 4 e", Size(width: 160, height: 48)),       // a live compare advances on ticks
        ("d n e", Size(width: 120, height: 40)),                         // a dataset loaded by an effect
        ("tab tab tab tab ] + + 2 n e", Size(width: 160, height: 48)),   // a parameter key and a teaching view
    ])
    func theExportIsTheScreenAndTheSnapshotOfItsOwnCommand(_ script: String, _ size: Size) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (_, terminal) = try Self.explore(script, size: size, directory: directory)
        let names = Self.exportOrder(try Self.files(in: directory))
        let exportFrames = terminal.framesAtKeys.filter { $0.0 == .character("e") }.map(\.1)
        #expect(names.count == exportFrames.count && !names.isEmpty)
        for (name, frame) in zip(names, exportFrames) {
            let file = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            // Below the command line: exactly the rows that were on screen when e was pressed.
            let screen = String(file.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[1])
            let seen = frame.text() + "\n"
            #expect(screen == seen)
            let snapshot = try Self.snapshot(reproducing: file)
            #expect(snapshot == file)
        }
    }

    @Test(arguments: Array(ExportFormat.allCases.enumerated()))
    func everyFormatFromTheMenuMatchesTheSnapshot(_ index: Int, _ format: ExportFormat) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (state, _) = try Self.explore("n l E \(index + 1) n", size: Size(width: 100, height: 30), directory: directory)
        let names = try Self.files(in: directory)
        try #require(names.count == 1)
        #expect(names[0] == ExportWriter.baseName(at: Self.fixedDate) + "." + format.fileExtension)
        let file = try String(contentsOfFile: directory + "/" + names[0], encoding: .utf8)
        var arguments = Arguments(["--keys", "n l", "--size", "100x30", "--format", format.name], command: "gpw snapshot")
        #expect(try SnapshotCommand.render(try SnapshotCommand.parse(&arguments)) == file)
        #expect(state.session.step == 2)  // n after the export still trains
        var plainArguments = Arguments(["--keys", "n l", "--size", "100x30"], command: "gpw snapshot")
        let plain = try SnapshotCommand.render(try SnapshotCommand.parse(&plainArguments))
        let screen = { (text: String) in text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[1] }
        switch format {
        case .html, .svg:
            let parser = XMLParser(data: Data(file.utf8))
            #expect(parser.parse(), "\(format) does not parse as XML: \(String(describing: parser.parserError))")
        case .ansi:
            #expect(screen(ScreenExport.strippingSGR(file)) == screen(plain))
        case .markdown:
            #expect(file.contains("```text\n" + screen(plain) + "```\n"))
        case .plain:
            #expect(file == plain)
        case .ascii:
            #expect(file.unicodeScalars.allSatisfy { $0.isASCII })
        }
    }


    @Test func exportsNeverOverwrite() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = ExportWriter.baseName(at: Self.fixedDate)
        try "keep\n".write(toFile: directory + "/\(base).txt", atomically: false, encoding: .utf8)
        let (_, terminal) = try Self.explore("e n e n e", size: Size(width: 120, height: 30), directory: directory)
        #expect(try Self.files(in: directory) == ["\(base)-2.txt", "\(base)-3.txt", "\(base)-4.txt", "\(base).txt"])
        #expect(try String(contentsOfFile: directory + "/\(base).txt", encoding: .utf8) == "keep\n")
        #expect(terminal.frames.last?.row(28).hasPrefix(" saved \(directory)/\(base)-4.txt") == true)
        let second = try String(contentsOfFile: directory + "/\(base)-3.txt", encoding: .utf8)
        #expect(second.contains("step 1"))
    }

    @Test func anUnwritableDirectoryIsAStatusLineErrorAndTheExplorerGoesOn() throws {
        let parent = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let gone = parent + "/gone"
        var state = try ExploreOptions().makeState(asciiLocale: false)
        var terminal = EventTerminal(size: Size(width: 120, height: 30), events: try EventTerminal.events("n e"))
        let context = ExportContext(directory: gone, options: ExploreOptions(), now: { Self.fixedDate })
        try runExplorer(&state, on: &terminal, maxIterations: 100, exports: context)
        #expect(terminal.frames.last?.row(28).hasPrefix(" export failed: cannot write in \(gone):") == true)
        #expect(state.session.step == 1 && state.isFinished)   // q still quit normally afterwards
        #expect(try Self.files(in: parent).isEmpty)
        if getuid() != 0 {  // root ignores permissions
            try FileManager.default.createDirectory(atPath: gone, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o555])
            defer { chmod(gone, 0o755) }
            let (readOnly, _) = try Self.explore("e n", size: Size(width: 80, height: 24), directory: gone)
            #expect(readOnly.exportNotice == nil && readOnly.session.step == 1)  // n cleared the failure notice
            #expect(try Self.files(in: gone).isEmpty)
        }
    }

    @Test func writingLeavesNoTemporaryFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for _ in 0..<3 {
            _ = try ExportWriter.save("x", directory: directory, base: "gpw-a", fileExtension: "txt")
        }
        #expect(try Self.files(in: directory) == ["gpw-a-2.txt", "gpw-a-3.txt", "gpw-a.txt"])
        #expect(throws: ExportWriter.Failure.self) {
            try ExportWriter.save("x", directory: directory + "/missing", base: "gpw-a", fileExtension: "txt")
        }
        #expect(try Self.files(in: directory).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func baseNamesAreDateAndTime() {
        let name = ExportWriter.baseName(at: Self.fixedDate)
        #expect(name.count == "gpw-YYYYMMDD-HHMMSS".count && name.hasPrefix("gpw-20"))
        #expect(name.dropFirst(4).allSatisfy { $0.isNumber || $0 == "-" })
    }

    @Test func theExportPaletteIsTheTerminalPalette() {
        for role in StyleRole.all {
            let look = ScreenColors.look(role), entry = Palette.entry(role, tier: .colors256)
            #expect(look.xterm.map(Int16.init) == entry.foreground, "\(role)")
            #expect(look.bold == entry.attributes.contains(.bold), "\(role)")
            #expect(look.underline == entry.attributes.contains(.underline), "\(role)")
        }
    }

    @Test func theReproductionLineQuotesForTheShell() {
        #expect(SnapshotLine.shellQuoted("ms:lambda=0.5,mining=off") == "ms:lambda=0.5,mining=off")
        #expect(SnapshotLine.shellQuoted("n n ?") == "'n n ?'")
        #expect(SnapshotLine.shellQuoted("it's") == "'it'\\''s'")
        #expect(SnapshotLine.shellQuoted("") == "''")
    }
}
