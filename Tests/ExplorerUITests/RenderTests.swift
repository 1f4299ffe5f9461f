import ExplorerUI
import Testing
import TUICore

@Suite struct RenderTests {
    @Test func renderingIsDeterministic() throws {
        var a = try Fixture.state(), b = try Fixture.state()
        try Fixture.press("n n space", on: &a)
        try Fixture.press("n n space", on: &b)
        _ = reduce(&a, .tick)
        _ = reduce(&b, .tick)
        #expect(render(a, size: Size(width: 120, height: 40)) == render(b, size: Size(width: 120, height: 40)))
    }

    /// A long loss name is shortened before the panel's scale, which the levels are read against.
    @Test func aLongLossNameGivesWayToThePanelScale() throws {
        let state = try Fixture.state(losses: ["binomial:beta=50,mining=on,lambda=0.3"])
        let lines = render(state, size: Size(width: 80, height: 24)).text().split(separator: "\n")
        #expect(lines[2].contains("binomial:") && lines[2].contains("~"), "\(lines[2])")
        #expect(lines.contains { $0.contains(" max ") || $0.contains("max|w| ") })
    }

    /// The last action's message is never cut: at the end of the header when it fits, else on the
    /// legend's row until the next key.
    @Test func aLongMessageMovesToTheLegendRowInsteadOfBeingCut() throws {
        var state = try Fixture.state(losses: ["ms"])
        try Fixture.press("p p p", on: &state)                   // "panel 1: binomial:mining=on"
        let message = try #require(state.message)
        let narrow = render(state, size: Size(width: 80, height: 24)).text().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!narrow[1].contains(message) && narrow[22].contains(message), "\(narrow[1])\n\(narrow[22])")
        let wide = render(state, size: Size(width: 160, height: 48)).text().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(wide[1].contains(message) && wide[46].contains("pos"), "\(wide[1])")
        try Fixture.press("j", on: &state)                       // the next key clears it; the legend returns
        #expect(render(state, size: Size(width: 80, height: 24)).text().split(separator: "\n")[22].contains("pos"))
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 250, height: 70),
                      Size(width: 61, height: 13), Size(width: 20, height: 5)])
    func everyGlyphIsSingleWidth(_ size: Size) throws {
        for ascii in [false, true] {
            var state = try Fixture.state(ascii: ascii, size: size)
            try Fixture.press("n ?", on: &state)
            let grid = render(state, size: size)
            #expect(grid.cells.allSatisfy { Glyphs.isSingleWidth($0.character) })
            #expect(grid.size == size)
        }
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 250, height: 70),
                      Size(width: 61, height: 13), Size(width: 100, height: 30), Size(width: 20, height: 5)])
    func everyTeachingViewDrawsInsideTheGrid(_ size: Size) throws {
        for (classes, samples) in [(4, 4), (6, 5), (2, 2)] {
            for ascii in [false, true] {
                var state = try Fixture.state(classes: classes, samples: samples, ascii: ascii, size: size, overlap: true)
                try Fixture.press("n n c", on: &state)
                _ = reduce(&state, .tick)
                for view in ["1", "2", "3", "4", "5"] {
                    try Fixture.press(view + " j l l", on: &state)
                    let grid = render(state, size: size)
                    #expect(grid.size == size)
                    #expect(grid.cells.allSatisfy { Glyphs.isSingleWidth($0.character) })
                    if ascii { #expect(grid.text().unicodeScalars.allSatisfy { $0.isASCII }, "\(size) view \(view)") }
                }
            }
        }
    }

    @Test func theHeaderShowsTheCompactSpecAndTheChosenParameter() throws {
        var state = try Fixture.state(losses: ["ms:lambda=1"])
        try Fixture.press("] ]", on: &state)
        let header = render(state, size: Size(width: 80, height: 24)).text().split(separator: "\n")[1]
        #expect(header.contains("trains ms:lambda=1 │") && header.contains("[lambda] 1"))
    }

    @Test func everythingFitsAt250x70() throws {
        let size = Size(width: 250, height: 70)
        let state = try Fixture.state(size: size)
        let text = render(state, size: size).text()
        #expect(!text.contains("losses ") && !text.contains("/5 <>"))
        for name in ["similarity", "contrastive", "triplet", "lifted", "binomial", "ms"] { #expect(text.contains(name)) }
    }

    @Test func pagingSaysWhichPanelsAreShown() throws {
        var state = try Fixture.state()
        #expect(render(state, size: Size(width: 100, height: 30)).text().contains("losses 1-4 of 5 (< >)"))
        #expect(render(state, size: Size(width: 80, height: 24)).text().contains("1-3/5 <>"))
        try Fixture.press(">", on: &state)
        #expect(render(state, size: Size(width: 80, height: 24)).text().contains("4-5/5 <>"))
    }

    @Test func theCursorIsMarkedInEveryShownPanel() throws {
        var state = try Fixture.state(losses: ["contrastive"])
        try Fixture.press("j j l", on: &state)
        let grid = render(state, size: Size(width: 80, height: 24))
        let reversed = grid.cells.enumerated().filter { $0.element.style.isReversed && "░▒▓█▁▃▅▇╲· ".unicodeScalars.contains($0.element.character) }
        #expect(reversed.count >= 2 * 2)  // two glyph columns in each of the two panels
        #expect(grid.text().components(separatedBy: "(2,2)").count - 1 == 3)  // the header and both panels
    }

    @Test func theFooterReadsTheKeyTable() throws {
        let state = try Fixture.state()
        let footer = render(state, size: Size(width: 160, height: 48)).text().split(separator: "\n").last.map(String.init) ?? ""
        for entry in footerEntries(KeyMap.main, running: false, paging: false, ascii: false) {
            #expect(footer.contains(entry.key + " " + entry.label))
        }
        #expect(!footer.contains("panels"))
    }

    @Test func theHelpListsEveryKey() throws {
        let lines = helpLines(ascii: false).joined(separator: "\n")
        for binding in KeyMap.main {
            for key in binding.keys { #expect(lines.contains(key.name)) }
            #expect(lines.contains(binding.help))
        }
    }

    @Test func unknownLossesGetAPanelThatSaysSo() throws {
        let state = try Fixture.state(losses: ["contrastive", "no-such-loss"])
        let text = render(state, size: Size(width: 160, height: 48)).text()
        #expect(text.contains("unknown loss 'no-such-loss'"))
    }
}
