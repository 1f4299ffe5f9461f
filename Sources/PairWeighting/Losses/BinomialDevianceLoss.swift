/// Binomial deviance loss (Yi, Lei, Liao & Li 2014), per anchor, as in the MS authors' earlier code
/// (bnu-wangxun/Deep_Metric `losses/Binomial.py`, non-mining branch):
///
///     ℓ_i = mean_{k∈P_i} log(1 + e^{−α (S_ik − λ)}) + mean_{k∈N_i} log(1 + e^{β (S_ik − λ)})
///
/// α (alpha) scales positives, β (beta) negatives, following the MS paper. **Naming trap:**
/// Deep_Metric calls the negative scale `alpha` (default 40) and hard-codes the positive scale 2.
///
/// Parameters (defaults, Deep_Metric's): alpha 2, beta 40, lambda 0.5, epsilon 0.1, mining off,
/// reduction batch.
///
/// **Mining** (`mining=on`; off by default): MS's mining step first (``MSMining``, uses P), then
/// the same means over the mined sets `P̃_i`, `Ñ_i` only:
///
///     keep negative j ∈ N_i if S_ij + ε > min_{k∈P_i} S_ik
///     keep positive j ∈ P_i if S_ij − ε < max_{k∈N_i} S_ik
///
/// thresholds from the unmined sets; an anchor without positives or without negatives mines
/// nothing and contributes 0. The weighting is unchanged, so the difference from plain binomial is
/// the mining alone (the MS paper's question: what does P add to S). Deep_Metric's `hard_mining`
/// branch mines the same way but also rescales the parts by `2/α` and `2/β` and fixes λ at 0.5.
///
/// Reductions: `batch` (default, Deep_Metric): `Σ_i ℓ_i / N`, `c = 1/N`; `nonzero`: mean over the
/// anchors whose term is non-zero. In a batch with two or more classes every anchor has negatives
/// and softplus is positive, so `nonzero` equals `batch` unless a term underflows to exactly 0.
///
/// An empty part contributes 0: an anchor whose class has one sample keeps only its negative
/// mean. (Deep_Metric takes the mean of an empty tensor there and gets NaN.)
///
/// Weights (σ = logistic function), each a function of `S_ij` alone (the MS paper's "S"):
///
///     W_ij = −c (α/|P_i|) σ(α(λ − S_ij))    positive pair
///     W_ij = +c (β/|N_i|) σ(β(S_ij − λ))    negative pair
///
/// Stable for any β: softplus and σ never exponentiate a positive argument. Cost `O(N²)`.
public struct BinomialDevianceLoss: PairLoss {
    public static let kind = LossKind(
        name: "binomial",
        title: "Binomial deviance",
        citation: "Yi, Lei, Liao & Li, ICPR 2014 (Deep_Metric form)",
        similarityTypes: ["S"],
        equation: "L = (1/N) sum_i [mean_{P_i} log(1 + e^(-alpha(S_ik - lambda))) + mean_{N_i} log(1 + e^(beta(S_ik - lambda)))]",
        weightFormula: "W_ij = -c alpha/|P_i| sigmoid(alpha(lambda - S_ij)) (positives);  +c beta/|N_i| sigmoid(beta(S_ij - lambda)) (negatives)",
        parameters: [
            .number("alpha", default: 2, range: 0.01...1000, step: 0.5, "positive scale (Deep_Metric hard-codes 2)"),
            .number("beta", default: 40, range: 0.01...1000, step: 5, "negative scale (Deep_Metric calls it alpha)"),
            .number("lambda", default: 0.5, range: -1...1, step: 0.05, "the similarity both parts are centred on"),
            .number("epsilon", default: 0.1, range: 0...2, step: 0.05, "mining slack (with mining on): larger keeps more pairs"),
            .toggle("mining", default: false, "MS mining first (uses P): keep only pairs that violate the other set's extreme by epsilon"),
            .choice("reduction", ["batch", "nonzero"], default: "batch",
                    "batch: sum over anchors / N (Deep_Metric); nonzero: mean over anchors with a non-zero term"),
        ],
        mines: false,
        make: { BinomialDevianceLoss(spec: $0) })

    public let spec: LossSpec
    public var mines: Bool { mining }
    let alpha: Double, beta: Double, lambda: Double, epsilon: Double, mining: Bool, perActiveAnchor: Bool

    public init(spec: LossSpec) {
        self.spec = spec
        alpha = spec.number("alpha")
        beta = spec.number("beta")
        lambda = spec.number("lambda")
        epsilon = spec.number("epsilon")
        mining = spec.choice("mining") == "on"
        perActiveAnchor = spec.choice("reduction") == "nonzero"
    }

    public func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let partners = labels.partners
        var total = 0.0, activeAnchors = 0
        // With mining: the kept partners of the current anchor (dropped pairs are marked
        // `notSelected` on the spot, and the statuses settled around them at the end).
        var kept = [Int](repeating: 0, count: mining ? n : 0), minedAny = false
        // Speed: raw pointers; softplus and sigmoid eight pairs at a time from one shared exp
        // (Elementary.softplusAndSigmoidInPlace, lane for lane the scalar functions); and both depend
        // on S_ij alone, so a pair whose S_ji equals S_ij (any S built by the engine) copies them.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n * n) { softplus in
            let sp = softplus.baseAddress!
            s.storage.withUnsafeBufferPointer { s in
            labels.labels.withUnsafeBufferPointer { y in
            partners.positives.withUnsafeBufferPointer { positives in
            partners.negatives.withUnsafeBufferPointer { negatives in
            result.gradient.storage.withUnsafeMutableBufferPointer { g in
            kept.withUnsafeMutableBufferPointer { kept in
            result.status.withUnsafeMutableBufferPointer { status in
                let s = s.baseAddress!, y = y.baseAddress!, g = g.baseAddress!
                // z = α(λ − S) on positives, β(S − λ) on negatives; softplus z into sp, σ(z) into G.
                func z(_ i: Int, _ j: Int) -> Double {
                    y[i] == y[j] ? alpha * (lambda - s[i * n + j]) : beta * (s[i * n + j] - lambda)
                }
                for i in 0..<n {
                    for j in (i + 1)..<max(i + 1, n) { sp[i * n + j] = z(i, j) }
                    Elementary.softplusAndSigmoidInPlace(UnsafeMutableBufferPointer(start: sp + i * n + i + 1, count: n - i - 1),
                                                         sigmoids: g + i * n + i + 1)
                }
                for i in 0..<n {
                    for j in 0..<i {
                        if s[i * n + j] == s[j * n + i] {
                            sp[i * n + j] = sp[j * n + i]
                            g[i * n + j] = g[j * n + i]
                        } else {
                            sp[i * n + j] = Elementary.softplus(z(i, j))
                            g[i * n + j] = Elementary.sigmoid(z(i, j))
                        }
                    }
                }
                // Row means with their shares; G's row gets the unscaled weights (scaled by c at the end).
                for i in 0..<n {
                    let spRow = sp + i * n, gRow = g + i * n
                    var pos = positives.baseAddress! + partners.positiveStart[i]
                    var neg = negatives.baseAddress! + partners.negativeStart[i]
                    var np = partners.positiveStart[i + 1] - partners.positiveStart[i]
                    var nn = partners.negativeStart[i + 1] - partners.negativeStart[i]
                    if mining {
                        let row = s + i * n
                        let (minPositive, maxNegative) = MSMining.thresholds(row, positives: pos, np, negatives: neg, nn)
                        let minesSomething = np > 0 && nn > 0
                        var keptPositives = 0, keptNegatives = 0
                        for k in 0..<np {
                            if minesSomething && MSMining.keepsPositive(row[pos[k]], maxNegative: maxNegative, epsilon: epsilon) {
                                kept[keptPositives] = pos[k]; keptPositives += 1
                            } else {
                                status[i * n + pos[k]] = .notSelected; gRow[pos[k]] = 0
                            }
                        }
                        for k in 0..<nn {
                            if minesSomething && MSMining.keepsNegative(row[neg[k]], minPositive: minPositive, epsilon: epsilon) {
                                kept[keptPositives + keptNegatives] = neg[k]; keptNegatives += 1
                            } else {
                                status[i * n + neg[k]] = .notSelected; gRow[neg[k]] = 0
                            }
                        }
                        pos = UnsafePointer(kept.baseAddress!)
                        neg = UnsafePointer(kept.baseAddress! + keptPositives)
                        np = keptPositives
                        nn = keptNegatives
                        minedAny = minedAny || np + nn > 0
                    }
                    var term = 0.0
                    if np > 0 {
                        let share = 1 / Double(np), weight = -alpha * share
                        var sum = 0.0
                        for k in 0..<np { sum += spRow[pos[k]]; gRow[pos[k]] = weight * gRow[pos[k]] }
                        term += sum * share
                    }
                    if nn > 0 {
                        let share = 1 / Double(nn), weight = beta * share
                        var sum = 0.0
                        for k in 0..<nn { sum += spRow[neg[k]]; gRow[neg[k]] = weight * gRow[neg[k]] }
                        term += sum * share
                    }
                    total += term
                    if term != 0 { activeAnchors += 1 }
                }
            }
            }
            }
            }
            }
            }
            }
        }
        let c = perActiveAnchor ? (activeAnchors > 0 ? 1 / Double(activeAnchors) : 0) : 1 / Double(n)
        result.value = total * c
        if mining {
            result.gradient.storage.withUnsafeMutableBufferPointer { g in
                for k in g.indices { g[k] *= c }
            }
            result.settleStatuses()                         // keeps the dropped pairs notSelected
            if !minedAny { result.notes.append("mining kept no pair: every anchor is separated by epsilon; loss 0") }
        } else {
            result.scaleAndSettleUnselected(by: c)
        }
    }
}
