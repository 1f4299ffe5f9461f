/// Multi-similarity loss (Wang, Han, Huang, Dong & Scott, CVPR 2019): mining with P, then
/// weighting with S and N (losses.md §3).
///
/// **Mining** (`mining=on`, default; the authors' code and PML's `MultiSimilarityMiner`): with the
/// thresholds taken from the *unmined* sets, strict inequalities, self excluded by index,
///
///     keep negative j ∈ N_i if S_ij + ε > min_{k∈P_i} S_ik
///     keep positive j ∈ P_i if S_ij − ε < max_{k∈N_i} S_ik
///
/// giving `P̃_i`, `Ñ_i`. ε is slack: a larger ε keeps more pairs. An anchor with no positive (its
/// class has one sample) mines nothing and contributes 0 (the authors' code crashes there).
/// `mining=off`: `P̃_i = P_i`, `Ñ_i = N_i`, and a one-sided anchor keeps its one part (PML
/// without a miner).
///
/// **Weighting** (`weighting=on`, default):
///
///     ℓ_i = (1/α) log(1 + Σ_{k∈P̃_i} e^{−α(S_ik − λ)}) + (1/β) log(1 + Σ_{k∈Ñ_i} e^{β(S_ik − λ)})
///     W_ij = −c e^{−α(S_ij − λ)} / (1 + Σ_{k∈P̃_i} e^{−α(S_ik − λ)})     mined positive
///     W_ij = +c e^{β(S_ij − λ)} / (1 + Σ_{k∈Ñ_i} e^{β(S_ik − λ)})       mined negative
///
/// each a softmax over the anchor's mined pairs plus a virtual pair at similarity λ (the `1`),
/// computed shifted by `max(0, max z)` (losses.md §3.5), so β = 1000 is safe.
/// `weighting=off` ("mined pairs weighted equally"): `ℓ_i = mean_{P̃_i}(λ − S_ik) + mean_{Ñ_i}(S_ik − λ)`,
/// `W = −c/|P̃_i|` on mined positives and `+c/|Ñ_i|` on mined negatives.
///
/// **Parameters** (defaults): alpha 2, beta 50, lambda 0.5 (PML's; the paper: 2, 50, 1; the
/// authors' code: 2, 40, 0.5), epsilon 0.1, mining on, weighting on, reduction batch.
///
/// **Reductions**: `batch` (default; the authors and PML): `Σ_i ℓ_i / N`, `c = 1/N`, anchors without
/// pairs counting 0; `nonzero`: mean over the anchors that have mined pairs.
///
/// Differences from the references, by design: self pairs are excluded by index (the authors drop
/// positives with `S ≥ 1 − 1e-5`, so near-duplicates vanish there); an anchor whose mined
/// positives *or* negatives are empty (only at floating-point ties) keeps its other part (PML;
/// the authors skip it); PML's early exit — loss 0 whenever at most one positive and at most one
/// negative pair are mined in the whole batch — is **not** replicated (losses.md §6 Example 3).
public struct MultiSimilarityLoss: PairLoss {
    public static let kind = LossKind(
        name: "ms",
        title: "Multi-similarity",
        citation: "Wang, Han, Huang, Dong & Scott, CVPR 2019",
        similarityTypes: ["S", "N", "P"],
        equation: "L = (1/N) sum_i [(1/alpha) log(1 + sum_{mined P_i} e^(-alpha(S_ik - lambda))) + (1/beta) log(1 + sum_{mined N_i} e^(beta(S_ik - lambda)))]",
        weightFormula: "W_ij = +c e^(beta(S_ij - lambda)) / (1 + sum_{mined N_i} e^(beta(S_ik - lambda))) (negatives);  -c e^(-alpha(S_ij - lambda)) / (1 + sum_{mined P_i} ...) (positives)",
        parameters: [
            .number("alpha", default: 2, range: 0.01...1000, step: 0.5, "positive scale"),
            .number("beta", default: 50, range: 0.01...1000, step: 5, "negative scale"),
            .number("lambda", default: 0.5, range: -1...1, step: 0.05, "the virtual pair's similarity (the paper uses 1, the authors' code 0.5)"),
            .number("epsilon", default: 0.1, range: 0...2, step: 0.05, "mining slack: larger keeps more pairs"),
            .toggle("mining", default: true, "keep only pairs that violate the other set's extreme by epsilon (uses P)"),
            .toggle("weighting", default: true, "softmax weights (uses S and N); off: mined pairs weighted equally"),
            .choice("reduction", ["batch", "nonzero"], default: "batch",
                    "batch: sum over anchors / N (authors, PML); nonzero: mean over anchors with mined pairs"),
        ],
        mines: true,
        make: { MultiSimilarityLoss(spec: $0) })

    public let spec: LossSpec
    public var mines: Bool { mining }
    let alpha: Double, beta: Double, lambda: Double, epsilon: Double
    let mining: Bool, weighting: Bool, perAnchorWithPairs: Bool

    public init(spec: LossSpec) {
        self.spec = spec
        alpha = spec.number("alpha")
        beta = spec.number("beta")
        lambda = spec.number("lambda")
        epsilon = spec.number("epsilon")
        mining = spec.isOn("mining")
        weighting = spec.isOn("weighting")
        perAnchorWithPairs = spec.choice("reduction") == "nonzero"
    }

    public func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let partners = PartnerLists(labels)
        if mining { result.markAllNotSelected() }
        let width = partners.largestPart
        var keptPositives = [Int](repeating: 0, count: width), keptNegatives = [Int](repeating: 0, count: width)
        var z = [Double](repeating: 0, count: width), w = [Double](repeating: 0, count: width)
        var total = 0.0, anchorsWithPairs = 0
        for i in 0..<n {
            let pos = partners.positives(of: i), neg = partners.negatives(of: i)
            var np = 0, nn = 0
            if mining {
                guard !pos.isEmpty && !neg.isEmpty else { continue }
                var minPositive = Double.infinity, maxNegative = -Double.infinity
                for j in pos { minPositive = min(minPositive, s[i, j]) }
                for j in neg { maxNegative = max(maxNegative, s[i, j]) }
                for j in pos where s[i, j] - epsilon < maxNegative { keptPositives[np] = j; np += 1 }
                for j in neg where s[i, j] + epsilon > minPositive { keptNegatives[nn] = j; nn += 1 }
            } else {
                for j in pos { keptPositives[np] = j; np += 1 }
                for j in neg { keptNegatives[nn] = j; nn += 1 }
            }
            if np + nn == 0 { continue }
            anchorsWithPairs += 1
            for k in 0..<np { result.mark(i, keptPositives[k], .inactive) }
            for k in 0..<nn { result.mark(i, keptNegatives[k], .inactive) }
            if weighting {
                for k in 0..<np { z[k] = alpha * (lambda - s[i, keptPositives[k]]) }
                total += part(z, &w, count: np) / alpha
                for k in 0..<np { result.gradient[i, keptPositives[k]] = -w[k] }
                for k in 0..<nn { z[k] = beta * (s[i, keptNegatives[k]] - lambda) }
                total += part(z, &w, count: nn) / beta
                for k in 0..<nn { result.gradient[i, keptNegatives[k]] = w[k] }
            } else {
                if np > 0 {
                    let share = 1 / Double(np)
                    var sum = 0.0
                    for k in 0..<np { sum += lambda - s[i, keptPositives[k]]; result.gradient[i, keptPositives[k]] = -share }
                    total += sum * share
                }
                if nn > 0 {
                    let share = 1 / Double(nn)
                    var sum = 0.0
                    for k in 0..<nn { sum += s[i, keptNegatives[k]] - lambda; result.gradient[i, keptNegatives[k]] = share }
                    total += sum * share
                }
            }
        }
        let c = perAnchorWithPairs ? (anchorsWithPairs > 0 ? 1 / Double(anchorsWithPairs) : 0) : 1 / Double(n)
        result.value = total * c
        for k in 0..<(n * n) { result.gradient.storage[k] *= c }
        result.settleStatuses()
        if mining && anchorsWithPairs == 0 { result.notes.append("mining kept no pair: every anchor is separated by epsilon; loss 0") }
    }

    /// `log(1 + Σ e^{z_k})` over the first `count` entries, weights into `w`.
    private func part(_ z: [Double], _ w: inout [Double], count: Int) -> Double {
        guard count > 0 else { return 0 }
        return z.withUnsafeBufferPointer { z in
            w.withUnsafeMutableBufferPointer { w in
                LogSumExp.onePlus(UnsafeBufferPointer(rebasing: z[0..<count]), weights: UnsafeMutableBufferPointer(rebasing: w[0..<count]))
            }
        }
    }
}
