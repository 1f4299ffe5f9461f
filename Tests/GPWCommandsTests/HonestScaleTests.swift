import ExplorerUI
@testable import GPWCommands
import MetricTraining
import Testing
import TUICore

/// The near-zero mark on the bundled data, where the classroom review saw negligible weights drawn
/// like a quarter of the maximum: demo 4's lambda = 1 panel, and binomial's pair (0,7) on the
/// default screen (W 3.95e-09 of a 0.208 max).
@Suite struct HonestScaleTests {
    /// The state `gpw snapshot ARGUMENTS` draws, and the glyph at pair (i,j) of loss `loss`'s panel.
    private func glyph(_ arguments: [String], keys: String, loss: Int, pair: (Int, Int)) throws -> (Unicode.Scalar, AppState) {
        var parsed = Arguments(arguments, command: "snapshot")
        let options = try ExploreOptions.parse(&parsed)
        var state = try options.makeState(asciiLocale: false)
        let size = Size(parsing: "120x24")!
        _ = reduce(&state, .resized(size))
        replayHeadless(try ActionScript.parse(keys), on: &state)
        let layout = try #require(Layout.arrange(state, size: size))
        let frame = try #require(layout.frames.first { $0.kind == .loss(loss) })
        let cell = layout.panel.cell
        let x = frame.x + PanelGeometry.matrixLeft + pair.1 * cell.width + cell.width - 1
        let y = frame.y + PanelGeometry.matrixTop + pair.0 * cell.height
        return (render(state, size: size)[x, y].character, state)
    }

    @Test func binomialsNegligibleNegativeOnTheDefaultScreen() throws {
        let (linear, state) = try glyph([], keys: "", loss: 3, pair: (0, 7))
        let w = try #require(state.evaluations[3]).gradient[0, 7]
        #expect(w > 0 && w < 1e-8)                       // the review's 3.95e-09
        #expect(linear == GlyphSet.unicode.nearZero)
        let (log, _) = try glyph([], keys: "o", loss: 3, pair: (0, 7))
        #expect(log == GlyphSet.unicode.nearZero)        // 2e-8 of the max: under max/10^4 too
        // The row's most weighted negative keeps a level glyph.
        let labels = state.session.batch.labels.labels, g = try #require(state.evaluations[3]).gradient
        let j = try #require((0..<16).filter { labels[$0] != labels[0] }.max { abs(g[0, $0]) < abs(g[0, $1]) })
        let (weighted, _) = try glyph([], keys: "", loss: 3, pair: (0, j))
        #expect(GlyphSet.unicode.negative.contains(weighted))
    }

    @Test func demoFoursLambdaOnePanel() throws {
        let arguments = ["--data", "letters", "--batch", "4x4", "--seed", "1", "--loss", "ms:lambda=0.5", "--loss", "ms:lambda=1"]
        let (linear, state) = try glyph(arguments, keys: "j l*12", loss: 1, pair: (1, 13))
        let weights = try #require(state.evaluations[1])
        let maximum = weights.gradient.storage.map(abs).max() ?? 0
        #expect(abs(weights.gradient[1, 13]) < 1e-6 * maximum)   // the review's 7.31e-09
        #expect(linear == GlyphSet.unicode.nearZero)
        // Every negative of the lambda = 1 panel is negligible: none has a level glyph.
        let labels = state.session.batch.labels.labels
        let negatives = (0..<16).flatMap { i in (0..<16).filter { labels[$0] != labels[i] }.map { (i, $0) } }
        for (i, j) in negatives where weights.gradient[i, j] != 0 {
            #expect(abs(weights.gradient[i, j]) < 0.01 * maximum)
        }
        // The log scale pins the decades: shares of 10 %, 1 %, 0.1 %, 0.01 % get levels 4 ... 1.
        for (share, level) in [(0.5, 4), (0.05, 3), (0.005, 2), (0.0005, 1), (0.00005, 0)] {
            #expect(GlyphSet.level(share * maximum, of: maximum, logScale: true) == level)
            #expect(GlyphSet.level(share * maximum, of: maximum) == (share >= 0.01 ? Int((4 * share).rounded(.up)) : 0))
        }
    }
}
