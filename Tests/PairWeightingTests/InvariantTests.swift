import Foundation
import Testing
import PairWeighting
import TestSupport

/// Properties every loss must have on every batch: zero diagonal, signs by pair role, statuses
/// consistent with G, and finite results for extreme parameters and degenerate inputs.
@Suite struct InvariantTests {
    /// Checks the invariants of one evaluation; returns a description of the first violation.
    /// Losses whose weights may legitimately take either sign, and why; everything else about them
    /// is still checked, and `signLaw` checks what holds for them instead.
    /// - intra-pair variance: every pair gets back its kind's mean hinge, so a positive near its
    ///   mean is pushed down (W > 0) and a negative below its mean pulled up (W < 0); the sums
    ///   `Σ_P W = −2ε⁺ mean r⁺` and `Σ_N W = −2ε⁻ mean r⁻` are ≤ 0.
    /// - fastap: moving a pair's mass between two histogram bins changes the precision of every bin
    ///   at and above it, which can reward pushing a positive away or pulling a negative in; AP
    ///   stays in [0, 1], so the loss does.
    static let eitherSign: Set<String> = ["intra-pair-variance", "fastap"]

    /// What holds instead of the per-pair signs for the losses in `eitherSign`.
    static func signLaw(_ name: String, _ w: PairWeights, _ labels: PairLabels) -> String? {
        let n = labels.count
        switch name {
        case "intra-pair-variance":
            var positive = 0.0, negative = 0.0, scale = 0.0
            for i in 0..<n {
                for j in 0..<n where i != j {
                    if labels.role(i, j) == .positive { positive += w.gradient[i, j] } else { negative += w.gradient[i, j] }
                    scale = max(scale, abs(w.gradient[i, j]))
                }
            }
            if positive > 1e-12 * max(1, scale) { return "sum of positive weights \(positive) > 0" }
            if negative > 1e-12 * max(1, scale) { return "sum of negative weights \(negative) > 0" }
        case "fastap":
            if !(w.value >= -1e-15 && w.value <= 1 + 1e-15) { return "FastAP loss \(w.value) outside [0, 1]" }
        default: break
        }
        return nil
    }

    static func violation(_ w: PairWeights, _ labels: PairLabels, mines: Bool, loss: String = "",
                          pushes: (Int, Int) -> Bool = { _, _ in false }) -> String? {
        if eitherSign.contains(loss), let problem = signLaw(loss, w, labels) { return problem }
        let checksSigns = !eitherSign.contains(loss)
        let n = labels.count
        guard w.value.isFinite else { return "value \(w.value)" }
        guard w.gradient.isFinite else { return "G not finite" }
        for i in 0..<n {
            for j in 0..<n {
                let g = w.gradient[i, j], status = w.status(i, j)
                if i == j {
                    if g != 0 || status != .selfPair { return "diagonal (\(i),\(i)): \(g), \(status)" }
                    continue
                }
                if status == .selfPair { return "(\(i),\(j)) marked selfPair" }
                switch labels.role(i, j) {
                case .positive where g > 0 && checksSigns && !pushes(i, j): return "positive (\(i),\(j)) has W = \(g) > 0"
                case .negative where g < 0 && checksSigns: return "negative (\(i),\(j)) has W = \(g) < 0"
                default: break
                }
                if (status == .active) != (g != 0) { return "(\(i),\(j)) status \(status) with W = \(g)" }
                if status == .notSelected && !mines { return "(\(i),\(j)) notSelected but the loss does not mine" }
            }
        }
        return nil
    }

    /// The documented exceptions to "W ≤ 0 on a positive pair": the positives these two losses push
    /// apart by their own geometry, recomputed here from S. SupCon pushes a positive whose softmax
    /// share exceeds the even share 1/|P_i|; tuplet margin pushes a positive closer than its
    /// margin angle (arccos S < β). Every other positive of theirs, and every pair of every other
    /// loss, keeps the rule.
    static func documentedPush(_ spec: LossSpec, _ s: Matrix, _ labels: PairLabels) -> (Int, Int) -> Bool {
        let loss = spec.makeLoss()
        if let supcon = loss as? SupConLoss {
            let t = supcon.settings.temperature
            return { i, j in
                let others = (0..<labels.count).filter { $0 != i }
                let top = others.map { s[i, $0] / t }.max()!
                let q = Foundation.exp(s[i, j] / t - top) / others.reduce(0) { $0 + Foundation.exp(s[i, $1] / t - top) }
                return q > 1 / Double(labels.positives(of: i).count) - 1e-9
            }
        }
        if let tuplet = loss as? TupletMarginLoss {
            return { i, j in Foundation.acos(min(1, max(-1, s[i, j]))) < tuplet.settings.margin }
        }
        return { _, _ in false }
    }

    @Test(arguments: LossSettings.specs)
    func holdOnRandomBatches(_ text: String) throws {
        let loss = try LossSpec.parse(text).makeLoss()
        for batch in TestBatch.standard {
            let w = loss.evaluate(similarity: batch.similarity, labels: batch.labels)
            let pushes = Self.documentedPush(loss.spec, batch.similarity, batch.labels)
            let name = loss.spec.kind.name
            #expect(Self.violation(w, batch.labels, mines: loss.mines, loss: name, pushes: pushes) == nil,
                    "\(text) on \(batch): \(Self.violation(w, batch.labels, mines: loss.mines, loss: name, pushes: pushes) ?? "")")
            // Histogram weights vanish when no positive and negative pair share a bin edge, which
            // small batches with 100 bins allow; every other loss weights something on every batch.
            if batch.labels.count >= 12 || !text.hasPrefix("histogram") {
                #expect(w.gradient.maxMagnitude > 0, "\(text) on \(batch): every weight is zero")
            }
        }
    }

    /// Degenerate similarity matrices and labels.
    static var extremeInputs: [(name: String, s: Matrix, labels: [Int])] {
        func constant(_ n: Int, _ v: Double) -> Matrix {
            var m = Matrix(rows: n, columns: n, repeating: v)
            for i in 0..<n { m[i, i] = 1 }
            return m
        }
        // Unit vectors ±e1, ±e2: S is exactly ±1 or 0.
        let axes = Matrix([[1, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [-1, 0]])
        var nearDuplicate = TestBatch.standard[2].embeddings
        for k in 0..<nearDuplicate.columns { nearDuplicate[1, k] = nearDuplicate[0, k] * (1 + 1e-13) }
        let batch = TestBatch.standard[2]
        return [
            ("all S equal 0.3", constant(6, 0.3), [0, 0, 0, 1, 1, 1]),
            ("all S equal 1", constant(6, 1), [0, 0, 1, 1, 2, 2]),
            ("all S equal -1", constant(6, -1), [0, 1, 0, 1, 0, 1]),
            ("S = ±1 and 0 exactly", CosineSimilarity.forward(axes).similarity, [0, 0, 1, 2, 1, 2]),
            ("near-duplicate rows", CosineSimilarity.forward(nearDuplicate).similarity, batch.labels.labels),
            ("one class", batch.similarity, Array(repeating: 4, count: batch.labels.count)),
            ("every class single", batch.similarity, Array(0..<batch.labels.count)),
            ("single-sample class", batch.similarity, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 9]),
            ("N = 2, two classes", Matrix([[1, 0.99], [0.99, 1]]), [0, 1]),
            ("N = 2, one class", Matrix([[1, -1], [-1, 1]]), [5, 5]),
        ]
    }

    /// Every loss with each parameter at each end of its range (one at a time) and at its default.
    static var extremeSpecs: [LossSpec] {
        var out: [LossSpec] = []
        for kind in LossCatalog.all {
            out.append(kind.defaultSpec)
            for parameter in kind.parameters {
                let texts: [String]
                switch parameter.domain {
                case .number(let range, _, _): texts = [formatNumber(range.lowerBound), formatNumber(range.upperBound)]
                case .choice(let options): texts = options
                }
                for text in texts {
                    var spec = kind.defaultSpec
                    if (try? spec.set(parameter.name, text: text)) != nil { out.append(spec) }
                }
            }
        }
        out.append(contentsOf: ["ms:beta=1000,lambda=-1", "ms:beta=1000,lambda=1,alpha=1000", "binomial:beta=1000,alpha=1000,lambda=-1",
                                "binomial:beta=1000,lambda=1", "ms:epsilon=0,beta=1000", "ms:mining=off,beta=1000,lambda=-1"]
            .compactMap { try? LossSpec.parse($0) })
        return out
    }

    @Test func finiteAndConsistentOnExtremeInputs() {
        for spec in Self.extremeSpecs {
            let loss = spec.makeLoss()
            for input in Self.extremeInputs {
                let labels = PairLabels(input.labels)
                let w = loss.evaluate(similarity: input.s, labels: labels)
                let problem = Self.violation(w, labels, mines: loss.mines, loss: spec.kind.name,
                                             pushes: Self.documentedPush(spec, input.s, labels))
                #expect(problem == nil, "\(spec) on \(input.name): \(problem ?? "")")
            }
        }
    }

    @Test func oneClassGivesZeroWithANote() {
        let batch = TestBatch.standard[3]
        let labels = PairLabels(Array(repeating: 1, count: batch.labels.count))
        for kind in LossCatalog.all {
            let w = kind.defaultSpec.makeLoss().evaluate(similarity: batch.similarity, labels: labels)
            #expect(w.value == 0 && w.gradient.maxMagnitude == 0, "\(kind.name)")
            #expect(w.notes.contains { $0.contains("one class") }, "\(kind.name)")
        }
    }

    @Test func selectionStatusesOfMiningLosses() throws {
        let batch = TestBatch.standard[4]
        // Hard triplets: exactly one positive and one negative selected per anchor.
        let hard = try LossSpec.parse("triplet:triplets=hard").makeLoss().evaluate(similarity: batch.similarity, labels: batch.labels)
        for i in 0..<batch.labels.count {
            let selected = (0..<batch.labels.count).filter { hard.isSelected(i, $0) }
            #expect(selected.count == 2, "anchor \(i): \(selected)")
        }
        // Histogram reads the upper triangle only.
        let histogram = try LossSpec.parse("histogram").makeLoss().evaluate(similarity: batch.similarity, labels: batch.labels)
        for i in 0..<batch.labels.count { for j in 0..<i { #expect(histogram.status(i, j) == .notSelected) } }
        // MS with mining off selects everything.
        let unmined = try LossSpec.parse("ms:mining=off").makeLoss().evaluate(similarity: batch.similarity, labels: batch.labels)
        #expect(!unmined.status.contains(.notSelected))
    }
}
