import ExplorerUI
import Foundation
@testable import GPWCommands
import Testing
import TestSupport
import TUICore

/// `gpw snapshot` and `gpw demo` as a user runs them, and every demo in demos/.
@Suite struct SnapshotCommandTests {
    static let root = GPWProcess.packageRoot()

    @Test func aSnapshotIsTheCommandThenTheScreen() throws {
        let run = try GPWProcess.run(["snapshot", "--keys", "n n n l", "--size", "100x30", "--loss", "ms:lambda=1",
                                      "--loss", "binomial"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init) == "$ gpw snapshot --data letters --batch 4x4 --seed 1 --loss ms:lambda=1 --loss binomial "
                + "--size 100x30 --keys 'n n n l'")
        #expect(lines.count == 1 + 30 + 1)   // command, 30 rows, the final newline
        #expect(lines[1].contains("step 3") && lines[1].contains("pair (0,2)"))
        #expect(lines.dropFirst().allSatisfy { $0.unicodeScalars.count <= 100 })
    }

    @Test func outputFileHoldsTheSameBytes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["snapshot", "--keys", "n tab", "--format", "html"]
        let printed = try GPWProcess.run(arguments)
        let written = try GPWProcess.run(arguments + ["-o", directory + "/s.html"])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOfFile: directory + "/s.html", encoding: .utf8) == printed.stdout)
        let unwritable = try GPWProcess.run(arguments + ["-o", directory + "/missing/s.html"])
        #expect(unwritable.status == 73 && unwritable.stderr.contains("missing/s.html"))
    }

    @Test(arguments: [
        (["snapshot", "--keys", "n nope"], "unknown key 'nope'"),
        (["snapshot", "--format", "pdf"], "plain, ascii, markdown, ansi, html, svg"),
        (["snapshot", "--size", "80"], "expected WxH"),
        (["snapshot", "--keys", "n*0"], "'n*0': the repeat N of WORD*N must be in 1...100000"),
        (["snapshot", "--loss", "nope"], "--loss nope"),
        (["snapshot", "--colour"], "unknown option --colour"),
    ])
    func badRequestsAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let run = try GPWProcess.run(arguments)
        #expect(run.status == 64)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func theExplorersExportOptionsAreCheckedBeforeItStarts() throws {
        let missing = try GPWProcess.run(["explore", "--export-dir", "/nonexistent/gpw"])
        #expect(missing.status == 66 && missing.stderr.contains("--export-dir /nonexistent/gpw"))
        let format = try GPWProcess.run(["--export-format", "pdf"])
        #expect(format.status == 64 && format.stderr.contains("plain, ascii, markdown, ansi, html, svg"))
    }

    @Test func asciiGlyphsAreAnExplorerOption() throws {
        let run = try GPWProcess.run(["snapshot", "--ascii", "--keys", "n"])
        #expect(run.status == 0 && run.stdout.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(run.stdout.hasPrefix("$ gpw snapshot") && run.stdout.contains("--ascii --size 80x24 --keys n\n"))
    }

    @Test func aBadKeyListsTheValidNames() throws {
        let run = try GPWProcess.run(["snapshot", "--keys", "n ctrl-x"])
        for name in ["space", "tab", "shift-tab", "esc", "left", "pgdn", "f1", "tick", "resize=WxH", "WORD*N"] {
            #expect(run.stderr.contains(name), "missing \(name)")
        }
    }

    /// The demo files, found on disk (NN-name.md).
    static var demoFiles: [String] {
        let directory = root + "/demos"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.first?.isNumber == true && $0.hasSuffix(".md") }.sorted().map { directory + "/" + $0 }
    }

    @Test func thereAreAtLeastFiveDemos() {
        #expect(Self.demoFiles.count >= 5)
    }

    @Test(arguments: demoFiles)
    func everyDemoRendersIntoAHandout(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let script = try DemoScript(parsing: text)
        let blocks = script.parts.filter { if case .snapshot = $0 { return true } else { return false } }.count
        let handout = try DemoCommand.handout(text, file: path, ascii: false)
        #expect(!handout.isEmpty)
        #expect(handout.components(separatedBy: "```text\n").count - 1 == blocks)
        #expect(!handout.contains("```gpw-snapshot"))
        // The prose is kept: the first heading of the demo opens the handout.
        #expect(handout.hasPrefix(String(text.prefix { $0 != "\n" })))
    }

    @Test func anASCIIHandoutHasASCIIScreens() throws {
        let path = try #require(Self.demoFiles.first { $0.hasSuffix("02-mining.md") })
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let ascii = try DemoCommand.handout(text, file: path, ascii: true)
        let screens = ascii.components(separatedBy: "```text\n").dropFirst().map { $0.components(separatedBy: "```\n")[0] }
        let blocks = text.components(separatedBy: "```gpw-snapshot").count - 1
        #expect(blocks >= 2 && screens.count == blocks && screens.allSatisfy { $0.unicodeScalars.allSatisfy { $0.isASCII } })
        #expect(ascii.contains("--ascii"))   // the command beside each screen redraws it in ASCII
    }

    @Test func theDemoCommandJoinsFilesAndNamesTheLineOfABadBlock() throws {
        let files = Array(Self.demoFiles.prefix(2))
        let run = try GPWProcess.run(["demo"] + files)
        #expect(run.status == 0 && run.stdout.contains("\n---\n"))
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bad = directory + "/bad.md"
        try "# t\n\ntext\n\n```gpw-snapshot\n--keys \"n zap\"\n```\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try GPWProcess.run(["demo", bad])
        #expect(failed.status == 65 && failed.stderr.contains("bad.md:5") && failed.stderr.contains("'zap'"))
        try "# no blocks\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(try GPWProcess.run(["demo", bad]).status == 65)
        #expect(try GPWProcess.run(["demo", directory + "/none.md"]).status == 66)
        #expect(try GPWProcess.run(["demo"]).status == 64)
    }

    @Test func demoBlocksAreReadAsShellWords() throws {
        #expect(try DemoScript.words(#"--keys "n n" --loss 'ms:lambda=1' a\ b"#, line: 1)
                == ["--keys", "n n", "--loss", "ms:lambda=1", "a b"])
        #expect(throws: DemoScript.Problem.self) { try DemoScript.words("--keys \"n", line: 3) }
        let script = try DemoScript(parsing: "a\n```gpw-snapshot\n# comment\n--size 80x24\n--keys n\n```\nb\n")
        #expect(script.parts == [.prose("a"), .snapshot(arguments: ["--size", "80x24", "--keys", "n"], line: 2), .prose("b\n")])
    }
}
