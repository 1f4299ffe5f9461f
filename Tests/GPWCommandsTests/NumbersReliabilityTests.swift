import DataIO
import ExplorerUI
@testable import GPWCommands
import MetricTraining
import PairWeighting
import Testing
import TestSupport
import TUICore

/// Numbers a user can type: extreme loss parameters draw finite weights; a diverging run is
/// reported in words and stops, never drawn as NaN; the commands' edge values work or are
/// refused with the range.
@Suite struct NumbersReliabilityTests {
    static func state(learningRate: Double = 1e-2, losses: [String] = LossCatalog.defaultSpecNames) throws -> AppState {
        var configuration = TrainingConfiguration()
        configuration.classesPerBatch = 4
        configuration.samplesPerClass = 4
        configuration.learningRate = learningRate
        let split = try DatasetSelection.split("synthetic:demo")
        return AppState(session: try TrainingSession(split: split, configuration: configuration),
                        settings: ExplorerSettings(datasetName: "synthetic:demo", lossSpecs: losses))
    }

    static func screen(_ state: AppState, _ width: Int = 160, _ height: Int = 48) -> String {
        render(state, size: Size(width: width, height: height)).text()
    }

    static func showsNonFinite(_ text: String) -> Bool {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).contains { $0 == "nan" || $0 == "inf" }
    }

    @Test func divergenceIsReportedAndStopsTheRun() throws {
        var state = try Self.state(learningRate: 1e6)
        _ = reduce(&state, .resized(Size(width: 160, height: 48)))
        _ = reduce(&state, .keyPressed(.character(" ")))
        #expect(state.isRunning)
        for _ in 0..<5 { _ = reduce(&state, .tick) }
        #expect(!state.isRunning)
        let message = try #require(state.message)
        #expect(message.contains("diverged") && message.contains("lower the learning rate"), "\(message)")
        let text = Self.screen(state)
        #expect(text.contains("diverged"))
        #expect(!Self.showsNonFinite(text))
        // The model was not changed by the refused update: every drawn weight is still finite.
        #expect(state.similarity.isFinite && state.evaluations.allSatisfy { $0.map { $0.value.isFinite && $0.gradient.isFinite } ?? true })
    }

    /// Every numeric parameter of every loss at both ends of its range: finite values and
    /// weights, and a screen without nan/inf, on a trained model and a fresh one.
    @Test func extremeLossParametersDrawFiniteWeights() throws {
        var specs: [String] = []
        for kind in LossCatalog.all {
            for parameter in kind.parameters {
                guard case .number(let range, _, let integer) = parameter.domain else { continue }
                for v in [range.lowerBound, range.upperBound] {
                    specs.append("\(kind.name):\(parameter.name)=\(integer ? String(Int(v)) : formatNumber(v))")
                }
            }
        }
        #expect(specs.count >= 10)
        var state = try Self.state(losses: specs)
        for steps in [0, 30] {
            for _ in 0..<steps { _ = reduce(&state, .keyPressed(.character("n"))) }
            for (spec, evaluation) in zip(specs, state.evaluations) {
                let weights = try #require(evaluation, "\(spec) did not build")
                #expect(weights.value.isFinite && weights.gradient.isFinite, "\(spec) after \(steps) steps")
            }
            #expect(!Self.showsNonFinite(Self.screen(state)))
        }
    }

    @Test(arguments: [
        (["--lr", "1e6"], Int32(1), "lower the learning rate"),
        (["--lr", "1e7"], Int32(64), "--lr 1e7: out of range; expected a number in 1e-12...1000000"),
        (["--embedding", "1"], Int32(0), "after 5 steps"),
        (["--embedding", "0"], Int32(64), "--embedding 0: out of range; expected a whole number in 1...4096"),
        (["--batch", "2x2"], Int32(0), "after 5 steps"),
        (["--batch", "1x4"], Int32(64), "--batch 1x4: a batch needs at least 2 classes"),
        (["--hidden", "0"], Int32(64), "--hidden 0: expected comma-separated widths in 1...4096"),
        (["--hidden", "4096,4096"], Int32(64), "the network would have"),
        (["--seed", "-1"], Int32(64), "--seed -1: out of range; expected a whole number in 0...18446744073709551615"),
        (["--loss", "ms:beta=10000"], Int32(64), "beta=10000 is out of range; expected 0.01...1000"),
        (["--loss", "ms:lambda=-1"], Int32(0), "after 5 steps"),
        (["--loss", "ms:epsilon=5"], Int32(64), "epsilon=5 is out of range"),
        (["--train-classes", "0-99999999999"], Int32(64), "names more than 100000 classes"),
    ])
    func trainEdgeValues(_ extra: [String], _ status: Int32, _ text: String) throws {
        let result = try GPWProcess.run(["train", "--data", "synthetic:low-dim", "--steps", "5"] + extra)
        #expect(result.status == status, "\(extra): \(result.stderr)")
        #expect((result.stdout + result.stderr).contains(text), "\(extra): \(result.stdout)\(result.stderr)")
        #expect(!(result.stdout + result.stderr).lowercased().contains("nan"))
    }

    @Test func stepsZeroReportsTheUntrainedModel() throws {
        let result = try GPWProcess.run(["train", "--data", "synthetic:low-dim", "--steps", "0"])
        #expect(result.status == 0 && result.stdout.contains("after 0 steps") && result.stdout.contains("final loss -"))
    }
}
