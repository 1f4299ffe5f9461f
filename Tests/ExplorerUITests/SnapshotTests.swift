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
    ]

    @Test(arguments: cases)
    func screen(_ name: String, _ size: Size, _ script: String) throws {
        var state = try Fixture.state(size: size)
        try Fixture.press(script, on: &state)
        try assertSnapshot(render(state, size: size).text(), named: name)
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
