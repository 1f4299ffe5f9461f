/// Multi-similarity loss (Wang, Han, Huang, Dong & Scott, CVPR 2019): mining with P, then
/// weighting with S and N (docs/losses.md, "MS: the two steps, switchable").
///
/// **Mining** (`mining=on`, default; the authors' code and PML's `MultiSimilarityMiner`;
/// ``MSMining``): with the thresholds taken from the *unmined* sets, strict inequalities, self
/// excluded by index,
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
/// computed shifted by `max(0, max z)`, so β = 1000 is safe.
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
/// negative pair are mined in the whole batch — is **not** replicated (docs/losses.md, "Where gpw
/// differs from a reference, and why").
///
/// This folder: the fast code (this file), the plain reference (`MultiSimilarityReference.swift`,
/// the equations above as loops) and the inspector's per-pair derivation
/// (`MultiSimilarityDerivation.swift`).
public struct MultiSimilarityLoss: PairLoss {
    public static let kind = LossKind(
        name: "ms",
        title: "Multi-similarity",
        citation: "Wang, Han, Huang, Dong & Scott, CVPR 2019",
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
        reproduces: [
            Reproduction(call: "MultiSimilarityLoss(alpha=2, beta=50, base=0.5)", spec: "ms:alpha=2,beta=50,lambda=0.5,mining=off"),
            Reproduction(call: "MultiSimilarityLoss(alpha=2, beta=50, base=0.5)", miner: "MultiSimilarityMiner(epsilon=0.1)",
                         spec: "ms:alpha=2,beta=50,lambda=0.5,epsilon=0.1"),
            Reproduction(library: "MalongTech/research-ms-loss (semantics re-implemented)", version: "8290973",
                         call: "MultiSimilarityLoss(SCALE_POS=2, SCALE_NEG=40, thresh=0.5, margin=0.1)",
                         spec: "ms:alpha=2,beta=40,lambda=0.5,epsilon=0.1"),
        ],
        make: { MultiSimilarityLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        public enum Reduction: String, Sendable { case batch, nonzero }
        public var alpha: Double, beta: Double, lambda: Double, epsilon: Double
        public var mining: Bool, weighting: Bool
        public var reduction: Reduction

        init(_ spec: LossSpec) {
            alpha = spec.number("alpha")
            beta = spec.number("beta")
            lambda = spec.number("lambda")
            epsilon = spec.number("epsilon")
            mining = spec.isOn("mining")
            weighting = spec.isOn("weighting")
            reduction = Reduction(rawValue: spec.choice("reduction"))!
        }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    public var mines: Bool { settings.mining }
    /// P comes in with mining; without its weighting MS weighs mined pairs equally (no S, no N).
    public var similarityTypes: [String] { (settings.weighting ? ["S", "N"] : []) + (settings.mining ? ["P"] : []) }
    public var landmarks: [SimilarityLandmark] { [SimilarityLandmark(at: settings.lambda, name: "lambda")] }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> MultiSimilarityReference {
        MultiSimilarityReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let (alpha, beta, lambda) = (settings.alpha, settings.beta, settings.lambda)
        let mining = settings.mining, perAnchorWithPairs = settings.reduction == .nonzero
        if mining { result.markAllNotSelected() }
        // With the batch reduction the scale c = 1/N is known up front: weights are written
        // scaled and their statuses set on the spot (no later pass over all N² pairs). The
        // nonzero reduction learns c at the end and scales and settles afterwards.
        let scale = perAnchorWithPairs ? 1 : 1 / Double(n)
        var total = 0.0, anchorsWithPairs = 0
        // Anchors go in blocks; each block's mined pairs go into one flat list, each anchor as two
        // parts: its positives, then its negatives, each opened by a slot for the virtual pair (the
        // `1` of the softmax). A block holds about 8k pairs (the whole batch up to N ≈ 90), so the
        // list stays in cache at any N.
        let block = max(1, min(n, 8192 / (n + 1)))
        withScratch(doubles: block * (n + 1) + 6 * block + 2 * n, ints: block * (n + 1) + 2 * block + 1) { doubles, ints in
            let values = doubles, shifts = doubles + block * (n + 1), sums = shifts + 2 * block
            let logs = UnsafeMutableBufferPointer(start: sums + 2 * block, count: 2 * block)
            let minPositive = sums + 4 * block, maxNegative = minPositive + n
            let columns = ints, partStart = ints + block * (n + 1)
            result.withViews(similarity: similarity, labels: labels) { v in
                MSMining.thresholds(v, minPositive: minPositive, maxNegative: maxNegative)
                @inline(__always) func put(_ i: Int, _ j: Int, _ weight: Double) {
                    let scaled = weight * scale
                    v.g[i * n + j] = scaled
                    v.status[i * n + j] = scaled != 0 ? .active : .inactive
                }
                @inline(__always) func pairs(_ part: Int) -> Range<Int> { (partStart[part] + 1)..<partStart[part + 1] }
                for first in stride(from: 0, to: n, by: block) {
                    let anchors = first..<min(n, first + block), parts = 2 * anchors.count
                    collectMinedPairs(v, anchors: anchors, minPositive: minPositive, maxNegative: maxNegative,
                                      columns: columns, exponents: values, partStart: partStart, shifts: shifts)
                    if settings.weighting {
                        // ℓ_i's two parts are log(1 + Σ e^z) over the part's exponents z, each collected
                        // already shifted by M = max(0, max z) (its virtual slot holds −M). One pass takes
                        // every exponential of the block at once, one pass every logarithm.
                        Elementary.expInPlace(UnsafeMutableBufferPointer(start: values, count: partStart[parts]))
                        for part in 0..<parts {
                            var sum = values[partStart[part]]
                            for k in pairs(part) { sum += values[k] }
                            sums[part] = sum
                        }
                        for part in 0..<parts { logs[part] = sums[part] }
                        Elementary.logInPlace(UnsafeMutableBufferPointer(rebasing: logs[0..<parts]))
                        for i in anchors {
                            let p = 2 * (i - first), q = p + 1
                            if pairs(p).isEmpty && pairs(q).isEmpty { continue }
                            anchorsWithPairs += 1
                            total += (shifts[p] + logs[p]) / alpha
                            let positiveInverse = 1 / sums[p]
                            for k in pairs(p) { put(i, columns[k], -(values[k] * positiveInverse)) }
                            total += (shifts[q] + logs[q]) / beta
                            let negativeInverse = 1 / sums[q]
                            for k in pairs(q) { put(i, columns[k], values[k] * negativeInverse) }
                        }
                    } else {
                        // Mined pairs weighted equally: ℓ_i = mean(λ − S) over P̃_i + mean(S − λ) over Ñ_i.
                        for i in anchors {
                            let positives = pairs(2 * (i - first)), negatives = pairs(2 * (i - first) + 1)
                            if positives.isEmpty && negatives.isEmpty { continue }
                            anchorsWithPairs += 1
                            let row = v.row(i)
                            if !positives.isEmpty {
                                let share = 1 / Double(positives.count)
                                var sum = 0.0
                                for k in positives { sum += lambda - row[columns[k]]; put(i, columns[k], -share) }
                                total += sum * share
                            }
                            if !negatives.isEmpty {
                                let share = 1 / Double(negatives.count)
                                var sum = 0.0
                                for k in negatives { sum += row[columns[k]] - lambda; put(i, columns[k], share) }
                                total += sum * share
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
        if mining && anchorsWithPairs == 0 { result.notes.append(MultiSimilarityReference.nothingMinedNote) }
    }

    /// Mines the pairs of `anchors` into flat lists: part `2(i − first)` holds anchor `i`'s kept positives
    /// with exponents `z = α(λ − S_ij)`, the next part its kept negatives with `z = β(S_ij − λ)`.
    /// Part `p` is `partStart[p]..<partStart[p + 1]`; its first slot is the virtual pair's. Each
    /// part is written shifted by `M = max(0, max z)` (`shifts[p]`; the virtual slot holds `−M`),
    /// which is known before collecting: `z` falls as `S` rises among positives (rises among
    /// negatives), rounding keeps that order, and a part that keeps anything keeps the extreme
    /// pair (`S − ε` and `S + ε` keep the order too). An anchor that mines nothing gets two parts
    /// of only the virtual slot.
    private func collectMinedPairs(_ v: BatchViews, anchors: Range<Int>, minPositive thresholdsLow: UnsafePointer<Double>,
                                   maxNegative thresholdsHigh: UnsafePointer<Double>, columns: UnsafeMutablePointer<Int>,
                                   exponents: UnsafeMutablePointer<Double>, partStart: UnsafeMutablePointer<Int>,
                                   shifts: UnsafeMutablePointer<Double>) {
        let (alpha, beta, lambda, epsilon, mining) = (settings.alpha, settings.beta, settings.lambda, settings.epsilon, settings.mining)
        var cursor = 0
        for i in anchors {
            let row = v.row(i), part = 2 * (i - anchors.lowerBound)
            let pos = v.positives(of: i), neg = v.negatives(of: i)
            let minPositive = thresholdsLow[i], maxNegative = thresholdsHigh[i]
            let minesSomething = !mining || (pos.count > 0 && neg.count > 0)    // a one-sided anchor mines nothing

            // Each candidate is written at the cursor, and the cursor moves only if it is kept (the
            // loop does not skip on the mining test, which a trained batch makes unpredictable). A
            // dropped candidate's slot is overwritten by the next one, or by the next part's virtual slot.
            let topPositive = alpha * (lambda - minPositive)
            var shift = topPositive > 0 ? topPositive : 0
            let positivesStart = cursor
            cursor += 1
            if minesSomething {
                for j in pos {
                    let sij = row[j]
                    columns[cursor] = j; exponents[cursor] = alpha * (lambda - sij) - shift
                    cursor &+= !mining || MSMining.keepsPositive(sij, maxNegative: maxNegative, epsilon: epsilon) ? 1 : 0
                }
            }
            if cursor == positivesStart + 1 { shift = 0 }
            partStart[part] = positivesStart
            exponents[positivesStart] = -shift
            shifts[part] = shift

            let topNegative = beta * (maxNegative - lambda)
            shift = topNegative > 0 ? topNegative : 0
            let negativesStart = cursor
            cursor += 1
            if minesSomething {
                for j in neg {
                    let sij = row[j]
                    columns[cursor] = j; exponents[cursor] = beta * (sij - lambda) - shift
                    cursor &+= !mining || MSMining.keepsNegative(sij, minPositive: minPositive, epsilon: epsilon) ? 1 : 0
                }
            }
            if cursor == negativesStart + 1 { shift = 0 }
            partStart[part + 1] = negativesStart
            exponents[negativesStart] = -shift
            shifts[part + 1] = shift
        }
        partStart[2 * anchors.count] = cursor
    }
}
