import Testing
import TUICore

@Suite struct CellGridTests {
    @Test func textTrimsTrailingBlanksAndKeepsEveryRow() {
        var grid = CellGrid(width: 6, height: 3)
        grid.put("ab", x: 1, y: 0)
        grid.put("x", x: 5, y: 2)
        #expect(grid.text() == " ab\n\n     x")
    }

    @Test func writesOutsideTheGridAreClipped() {
        var grid = CellGrid(width: 4, height: 2)
        let end = grid.put("abcdef", x: 2, y: 1)
        grid.put("z", x: -1, y: 0)
        grid.put("z", x: 0, y: 5)
        #expect(grid.text() == "\n  ab")
        #expect(end == 4)
    }

    @Test func maxWidthLimitsAWrite() {
        var grid = CellGrid(width: 10, height: 1)
        grid.put("abcdef", x: 0, y: 0, maxWidth: 3)
        #expect(grid.text() == "abc")
    }

    @Test func wideGlyphsAreReplacedSoGeometryHolds() {
        var grid = CellGrid(width: 3, height: 1)
        grid.put("a漢b", x: 0, y: 0)
        #expect(grid.text() == "a?b")
    }

    @Test func restyleKeepsGlyphs() {
        var grid = CellGrid(width: 3, height: 1)
        grid.put("abc", x: 0, y: 0)
        grid.restyle(Rect(x: 1, y: 0, width: 5, height: 1)) { $0.isReversed = true }
        #expect(grid.text() == "abc")
        #expect(grid[0, 0].style.isReversed == false)
        #expect(grid[1, 0].style.isReversed && grid[2, 0].style.isReversed)
    }

    @Test(arguments: ["░", "▒", "▓", "█", "▁", "▃", "▅", "▇", "·", "╲", "│", "┌", "▶", "a", "~"])
    func panelGlyphsAreSingleWidth(_ glyph: String) throws {
        let scalar = try #require(glyph.unicodeScalars.first)
        #expect(Glyphs.isSingleWidth(scalar))
    }

    @Test(arguments: ["漢", "😀", "\u{0301}", "\u{7}"])
    func wideOrControlScalarsAreRefused(_ glyph: String) throws {
        let scalar = try #require(glyph.unicodeScalars.first)
        #expect(!Glyphs.isSingleWidth(scalar))
    }
}
