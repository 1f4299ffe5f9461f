@testable import ExplorerUI
import MetricTraining
import PairWeighting
import Testing
import TUICore

/// The inspector's derived weights (the losses' own derivations) agree with the engine's evaluation, to full precision and to
/// the digits the panel shows; a hand-checked MS case; the text names what moved the weight.
@Suite struct InspectorTests {
    static let explained = [
        "ms", "ms:mining=off", "ms:weighting=off", "ms:reduction=nonzero", "ms:lambda=1,epsilon=0.3",
        "contrastive", "contrastive:reduction=nonzero", "binomial", "binomial:alpha=5,lambda=0.2",
        "binomial:mining=on", "binomial:mining=on,epsilon=0.3,reduction=nonzero",
        "triplet", "triplet:reduction=all", "triplet:reduction=batch,margin=0.3",
        "triplet:triplets=hard", "triplet:triplets=hard,reduction=all", "triplet:triplets=semihard,margin=0.3",
        "triplet:triplets=semihard,reduction=all",
        "generalized-lifted", "generalized-lifted:reduction=nonzero",
        "lifted", "lifted:reduction=batch,pos-margin=0.5,neg-margin=0",
        "npair", "histogram", "histogram:bins=10",
        "circle", "ntxent", "supcon", "tuplet-margin",
        "margin", "angular", "fastap", "intra-pair-variance",
    ]

    @Test func everyCatalogLossIsExplainedWithNumbers() {
        let covered = Set(Self.explained.map { String($0.split(separator: ":")[0]) })
        #expect(Set(LossCatalog.names).subtracting(covered).isEmpty, "not recomputed: \(Set(LossCatalog.names).subtracting(covered))")
    }

    /// On a trained batch (the similarities spread), every pair's derived weight agrees with the
    /// panel's, to full precision and to the digits the panel shows.
    @Test(arguments: explained)
    func everyPairAgreesWithTheEngine(_ text: String) throws {
        var state = try Fixture.state(losses: [text], overlap: true)
        try Fixture.press("n n n", on: &state)
        let loss = try LossSpec.parse(text).makeLoss()
        let weights = try #require(state.evaluations[0])
        let labels = state.session.batch.labels
        var explainedPairs = 0
        for i in 0..<labels.count {
            for j in 0..<labels.count {
                let w = loss.explain(anchor: i, other: j, similarity: state.similarity, labels: labels).weight
                let engine = weights.gradient[i, j]
                #expect(abs(w - engine) <= 1e-12 * max(1, abs(engine)), "\(text) (\(i),\(j)): \(w) vs engine \(engine)")
                #expect(NumberText.short(w) == NumberText.short(engine) || (w == 0 && engine == 0))
                if engine != 0 { explainedPairs += 1 }
            }
        }
        #expect(explainedPairs > 0, "\(text): no active pair to explain")
    }

    @Test func theLastLineQuotesTheWeightThePanelShows() throws {
        var state = try Fixture.state(losses: ["ms"], overlap: true)
        try Fixture.press("n n n", on: &state)
        let weights = try #require(state.evaluations[0])
        let labels = state.session.batch.labels.labels
        for j in labels.indices where weights.status(0, j) == .active {
            state.cursor = PairIndex(row: 0, column: j)
            let lines = inspectorLines(state).map(\.text)
            let quoted = "W = " + Number.text(weights.gradient[0, j])
            #expect(lines.contains { $0.contains(quoted) }, "pair (0,\(j)): no line with \(quoted)")
            #expect(lines.contains { $0.contains("panel: W " + NumberText.short(weights.gradient[0, j])) })
        }
    }

    /// The hand-checked MS case (DerivationTests) as the inspector prints it.
    @Test func msHandExampleAsPrinted() throws {
        let s = Matrix(rows: 4, columns: 4, storage: [
            1, 0.5, 0.45, 0.2,
            0.5, 1, 0.1, 0.3,
            0.45, 0.1, 1, 0.6,
            0.2, 0.3, 0.6, 1,
        ])
        let labels = PairLabels([0, 0, 1, 1])
        let loss = try LossSpec.parse("ms").makeLoss()
        let kept = loss.explain(anchor: 0, other: 2, similarity: s, labels: labels).lines.map(\.formatted)
        #expect(kept[0].hasSuffix("0.550 > 0.500: kept"))
        #expect(kept.contains { $0.contains("0.0821 / (1 + 0.0821 + 0) = 0.0759") })
        let dropped = loss.explain(anchor: 0, other: 3, similarity: s, labels: labels).lines.map(\.formatted)
        #expect(dropped[0].hasSuffix("0.300 <= 0.500: dropped"))
    }

    @Test func theTableListsEveryLossWithItsWeightAndStatus() throws {
        var state = try Fixture.state(overlap: true)
        try Fixture.press("n j j j j l l l l l l l l", on: &state)   // (4,9): a negative pair
        let lines = inspectorLines(state).map(\.text)
        #expect(lines[0].contains("negative"))
        for (index, entry) in state.losses.enumerated() {
            let weights = try #require(state.evaluations[index])
            let w = weights.gradient[4, 9]
            let shown = w > 0 ? "+" + NumberText.short(w) : NumberText.short(w)
            #expect(lines.contains { $0.contains(entry.name) && $0.contains(shown) }, "\(entry.name) \(shown)")
        }
        #expect(lines.contains { $0.hasPrefix("why contrastive") })
    }

    @Test func contrastiveWeighsEveryActivePairAlikeAndMSDoesNot() throws {
        var state = try Fixture.state(losses: ["contrastive:neg-margin=-1", "ms:epsilon=2"])
        try Fixture.press("n n", on: &state)
        let contrastive = try #require(state.evaluations[0]), ms = try #require(state.evaluations[1])
        let labels = state.session.batch.labels.labels
        var contrastiveShares = Set<String>(), msShares = Set<String>()
        for j in labels.indices where labels[j] != labels[0] {
            let pair = PairIndex(row: 0, column: j)
            if let share = rowShare(contrastive, labels: labels, pair: pair) { contrastiveShares.insert(NumberText.short(share)) }
            if let share = rowShare(ms, labels: labels, pair: pair) { msShares.insert(NumberText.short(share)) }
        }
        #expect(contrastiveShares == ["1.00"])
        #expect(msShares.count > 1)
    }
}
