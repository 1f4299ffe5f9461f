import ExplorerUI
import Testing
import TUICore

/// Whole screens after scripted keys, compared with reviewed baselines in Snapshots/.
@Suite struct SnapshotTests {
    static let small = Size(width: 80, height: 24)
    static let large = Size(width: 160, height: 48)

    static let cases: [(name: String, size: Size, script: String)] = [
        ("start-80x24", small, ""),
        ("three-steps-cursor-80x24", small, "n n n l l j"),
        ("paged-80x24", small, "> >"),
        ("help-80x24", small, "n ?"),
        ("three-steps-160x48", large, "n n n tab j j l"),
        ("help-160x48", large, "?"),
        ("help-scrolled-80x24", small, "? j j"),
        // Projector sizes: S and 3 losses at 80x24, S and 4 at 100x30, all six at 120x40 and 250x70.
        ("start-100x30", Size(width: 100, height: 30), "n"),
        ("start-120x40", Size(width: 120, height: 40), "n"),
        ("start-250x70", Size(width: 250, height: 70), "n"),
        ("inspector-beside-100x30", Size(width: 100, height: 30), "n 1 j j l l l l l"),
        ("log-scale-100x30", Size(width: 100, height: 30), "n tab tab tab tab o"),
        ("light-theme-menu-80x24", small, "T m z"),
    ]

    /// Teaching views, on the overlapping-classes fixture (hard pairs, mined pairs): instead of
    /// the panels at 80x24, beside them at 160x48.
    static let teaching: [(name: String, size: Size, script: String)] = [
        ("inspector-ms-hard-negative-80x24", small, "tab tab tab tab 1 j j j j l l l l l l l l"),
        ("inspector-ms-hard-negative-160x48", large, "tab tab tab tab j j j j l l l l l l l l"),
        ("weights-80x24", small, "tab tab tab tab 2 j j j j l l l l l l l l"),
        ("weights-160x48", large, "tab tab tab tab 2"),
        ("weights-lambda-1-160x48", large, "tab tab tab tab ] ] + + + + + + + + + + 2"),
        ("histograms-80x24", small, "tab tab tab tab 3"),
        ("histograms-160x48", large, "3"),
        ("curves-80x24", small, "n n n n n n n n n n n n 4"),
        ("curves-160x48", large, "n n n n n n n n n n n n 4"),
        ("embedding-80x24", small, "n n 5"),
        ("embedding-160x48", large, "n n 5"),
        ("embedding-unseen-80x24", small, "n n u"),
        ("views-250x70", Size(width: 250, height: 70), "n tab tab tab tab 2"),
    ]

    @Test(arguments: cases)
    func screen(_ name: String, _ size: Size, _ script: String) throws {
        var state = try Fixture.state(size: size)
        try Fixture.press(script, on: &state)
        try assertSnapshot(render(state, size: size).text(), named: name)
    }

    @Test(arguments: teaching)
    func teachingView(_ name: String, _ size: Size, _ script: String) throws {
        var state = try Fixture.state(size: size, overlap: true)
        try Fixture.press(script, on: &state)
        try assertSnapshot(render(state, size: size).text(), named: name)
    }

    @Test(arguments: [("compare-80x24", small), ("compare-160x48", large)])
    func compareScreen(_ name: String, _ size: Size) throws {
        var state = try Fixture.state(size: size, overlap: true)
        try Fixture.press("c", on: &state)
        for _ in 0..<(3 * state.losses.count) { _ = reduce(&state, .tick) }
        let text = render(state, size: size).text()
        #expect(text.contains("compare: step 30/200"))
        try assertSnapshot(text, named: name)
    }

    @Test func asciiTeachingViews() throws {
        var state = try Fixture.state(ascii: true, overlap: true)
        for (view, name) in [("2", "ascii-weights-80x24"), ("3", "ascii-histograms-80x24"), ("5", "ascii-embedding-80x24")] {
            try Fixture.press("n " + view, on: &state)
            let text = render(state, size: Self.small).text()
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
            try assertSnapshot(text, named: name)
        }
    }

    @Test func asciiScreen() throws {
        var state = try Fixture.state(ascii: true)
        try Fixture.press("n l", on: &state)
        let text = render(state, size: Self.small).text()
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        try assertSnapshot(text, named: "ascii-80x24")
    }

    @Test func largestBatchAtClassBlocks() throws {
        var state = try Fixture.state(classes: 16, samples: 5, size: Self.small)
        try Fixture.press("n", on: &state)
        let text = render(state, size: Self.small).text()
        #expect(text.contains("class blocks"))
        try assertSnapshot(text, named: "batch-16x5-80x24")
    }

    @Test func tooSmallScreen() throws {
        let state = try Fixture.state(size: Size(width: 40, height: 10))
        try assertSnapshot(render(state, size: Size(width: 40, height: 10)).text(), named: "too-small-40x10")
    }
}
