import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TUICore

/// The serialisers on a small hand-made screen: every format keeps the screen's text, puts the
/// command outside it, and (HTML, SVG) parses as XML.
@Suite struct ScreenExportTests {
    /// 12x4: a title, a reversed cursor cell, coloured heat glyphs, trailing blanks, an empty row,
    /// and characters that XML and Markdown must escape.
    static func sample() -> ScreenExport {
        var grid = CellGrid(width: 12, height: 4)
        grid.put("a<b & \"c\"", x: 0, y: 0, style: CellStyle(.title, bold: true))
        grid.put("░▒", x: 1, y: 1, style: CellStyle(.positive(2)))
        grid.put("▇", x: 3, y: 1, style: CellStyle(.negative(4), reversed: true))
        grid.put("`x``", x: 5, y: 1, style: CellStyle(.key))
        grid.put(" ", x: 11, y: 1, style: CellStyle(.warning, reversed: true))
        grid.put("╲·▶│", x: 0, y: 3, style: CellStyle(.structure))
        return ScreenExport(grid: grid, command: "gpw snapshot --keys 'n n' --loss ms:lambda=1 -- <&>",
                            caption: "gpw · test <1> & 2")
    }

    @Test func plainTextIsTheCommandThenTheRowsAsCapturePaneShowsThem() {
        let export = Self.sample()
        let expected = "$ gpw snapshot --keys 'n n' --loss ms:lambda=1 -- <&>\n"
            + "a<b & \"c\"\n ░▒▇ `x``\n\n╲·▶│\n"
        #expect(export.plainText() == expected)
        #expect(export.serialised(as: .plain) == expected)
    }

    @Test func ansiWithoutEscapesIsThePlainText() {
        let export = Self.sample()
        let ansi = export.ansi()
        #expect(ansi.contains("\u{1B}[38;5;"))           // colours are kept
        #expect(ansi.contains("\u{1B}[7;38;5;214m▇"))   // the reversed level-4 negative
        #expect(ScreenExport.strippingSGR(ansi) == export.plainText())
        // The stripper itself: only SGR sequences go.
        #expect(ScreenExport.strippingSGR("a\u{1B}[1;38;5;4mb\u{1B}[0mc\u{1B}[2J") == "abc\u{1B}[2J")
    }

    @Test func markdownFencesTheScreenUnderACaption() {
        let export = Self.sample()
        let md = export.markdown()
        // The screen holds a run of two backticks: the fence must be longer than that (3).
        #expect(md.contains("```text\n" + export.screenText + "```\n"))
        #expect(md.hasPrefix("**gpw · test \\<1\\> & 2**\n\n`gpw snapshot"))
        var fenced = export
        fenced.grid.put("````", x: 0, y: 2)
        #expect(fenced.markdown().contains("`````text\n"))
    }

    @Test func asciiTransliteratesTheGlyphSetOneToOne() {
        let text = Self.sample().asciiText()
        #expect(text.hasSuffix(" :o# `x``\n\n\\.>|\n"))
        let screen = text.split(separator: "\n", maxSplits: 1)[1]
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(ASCIIGlyphs.ascii("█") == "@" && ASCIIGlyphs.ascii("▁") == "-" && ASCIIGlyphs.ascii("┼") == "+")
        #expect(ASCIIGlyphs.ascii("é") == "?")
    }

    @Test func htmlIsWellFormedXMLWhosePreIsTheScreen() throws {
        let export = Self.sample()
        let html = export.html()
        let parsed = try XMLTexts(html, collecting: "pre")
        #expect(parsed.collected == export.screenText)
        #expect(parsed.all.contains("$ gpw snapshot --keys 'n n' --loss ms:lambda=1 -- <&>"))
        #expect(html.contains("background:#ffaf00"))  // 214, the strongest orange, reversed
        #expect(html.contains("<span style=\"color:#5fafd7\">░▒</span>"))  // 74, positive level 2
        #expect(!html.contains("<!--"))               // the command has "--": never in a comment
    }

    @Test func svgIsWellFormedXMLWithTheCommandAsItsDescription() throws {
        let export = Self.sample()
        let parsed = try XMLTexts(export.svg(), collecting: "desc")
        #expect(parsed.collected == "$ gpw snapshot --keys 'n n' --loss ms:lambda=1 -- <&>")
        #expect(parsed.all.contains("a<b & \"c\""))
        #expect(export.svg().contains("<rect x=\"25.2\" y=\"17\" width=\"8.4\""))  // the reversed cell at column 3, row 1
        // Spaces inside a run survive renderers that ignore CSS white-space (librsvg, Inkscape).
        #expect(export.svg().contains("<svg xmlns=\"http://www.w3.org/2000/svg\" xml:space=\"preserve\""))
    }

    @Test func xmlEscapingCoversMarkupAndControlCharacters() {
        #expect(ScreenExport.xmlEscaped("<a href=\"x\">&</a>\u{1}\u{7F}") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;??")
    }

    @Test(arguments: [(16, RGB(0, 0, 0)), (21, RGB(0, 0, 255)), (196, RGB(255, 0, 0)), (231, RGB(255, 255, 255)),
                      (67, RGB(95, 135, 175)), (214, RGB(255, 175, 0)), (232, RGB(8, 8, 8)), (255, RGB(238, 238, 238)),
                      (9, RGB(255, 0, 0))])
    func xtermColoursFollowTheCubeAndRamp(_ index: Int, _ rgb: RGB) {
        #expect(RGB.xterm(index) == rgb)
    }

    @Test func hexIsTwoLowercaseDigitsPerChannel() {
        #expect(RGB(255, 175, 0).hex == "#ffaf00" && RGB(1, 2, 3).hex == "#010203")
    }

    @Test func formatNamesRoundTrip() {
        for format in ExportFormat.allCases { #expect(ExportFormat(name: format.name) == format) }
        #expect(ExportFormat(name: "md") == .markdown && ExportFormat(name: "pdf") == nil)
    }
}

/// Parses XML with Foundation's XMLParser: all character data, and the data inside one element.
struct XMLTexts {
    var all = ""
    var collected = ""

    init(_ text: String, collecting element: String) throws {
        let delegate = Collector(element: element)
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw ParseFailure(description: "\(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        }
        all = delegate.all
        collected = delegate.collected
    }

    struct ParseFailure: Error, CustomStringConvertible { var description: String }

    final class Collector: NSObject, XMLParserDelegate {
        let element: String
        var depth = 0
        var all = "", collected = ""
        init(element: String) { self.element = element }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == element || depth > 0 { depth += 1 }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if depth > 0 { depth -= 1 }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            all += string
            if depth > 0 { collected += string }
        }
    }
}
