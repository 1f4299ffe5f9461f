@testable import ExplorerUI
import MetricTraining
import PairWeighting
import Testing
import TUICore

/// Issue "classroom": the projector layout, the mouse, the honest scale and the keys that used to trap.
@Suite struct ClassroomTests {
    /// Loss panels visible with the default 4x4 batch and five losses.
    private func lossPanels(_ size: Size, script: String = "") throws -> Int {
        var state = try Fixture.state(size: size)
        try Fixture.press(script, on: &state)
        let layout = try #require(Layout.arrange(state, size: size))
        return layout.frames.filter { if case .loss = $0.kind { return true } else { return false } }.count
    }

    @Test func projectorSizesShowSeveralLossesSideBySide() throws {
        #expect(try lossPanels(Size(width: 80, height: 24)) >= 3)
        #expect(try lossPanels(Size(width: 100, height: 30)) >= 4)
        #expect(try lossPanels(Size(width: 120, height: 40)) == 5)
        #expect(try lossPanels(Size(width: 80, height: 24), script: "m") >= 4)   // S hidden: one more loss
    }

    @Test func largeScreensGrowTheCells() throws {
        let state = try Fixture.state(size: Size(width: 250, height: 70))
        let layout = try #require(Layout.arrange(state, size: state.viewSize))
        #expect(layout.frames.count == 6 && layout.panel.cell.width >= 3)
        // Panels and the view together cover at least two thirds of the screen.
        let panels = layout.frames.count * layout.panel.width * layout.panel.height
        let view = layout.view.map { $0.rect.width * $0.rect.height } ?? 0
        #expect(Double(panels + view) >= 2.0 / 3 * 250 * 70, "\(panels) + \(view)")
    }

    @Test func zoomCyclesCellSizes() throws {
        var state = try Fixture.state(size: Size(width: 160, height: 48))
        try Fixture.press("z", on: &state)
        #expect(Layout.arrange(state, size: state.viewSize)?.panel.cell == CellSize(1, 1))
        try Fixture.press("z z", on: &state)
        #expect(Layout.arrange(state, size: state.viewSize)?.panel.cell == CellSize(3, 1))
        try Fixture.press("Z Z Z", on: &state)
        #expect(state.zoom == nil)
    }

    @Test func theInspectorSitsBesideTheMatrixAtProjectorSizes() throws {
        for size in [Size(width: 80, height: 24), Size(width: 100, height: 30)] {
            var state = try Fixture.state(size: size)
            try Fixture.press("1", on: &state)
            let layout = try #require(Layout.arrange(state, size: size))
            #expect(layout.view?.isBesidePanels == true && layout.frames.contains { $0.kind == .loss(state.focus) }, "\(size)")
            let text = render(state, size: size).text()
            #expect(text.contains("why contrastive") && text.contains("▶ contrastive"), "\(size)")
        }
    }

    /// Numbers are never cut: every `~` on the screen ends a name, never a number.
    @Test func numbersAreNeverCut() throws {
        for size in [Size(width: 60, height: 12), Size(width: 72, height: 20), Size(width: 80, height: 24), Size(width: 100, height: 30)] {
            for losses in [nil, ["binomial:beta=50,mining=on,lambda=0.3", "ms"]] {
                var state = try Fixture.state(classes: 8, samples: 8, losses: losses, size: size)
                try Fixture.press("n", on: &state)
                let text = render(state, size: size).text()
                for line in text.split(separator: "\n") {
                    // A loss spec's name may be cut (`binomial:beta=50~`); a number never.
                    for cut in line.split(separator: " ").filter({ $0.hasSuffix("~") && !$0.contains("=") }) {
                        #expect(cut.dropLast().last.map { !$0.isNumber } ?? true, "\(size): \(line)")
                    }
                }
            }
        }
    }

    @Test func helpAndQuitStayInTheFooterFromSixtyByTwelve() throws {
        for size in [Size(width: 60, height: 12), Size(width: 72, height: 20), Size(width: 80, height: 24)] {
            let state = try Fixture.state(size: size)
            let footer = render(state, size: size).text().split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
            #expect(footer.contains("?") && footer.contains("q"), "\(size): \(footer)")
        }
    }

    // MARK: the honest scale

    @Test func levelsHaveANearZeroMarkAndALogOption() {
        // Linear: quarters of the max; under 1 % the near-zero mark (0).
        #expect(GlyphSet.level(1, of: 1) == 4 && GlyphSet.level(0.26, of: 1) == 2 && GlyphSet.level(0.25, of: 1) == 1)
        #expect(GlyphSet.level(0.01, of: 1) == 1 && GlyphSet.level(0.0099, of: 1) == 0 && GlyphSet.level(7e-9, of: 0.0349) == 0)
        // Log: a level per decade below the max, near zero under max / 10^4.
        #expect(GlyphSet.level(0.5, of: 1, logScale: true) == 4 && GlyphSet.level(0.05, of: 1, logScale: true) == 3)
        #expect(GlyphSet.level(0.005, of: 1, logScale: true) == 2 && GlyphSet.level(0.0005, of: 1, logScale: true) == 1)
        #expect(GlyphSet.level(0.00005, of: 1, logScale: true) == 0)
        #expect(GlyphSet.unicode.nearZero != GlyphSet.unicode.inactive && !GlyphSet.unicode.positive.contains(GlyphSet.unicode.nearZero))
        #expect(GlyphSet.ascii.nearZero != GlyphSet.ascii.inactive && GlyphSet.ascii.nearZero.isASCII)
    }

    /// A weight of a few 1e-9 (binomial's negatives far below its margin) is drawn with the
    /// near-zero mark, not with the glyph of a quarter of the max; the log scale shows it as 0 too
    /// while the decades in between get levels.
    @Test func negligibleWeightsLookNegligible() throws {
        var state = try Fixture.state(losses: ["binomial"], size: Size(width: 80, height: 24))
        let weights = try #require(state.evaluations[0])
        let maximum = weights.gradient.storage.map(abs).max() ?? 0
        let tiny = (0..<16).flatMap { i in (0..<16).map { (i, $0) } }.first { i, j in
            let w = abs(weights.gradient[i, j])
            return w > 0 && w < 0.01 * maximum
        }
        let (i, j) = try #require(tiny)
        let frame = try #require(Layout.arrange(state, size: state.viewSize)?.frames.first { $0.kind == .loss(0) })
        let cell = try #require(Layout.arrange(state, size: state.viewSize)?.panel.cell)
        let column = frame.x + 3 + j * cell.width + cell.width - 1, row = frame.y + 2 + i * cell.height
        #expect(render(state, size: state.viewSize)[column, row].character == GlyphSet.unicode.nearZero)
        try Fixture.press("o", on: &state)
        let share = abs(weights.gradient[i, j]) / maximum
        let logGlyph = render(state, size: state.viewSize)[column, row].character
        #expect(share < 1e-4 ? logGlyph == GlyphSet.unicode.nearZero : logGlyph != GlyphSet.unicode.nearZero)
        #expect(render(state, size: state.viewSize).text().contains("log"))
    }

    @Test func theLegendNamesTheNearZeroMark() throws {
        let state = try Fixture.state(size: Size(width: 100, height: 30))
        #expect(render(state, size: state.viewSize).text().contains("◦ ≈0, <1% of max"))
        let ascii = try Fixture.state(ascii: true, size: Size(width: 100, height: 30))
        #expect(render(ascii, size: ascii.viewSize).text().contains(", ~0, <1% of max"))
    }

    // MARK: no traps

    @Test func pSkipsShapesThatDoNotFitAndNeverSticks() throws {
        var state = try Fixture.state(classes: 6, samples: 4)
        try Fixture.press("n n P", on: &state)                   // 8 and 16 need more than 6 classes
        #expect(state.session.configuration.classesPerBatch == 2 && state.session.step == 0)
        #expect(state.message?.contains("skipped 8x4") == true)
        try Fixture.press("( (", on: &state)                     // previous: wraps to the largest that fits
        #expect(state.session.configuration.classesPerBatch == 4)
    }

    @Test func kSkipsShapesOverTheBatchLimit() throws {
        var state = try Fixture.state(classes: 16, samples: 5)
        try Fixture.press("n K", on: &state)                      // 16x8 = 128 > 80: skipped, wraps to 16x2
        #expect(state.session.configuration.samplesPerClass == 2)
        #expect(state.message?.contains("16x8: over 80 samples") == true)
        try Fixture.press("{", on: &state)                        // back: 16x5 fits again (16x8 skipped)
        #expect(state.session.configuration.samplesPerClass == 5)
    }

    @Test func aShapeKeyThatChangesNothingResetsNothing() throws {
        let split = try Fixture.split(classes: 6, perClass: 2)
        var configuration = TrainingConfiguration()
        configuration.classesPerBatch = 4
        configuration.samplesPerClass = 2
        var state = AppState(session: try TrainingSession(split: split, configuration: configuration),
                             settings: ExplorerSettings(datasetName: "fixture"))
        try Fixture.press("n n K", on: &state)                    // two samples per class: no other K fits
        #expect(state.session.step == 2 && state.session.configuration.samplesPerClass == 2)
        #expect(state.message?.hasPrefix("batch stays 4x2: no other K fits") == true)
    }

    @Test func dSkipsDatasetsThatCannotHoldTheBatchAndStopsWhereItStarted() throws {
        var state = try Fixture.state(classes: 6, samples: 4)
        let small = try Fixture.split(classes: 6)      // 6 training classes: fits 6x4
        #expect(reduce(&state, .keyPressed(.character("d"))) == [.loadDataset("letters")])
        let tiny = try DataSplit(Fixture.split(classes: 6).train, rule: .halvesOfClasses)   // 3 training classes
        #expect(reduce(&state, .datasetLoaded(name: "letters", split: tiny)) == [.loadDataset("leaves")])
        #expect(reduce(&state, .datasetLoaded(name: "leaves", split: small)) == [])
        #expect(state.settings.datasetName == "leaves" && state.message?.contains("skipped letters") == true)
        // From leaves, every other dataset is too small: the search comes back and nothing changes.
        try Fixture.press("n", on: &state)
        var effects = reduce(&state, .keyPressed(.character("d")))
        var asked: [String] = []
        while case .loadDataset(let name)? = effects.first {
            asked.append(name)
            effects = reduce(&state, .datasetLoaded(name: name, split: tiny))
        }
        #expect(asked == ["digits", "digits-frozen", "synthetic", "letters"])
        #expect(state.settings.datasetName == "leaves" && state.session.step == 1)
        #expect(state.message?.hasPrefix("leaves stays: no other dataset fits batch 6x4") == true)
        #expect(reduce(&state, .keyPressed(.character("D"))) == [.loadDataset("letters")])
    }

    @Test func presetsAndTheSecondPlotStepBothWays() throws {
        var state = try Fixture.state(losses: ["contrastive", "triplet"])
        try Fixture.press("p", on: &state)                      // contrastive -> lifted (triplet is on screen)
        #expect(state.losses[0].text == "lifted")
        try Fixture.press("O", on: &state)                      // back: skips triplet again
        #expect(state.losses[0].text == "contrastive")
        try Fixture.press("O", on: &state)                      // wraps to the last preset
        #expect(state.losses[0].text == LossPresets.all.last)
        var three = try Fixture.state(losses: ["contrastive", "triplet", "lifted"])
        try Fixture.press("w", on: &three)
        #expect(three.shownSecondLoss == 2)
        try Fixture.press("W", on: &three)
        #expect(three.shownSecondLoss == 1)
    }

    @Test func aNeverAddsAPanelAlreadyOnScreen() throws {
        var state = try Fixture.state(losses: ["contrastive"])
        for _ in 0..<(LossPresets.all.count + 3) { try Fixture.press("a", on: &state) }
        #expect(Set(state.losses.map(\.text)).count == state.losses.count)
        #expect(state.losses.count == LossPresets.all.count)
        #expect(state.message == "every preset is on screen already (x removes the focused panel)")
    }

    @Test func helpScrollingIsClamped() throws {
        var state = try Fixture.state()
        try Fixture.press("? " + String(repeating: "j ", count: 40), on: &state)
        let bottom = render(state, size: state.viewSize).text()
        try Fixture.press("k", on: &state)
        #expect(render(state, size: state.viewSize).text() != bottom)   // one press back moves at once
    }

    @Test func theHelpBoxCoversWholeRows() throws {
        var state = try Fixture.state()
        try Fixture.press("?", on: &state)
        let rows = render(state, size: state.viewSize).text().split(separator: "\n", omittingEmptySubsequences: false)
        for row in rows.dropFirst(1).dropLast(2) where !row.isEmpty { #expect(row.first == " ", "\(row)") }
    }

    // MARK: navigation

    @Test func hardestNegativeAndPositiveHomeEndAndGoTo() throws {
        var state = try Fixture.state(overlap: true)
        let labels = state.session.batch.labels.labels, s = state.similarity
        try Fixture.press("j j N", on: &state)
        let negatives = labels.indices.filter { labels[$0] != labels[2] }
        #expect(state.cursor.row == 2 && state.cursor.column == negatives.max { s[2, $0] < s[2, $1] })
        try Fixture.press("M", on: &state)
        let positives = labels.indices.filter { $0 != 2 && labels[$0] == labels[2] }
        #expect(state.cursor.column == positives.min { s[2, $0] < s[2, $1] })
        try Fixture.press("end", on: &state)
        #expect(state.cursor.column == 15)
        try Fixture.press("home", on: &state)
        #expect(state.cursor.column == 0)
        try Fixture.press("g 1 1 comma 3 enter", on: &state)
        #expect(state.cursor == PairIndex(row: 11, column: 3))
        try Fixture.press("g 9 9 comma 1 enter", on: &state)
        #expect(state.cursor == PairIndex(row: 11, column: 3) && state.message?.contains("no pair (99,1)") == true)
        try Fixture.press("g 5 esc n", on: &state)                  // esc cancels; n trains again
        #expect(state.pairPrompt == nil && state.session.step == 1)
    }

    // MARK: the mouse

    @Test func clicksPointAtCellsTitlesAndTabs() throws {
        var state = try Fixture.state(size: Size(width: 80, height: 24))
        try Fixture.press("click=52,6", on: &state)       // triplet's panel: x 40 + 3 + 9, y 4 + 2
        #expect(state.cursor == PairIndex(row: 2, column: 9))
        try Fixture.press("click=62,2", on: &state)       // lifted's title
        #expect(state.focus == 2)
        try Fixture.press("click=79,23", on: &state)      // nothing there
        #expect(state.cursor == PairIndex(row: 2, column: 9) && state.focus == 2)
        var wide = try Fixture.state(size: Size(width: 160, height: 48))
        let layout = try #require(Layout.arrange(wide, size: wide.viewSize))
        let view = try #require(layout.view)
        let tab = (view.rect.x + 1 + Text.width(TeachingView.inspector.tabText) + 2, view.rect.y)
        try Fixture.press("click=\(tab.0 + 1),\(tab.1)", on: &wide)
        #expect(wide.selectedView == .weights)
    }

    @Test func aClickIsLoggedSoTheSnapshotLineReplaysIt() throws {
        var state = try Fixture.state()
        try Fixture.press("click=52,6 click=79,23 n", on: &state)
        #expect(ActionScript.text(state.keyLog) == "click=52,6 n")
        var replay = try Fixture.state()
        ActionScript.replay(try ActionScript.parse(ActionScript.reproduction(of: state)), on: &replay)
        #expect(render(replay, size: replay.viewSize) == render(state, size: state.viewSize))
    }

    @Test func aClickOnAClassBlockGoesToItsFirstPair() throws {
        var state = try Fixture.state(classes: 16, samples: 5, size: Size(width: 80, height: 24))
        let layout = try #require(Layout.arrange(state, size: state.viewSize))
        #expect(layout.panel.isClassBlocks)
        let labels = state.session.batch.labels.labels
        try Fixture.press("click=\(3 + 2),\(4 + 2)", on: &state)   // S panel, block (2, 2): the diagonal block
        #expect(labels[state.cursor.row] == labels[state.cursor.column] && state.cursor.row != state.cursor.column)
        try Fixture.press("l", on: &state)                           // h/l move a class block at a time
        #expect(labels[state.cursor.column] != labels[state.cursor.row])
    }

    @Test func theWheelScrollsTheHelpAndTheInspector() throws {
        var state = try Fixture.state(losses: LossPresets.all, size: Size(width: 80, height: 20))  // a long inspector
        try Fixture.press("? wheel-down", on: &state)
        #expect(state.helpOffset == 5)
        try Fixture.press("wheel-up esc 1 wheel-down wheel-down", on: &state)
        #expect(state.helpOffset == 0 && state.viewOffset == 6)
        let scrolled = render(state, size: state.viewSize).text()
        try Fixture.press("wheel-up wheel-up", on: &state)
        #expect(render(state, size: state.viewSize).text() != scrolled)
    }

    // MARK: display defects from the review, each visible in a plain-text export

    @Test func theColumnCursorIsAGlyphNotASecondClassLabel() throws {
        var state = try Fixture.state(losses: ["contrastive"])
        try Fixture.press("l l l l l l", on: &state)                  // (0,6): inside the second class
        let labelRow = render(state, size: state.viewSize).text().split(separator: "\n")[3]
        #expect(labelRow.contains("▼"))
        for panel in labelRow.split(separator: "▼", omittingEmptySubsequences: false).joined().split(separator: " ")
            .chunked(4) { #expect(Set(panel).count == panel.count, "\(labelRow)") }
    }

    @Test func theOpenTabAndTheCursorPointsSurviveAPlainExport() throws {
        var state = try Fixture.state(size: Size(width: 100, height: 30))
        try Fixture.press("2", on: &state)
        let weights = render(state, size: state.viewSize).text()
        #expect(weights.contains("[2 W vs S]") && weights.contains("◆") && weights.contains("* both"))
        try Fixture.press("5", on: &state)
        let embedding = render(state, size: state.viewSize).text()
        #expect(embedding.contains("[5 embedding]") && embedding.contains("◆") && embedding.contains("cursor pair"))
    }

    @Test func theCurvesSayWhichLossTheyRecord() throws {
        var state = try Fixture.state()
        try Fixture.press("n 4", on: &state)
        #expect(render(state, size: state.viewSize).text().contains("before its update"))
    }

    @Test func aParameterAtItsBoundSaysSo() throws {
        var state = try Fixture.state(losses: ["ms"])
        try Fixture.press("] ] " + String(repeating: "+ ", count: 12), on: &state)
        #expect(state.message == "lambda is at its maximum 1")
    }

    @Test func theHeaderSaysWhenHelpOrTheMenuHoldsTraining() throws {
        var state = try Fixture.state(size: Size(width: 100, height: 30))
        try Fixture.press("space E", on: &state)
        #expect(render(state, size: state.viewSize).text().contains("running, held"))
        try Fixture.press("esc", on: &state)
        #expect(!render(state, size: state.viewSize).text().contains("held"))
    }

    @Test func panelsPrintTheSignedW() throws {
        var state = try Fixture.state()
        try Fixture.press("l", on: &state)
        let text = render(state, size: state.viewSize).text()
        #expect(text.contains(") W -") && !text.contains(") w "))
    }
}

extension Array {
    /// Consecutive pieces of `size` elements (the last may be shorter).
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}

/// Issue "lecture", item 5: the delta view shows W after minus W before the last step.
@Suite struct DeltaViewTests {
    @Test func panelsShowTheChangeOfTheLastStepOnThisBatch() throws {
        let fresh = try Fixture.state(size: Size(width: 100, height: 30))
        var state = fresh
        try Fixture.press("n A l", on: &state)                       // n trains on the batch it shows
        #expect(state.isShowingDelta && state.session.batch == fresh.session.batch)
        let shown = try #require(Layout.arrange(state, size: state.viewSize)).frames.compactMap { frame -> Int? in
            if case .loss(let index) = frame.kind { return index } else { return nil }
        }
        #expect(shown.count == 4)
        let text = render(state, size: state.viewSize).text()
        for index in state.losses.indices {
            let now = try #require(state.evaluations[index]), before = try #require(fresh.evaluations[index])
            let earlier = try #require(state.earlierEvaluations[index])
            #expect(earlier.gradient == before.gradient, "\(state.losses[index].text)")
            let d = now.gradient[0, 2] - before.gradient[0, 2]
            guard shown.contains(index) else { continue }
            #expect(text.contains("ΔW " + (d > 0 ? "+" : "") + NumberText.short(d)), "\(state.losses[index].text)")
        }
        #expect(text.contains("Δ contrastive") && text.contains("ΔW<0"))
        try Fixture.press("A", on: &state)
        var plain = fresh
        try Fixture.press("n l", on: &plain)
        #expect(render(state, size: state.viewSize).text().split(separator: "\n").dropFirst(2).dropLast(2)
                == render(plain, size: plain.viewSize).text().split(separator: "\n").dropFirst(2).dropLast(2))
    }

    @Test func beforeAnyStepItSaysSoAndAResetForgets() throws {
        var state = try Fixture.state()
        try Fixture.press("A", on: &state)
        #expect(state.message?.contains("take a step") == true && state.earlierEvaluations.isEmpty)
        try Fixture.press("n r", on: &state)
        #expect(state.earlierEvaluations.isEmpty)
        try Fixture.press("n", on: &state)
        #expect(!state.earlierEvaluations.isEmpty)
    }
}

extension DeltaViewTests {
    /// `A` again: the change since a bookmark, not only since the last step.
    @Test func aSecondAComparesWithABookmark() throws {
        let fresh = try Fixture.state(size: Size(width: 100, height: 30))
        var state = fresh
        try Fixture.press("B 1 n n n A", on: &state)
        #expect(state.deltaBase == .lastStep)
        try Fixture.press("A", on: &state)
        #expect(state.deltaBase == .bookmark(1))
        for index in state.losses.indices {
            #expect(try #require(state.earlierEvaluations[index]).gradient == (try #require(fresh.evaluations[index])).gradient)
        }
        try Fixture.press("l", on: &state)                 // the key's message gives the legend row back
        #expect(render(state, size: state.viewSize).text().contains("since bookmark 1"))
        try Fixture.press("A", on: &state)
        #expect(state.deltaBase == nil && state.earlierEvaluations.isEmpty)
    }
}
