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
        let partners = labels.partners
        if mining { result.markAllNotSelected() }
        let width = max(partners.largestPart, 1)
        var total = 0.0, anchorsWithPairs = 0
        // With the batch reduction the scale c = 1/N is known up front: weights are written
        // scaled and their statuses set on the spot (no later pass over all N² pairs). The
        // nonzero reduction learns c at the end and scales and settles afterwards.
        let scale = perAnchorWithPairs ? 1 : 1 / Double(n)
        // Raw pointers throughout: this loop visits every pair of the batch, and bounds checks,
        // copy-on-write checks and slices would cost more than its arithmetic.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * width) { kept in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * width) { scratch in
                let keptPositives = kept.baseAddress!, keptNegatives = keptPositives + width
                let z = scratch.baseAddress!, w = z + width
                s.storage.withUnsafeBufferPointer { s in
                partners.positives.withUnsafeBufferPointer { positives in
                partners.negatives.withUnsafeBufferPointer { negatives in
                result.gradient.storage.withUnsafeMutableBufferPointer { g in
                result.status.withUnsafeMutableBufferPointer { status in
                    for i in 0..<n {
                        let row = s.baseAddress! + i * n
                        let pos = positives.baseAddress! + partners.positiveStart[i]
                        let neg = negatives.baseAddress! + partners.negativeStart[i]
                        let pCount = partners.positiveStart[i + 1] - partners.positiveStart[i]
                        let nCount = partners.negativeStart[i + 1] - partners.negativeStart[i]
                        var np = 0, nn = 0
                        if mining {
                            guard pCount > 0 && nCount > 0 else { continue }
                            var minPositive = Double.infinity, maxNegative = -Double.infinity
                            for k in 0..<pCount { minPositive = min(minPositive, row[pos[k]]) }
                            for k in 0..<nCount { maxNegative = max(maxNegative, row[neg[k]]) }
                            for k in 0..<pCount where row[pos[k]] - epsilon < maxNegative { keptPositives[np] = pos[k]; np += 1 }
                            for k in 0..<nCount where row[neg[k]] + epsilon > minPositive { keptNegatives[nn] = neg[k]; nn += 1 }
                        } else {
                            for k in 0..<pCount { keptPositives[k] = pos[k] }
                            for k in 0..<nCount { keptNegatives[k] = neg[k] }
                            np = pCount
                            nn = nCount
                        }
                        if np + nn == 0 { continue }
                        anchorsWithPairs += 1
                        let gRow = g.baseAddress! + i * n, statusRow = status.baseAddress! + i * n
                        @inline(__always) func put(_ j: Int, _ weight: Double) {
                            let scaled = weight * scale
                            gRow[j] = scaled
                            statusRow[j] = scaled != 0 ? .active : .inactive
                        }
                        if weighting {
                            for k in 0..<np { z[k] = alpha * (lambda - row[keptPositives[k]]) }
                            total += LogSumExp.onePlus(UnsafeBufferPointer(start: z, count: np),
                                                       weights: UnsafeMutableBufferPointer(start: w, count: np)) / alpha
                            for k in 0..<np { put(keptPositives[k], -w[k]) }
                            for k in 0..<nn { z[k] = beta * (row[keptNegatives[k]] - lambda) }
                            total += LogSumExp.onePlus(UnsafeBufferPointer(start: z, count: nn),
                                                       weights: UnsafeMutableBufferPointer(start: w, count: nn)) / beta
                            for k in 0..<nn { put(keptNegatives[k], w[k]) }
                        } else {
                            if np > 0 {
                                let share = 1 / Double(np)
                                var sum = 0.0
                                for k in 0..<np { sum += lambda - row[keptPositives[k]]; put(keptPositives[k], -share) }
                                total += sum * share
                            }
                            if nn > 0 {
                                let share = 1 / Double(nn)
                                var sum = 0.0
                                for k in 0..<nn { sum += row[keptNegatives[k]] - lambda; put(keptNegatives[k], share) }
                                total += sum * share
                            }
                        }
                    }
                }
                }
                }
                }
                }
            }
        }
        if perAnchorWithPairs {
            let c = anchorsWithPairs > 0 ? 1 / Double(anchorsWithPairs) : 0
            result.value = total * c
            result.gradient.storage.withUnsafeMutableBufferPointer { g in
                for k in 0..<(n * n) { g[k] *= c }
            }
            result.settleStatuses()
        } else {
            result.value = total * scale
        }
        if mining && anchorsWithPairs == 0 { result.notes.append("mining kept no pair: every anchor is separated by epsilon; loss 0") }
    }
}
