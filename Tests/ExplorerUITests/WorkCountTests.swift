import ExplorerUI
import MetricTraining
import Testing
import TUICore

/// How much work one action and one frame cost: loss evaluations (``WorkCounter/Work/lossEvaluation``:
/// a training step's and each panel's) and layouts (``Layout/arrange(_:size:)``). Five panels
/// (the default losses) on the 80x24 fixture; the delta view keeps one more set of weights.
@Suite struct WorkCountTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// Keys pressed before counting.
        var setup: String
        /// The action counted (a script word: a key or `tick`).
        var action: String
        var evaluations: Int
        var layouts: Int
        var testDescription: String { "\(setup.isEmpty ? "" : setup + " then ")\(action)" }
    }

    /// `n` evaluates the focused loss twice, which is the least it can: once for the step (the
    /// weights before the update train) and once for its panel (the weights after it).
    static let cases: [Case] = [
        Case(setup: "", action: "n", evaluations: 6, layouts: 1),            // was 6 and 3 layouts
        Case(setup: "n A", action: "n", evaluations: 6, layouts: 1),         // was 21: the panels' weights before the step are the delta view's
        Case(setup: "space", action: "tick", evaluations: 6, layouts: 0),    // was 11
        Case(setup: "A space tick", action: "tick", evaluations: 11, layouts: 0),  // was 31
        Case(setup: "", action: "b", evaluations: 5, layouts: 1),            // was 5 and 3
        Case(setup: "", action: "p", evaluations: 1, layouts: 1),            // was 5: only the new preset
        Case(setup: "", action: "+", evaluations: 1, layouts: 1),            // was 5
        Case(setup: "", action: "L", evaluations: 0, layouts: 1),            // was 5: the learning rate changes no weight
        Case(setup: "n", action: "A", evaluations: 5, layouts: 1),           // was 10
        Case(setup: "", action: "j", evaluations: 0, layouts: 1),            // was 0 and 4
        Case(setup: "", action: ">", evaluations: 0, layouts: 1),            // was 0 and 4
        Case(setup: "n", action: "U", evaluations: 0, layouts: 1),           // was 0 and 3
        Case(setup: "", action: "click=20,10", evaluations: 0, layouts: 1),
    ]

    @Test(arguments: cases) func oneAction(_ c: Case) throws {
        var state = try Fixture.state()
        try ActionScript.replay(ActionScript.parse(c.setup), on: &state)
        let actions = try ActionScript.parse(c.action)
        let (_, counter) = WorkCounter.counting { ActionScript.replay(actions, on: &state) }
        #expect(counter[.lossEvaluation] == c.evaluations)
        #expect(counter[.layout] == c.layouts)
    }

    /// One frame lays the screen out once, with or without the teaching views.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func oneFrame(_ size: Size) throws {
        let state = try Fixture.state(size: size)
        let (_, counter) = WorkCounter.counting { render(state, size: size) }
        #expect(counter[.layout] == 1)                     // was 2
        #expect(counter[.lossEvaluation] == 0)
    }
}
