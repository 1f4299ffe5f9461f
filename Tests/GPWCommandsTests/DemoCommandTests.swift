import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import GPWCommands
import Testing
import TestSupport
import TUICore

/// The compiled-in demos, `gpw demo --list` / `gpw demo NN` from anywhere, and the HTML handout.
@Suite struct DemoCommandTests {
    static var demoFiles: [String] { SnapshotCommandTests.demoFiles }

    @Test func theCompiledInDemosAreTheFilesInDemos() throws {
        // Fails after a demo is edited without rerunning scripts/embed-demos.py.
        let names = Self.demoFiles.map { ($0 as NSString).lastPathComponent }
        #expect(DemoCatalog.all.map(\.name) == names)
        for (path, demo) in zip(Self.demoFiles, DemoCatalog.all) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(demo.text == text, "\(demo.name) differs from its compiled-in copy: run python3 scripts/embed-demos.py")
        }
        #expect(DemoCatalog.all.map(\.number) == Array(1...DemoCatalog.all.count))
    }

    @Test func theListNamesEveryDemoByNumberAndTitle() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try GPWProcess.run(["demo", "--list"], currentDirectory: directory)
        #expect(run.status == 0 && run.stderr.isEmpty)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == Self.demoFiles.count)
        for (line, path) in zip(lines, Self.demoFiles) {
            let name = (path as NSString).lastPathComponent
            let heading = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0]
            // "# 2. Mining: ..." is listed as "02  Mining: ...".
            let title = heading.drop { $0 != "." }.dropFirst().drop { $0 == " " }
            #expect(line == "\(name.prefix(2))  \(title)")
        }
        #expect(lines.first?.hasPrefix("01  The GPW idea") == true)
    }

    @Test func aNumberedDemoRendersOutsideTheCheckoutAsItsFileDoesInside() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try #require(Self.demoFiles.first { $0.hasSuffix("02-mining.md") })
        let outside = try GPWProcess.run(["demo", "02"], currentDirectory: directory)
        #expect(outside.status == 0 && outside.stderr.isEmpty)
        #expect(outside.stdout == (try GPWProcess.run(["demo", path])).stdout)
        #expect(outside.stdout.hasPrefix("# 2. Mining"))
        #expect(try GPWProcess.run(["demo", "2"], currentDirectory: directory).stdout == outside.stdout)
        // A teacher's own demo is still a file.
        try "# Mine\n\n```gpw-snapshot\n--keys n\n```\n".write(toFile: directory + "/mine.md", atomically: true, encoding: .utf8)
        let own = try GPWProcess.run(["demo", "mine.md"], currentDirectory: directory)
        #expect(own.status == 0 && own.stdout.hasPrefix("# Mine\n") && own.stdout.contains("step 1"))
    }

    @Test func allIsEveryCompiledInDemoInOrder() throws {
        let all = try GPWProcess.run(["demo", "--all"])
        let each = try GPWProcess.run(["demo"] + DemoCatalog.all.map { String($0.name.prefix(2)) })
        #expect(all.status == 0 && all.stdout == each.stdout)
        #expect(all.stdout.components(separatedBy: "\n---\n").count == DemoCatalog.all.count)
        #expect(try GPWProcess.run(["demo", "--all", "01"]).status == 64)
    }

    @Test(arguments: [["demos/01-gpw-idea.md"], ["nothing.md"], ["9"], ["01", "missing.md"]])
    func aMissingDemoIsOneLineAndExit66(_ names: [String]) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try GPWProcess.run(["demo"] + names, currentDirectory: directory)
        #expect(run.status == 66)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("error: ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("gpw demo --list"))
        if names.last!.hasSuffix(".md") {
            #expect(run.stderr.contains("\(names.last!): cannot read: no such file"))
        }
    }

    @Test func badHandoutOptionsAreUsageErrors() throws {
        #expect(try GPWProcess.run(["demo", "01", "--format", "pdf"]).stderr.contains("markdown, html"))
        #expect(try GPWProcess.run(["demo", "01", "--format", "pdf"]).status == 64)
        #expect(try GPWProcess.run(["demo", "01", "--size", "wide"]).status == 64)
        #expect(try GPWProcess.run(["demo", "--list", "01"]).status == 64)
    }

    /// The `<pre class="screen">` texts and the `<h1>` texts of an XHTML page, or nil when it
    /// does not parse.
    static func screensAndHeadings(_ page: String) -> (screens: [String], headings: [String])? {
        final class Collector: NSObject, XMLParserDelegate {
            var screens: [String] = [], headings: [String] = []
            var current: String?, inHeading = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "pre" && attributes["class"] == "screen" { current = "" }
                if name == "h1" { inHeading = true; headings.append("") }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if current != nil { current! += string }
                if inHeading { headings[headings.count - 1] += string }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "pre", let text = current { screens.append(text); current = nil }
                if name == "h1" { inHeading = false }
            }
        }
        let parser = XMLParser(data: Data(page.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else { return nil }
        return (collector.screens, collector.headings)
    }

    /// The screens of `text`'s blocks as `gpw snapshot` draws them, each at its block's size made
    /// at most `width` columns wide, or at `size`.
    static func expectedScreens(_ text: String, width: Int? = nil, size: Size? = nil) throws -> [String] {
        try DemoScript(parsing: text).parts.compactMap { part -> String? in
            guard case .snapshot(let words, _) = part else { return nil }
            var arguments = Arguments(words, command: "test")
            var request = try SnapshotCommand.parse(&arguments)
            if let size { request.size = size }
            if let width { request.size.width = min(width, request.size.width) }
            return try SnapshotCommand.screen(request, commandFormat: .plain).screenText
        }
    }

    @Test func theHTMLHandoutHoldsEveryScreenAtMost100ColumnsWide() throws {
        let run = try GPWProcess.run(["demo", "--format", "html", "01", "02"])
        #expect(run.status == 0 && run.stderr.isEmpty)
        let page = try #require(Self.screensAndHeadings(run.stdout), "the handout does not parse as XML")
        let texts = try Self.demoFiles.prefix(2).map { try String(contentsOfFile: $0, encoding: .utf8) }
        let expected = try texts.flatMap { try Self.expectedScreens($0, width: 100) }
        #expect(page.screens == expected)
        #expect(page.screens.count >= 5)
        // Demo 1's blocks are 160 columns wide: narrowed, and every screen fits 100 columns.
        #expect(page.screens.allSatisfy { $0.split(separator: "\n").allSatisfy { $0.unicodeScalars.count <= 100 } })
        #expect(page.screens.contains { $0.split(separator: "\n").contains { $0.unicodeScalars.count > 90 } })
        #expect(page.headings == ["1. The GPW idea: one batch, every loss", "2. Mining: what MS's P step keeps and drops"])
        // The command above each screen redraws it at the size shown.
        #expect(run.stdout.contains("--size 100x48"))
        #expect(!run.stdout.contains("```gpw-snapshot") && run.stdout.contains("<strong>mines</strong>"))
        #expect(run.stdout.contains(ScreenColors.background(.light).hex))   // print is light
        #expect(run.stdout.contains("--theme light") && !run.stdout.contains(ScreenColors.background(.dark).hex))
        // A narrowed screen says so (its prose may name a panel that no longer fits).
        #expect(run.stdout.contains("Drawn 100 columns wide for print; the demo shows it at 160x48"))
    }

    @Test func sizeSetsEveryScreenOfTheHandout() throws {
        let run = try GPWProcess.run(["demo", "--format", "html", "--size", "80x24", "03"])
        let page = try #require(Self.screensAndHeadings(run.stdout))
        let text = try String(contentsOfFile: try #require(Self.demoFiles.first { $0.hasSuffix("03-weighting.md") }), encoding: .utf8)
        #expect(page.screens == (try Self.expectedScreens(text, size: Size(width: 80, height: 24))))
        #expect(page.screens.allSatisfy { $0.split(separator: "\n", omittingEmptySubsequences: false).count == 25 })
        #expect(!run.stdout.contains("class=\"note\""))   // --size is the reader's choice: no note
        let markdown = try GPWProcess.run(["demo", "--size", "80x24", "03"])
        #expect(markdown.status == 0 && !markdown.stdout.contains("--size 160x24") && markdown.stdout.contains("--size 80x24"))
    }

    @Test func markdownProseBecomesXHTML() {
        #expect(MarkdownHTML.html("# 1. Title\n\nSome **bold**, *it*, `a<b` and [x](https://e.org).\n")
                == "<h1>1. Title</h1>\n<p>Some <strong>bold</strong>, <em>it</em>, <code>a&lt;b</code> and "
                + "<a href=\"https://e.org\">x</a>.</p>\n")
        #expect(MarkdownHTML.html("- one\n  more\n- two `**`\n\n1. first\n2. second\n")
                == "<ul>\n<li>one\nmore</li>\n<li>two <code>**</code></li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n")
        #expect(MarkdownHTML.html("````\n```x & y\n````\nS_ik * 2 & 3*4\n")
                == "<pre><code>```x &amp; y</code></pre>\n<p>S_ik * 2 &amp; 3*4</p>\n")
    }
}

/// An ASCII handout's prose names the glyphs its ASCII screens show (the review found `░▒▓█` in
/// the text beside `:oO@` screens).
@Suite struct ASCIIHandoutProseTests {
    @Test func theProseUsesTheScreensGlyphs() throws {
        let run = try GPWProcess.run(["demo", "--ascii", "01"])
        #expect(run.status == 0)
        for glyph in ["░", "▒", "▓", "█", "▁", "▃", "▅", "▇", "·", "╲", "◦", "▼"] {
            #expect(!run.stdout.contains(glyph), "\(glyph)")
        }
        #expect(run.stdout.contains(":oO@"))
    }
}
