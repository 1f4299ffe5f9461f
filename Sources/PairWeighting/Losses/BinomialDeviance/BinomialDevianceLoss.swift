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
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct BinomialDevianceLoss: PairLoss {
    public static let kind = LossKind(
        name: "binomial",
        title: "Binomial deviance",
        citation: "Yi, Lei, Liao & Li, ICPR 2014 (Deep_Metric form)",
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
        reproduces: [
            Reproduction(library: "bnu-wangxun/Deep_Metric (semantics re-implemented)", version: "4b8bb64",
                         call: "BinomialLoss(alpha=40, margin=0.5)", spec: "binomial:alpha=2,beta=40,lambda=0.5"),
        ],
        make: { BinomialDevianceLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        public enum Reduction: String, Sendable { case batch, nonzero }
        public var alpha: Double, beta: Double, lambda: Double, epsilon: Double
        public var mining: Bool
        public var reduction: Reduction

        init(_ spec: LossSpec) {
            alpha = spec.number("alpha")
            beta = spec.number("beta")
            lambda = spec.number("lambda")
            epsilon = spec.number("epsilon")
            mining = spec.isOn("mining")
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
    /// S alone; MS's mining adds P.
    public var similarityTypes: [String] { settings.mining ? ["S", "P"] : ["S"] }
    public var landmarks: [SimilarityLandmark] { [SimilarityLandmark(at: settings.lambda, name: "lambda")] }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> BinomialDevianceReference {
        BinomialDevianceReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let (alpha, beta, lambda, epsilon, mining) = (settings.alpha, settings.beta, settings.lambda, settings.epsilon, settings.mining)
        var total = 0.0, activeAnchors = 0
        var minedAny = false
        // Softplus and sigmoid eight pairs at a time from one shared exp
        // (Elementary.softplusAndSigmoidInPlace, lane for lane the scalar functions); and both depend
        // on S_ij alone, so a pair whose S_ji equals S_ij (any S built by the engine) copies them.
        // With mining, `kept` holds the current anchor's kept partners (dropped pairs are marked
        // `notSelected` on the spot, and the statuses settled around them at the end).
        withScratch(doubles: n * n + 2 * n, ints: n) { sp, kept in
            let minPositives = sp + n * n, maxNegatives = minPositives + n
            result.withViews(similarity: similarity, labels: labels) { v in
                if mining { MSMining.thresholds(v, minPositive: minPositives, maxNegative: maxNegatives) }
                let (s, y, g, status) = (v.s, v.y, v.g, v.status)
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
                    let spRow = sp + i * n, gRow = v.gradientRow(i)
                    var pos = v.positives(of: i), neg = v.negatives(of: i)
                    if mining {
                        let row = v.row(i)
                        let minPositive = minPositives[i], maxNegative = maxNegatives[i]
                        let minesSomething = pos.count > 0 && neg.count > 0
                        var keptPositives = 0, keptNegatives = 0
                        for j in pos {
                            if minesSomething && MSMining.keepsPositive(row[j], maxNegative: maxNegative, epsilon: epsilon) {
                                kept[keptPositives] = j; keptPositives += 1
                            } else {
                                status[i * n + j] = .notSelected; gRow[j] = 0
                            }
                        }
                        for j in neg {
                            if minesSomething && MSMining.keepsNegative(row[j], minPositive: minPositive, epsilon: epsilon) {
                                kept[keptPositives + keptNegatives] = j; keptNegatives += 1
                            } else {
                                status[i * n + j] = .notSelected; gRow[j] = 0
                            }
                        }
                        pos = UnsafeBufferPointer(start: kept, count: keptPositives)
                        neg = UnsafeBufferPointer(start: kept + keptPositives, count: keptNegatives)
                        minedAny = minedAny || keptPositives + keptNegatives > 0
                    }
                    var term = 0.0
                    if pos.count > 0 {
                        let share = 1 / Double(pos.count), weight = -alpha * share
                        var sum = 0.0
                        for j in pos { sum += spRow[j]; gRow[j] = weight * gRow[j] }
                        term += sum * share
                    }
                    if neg.count > 0 {
                        let share = 1 / Double(neg.count), weight = beta * share
                        var sum = 0.0
                        for j in neg { sum += spRow[j]; gRow[j] = weight * gRow[j] }
                        term += sum * share
                    }
                    total += term
                    if term != 0 { activeAnchors += 1 }
                }
            }
        }
        let c = settings.reduction == .nonzero ? (activeAnchors > 0 ? 1 / Double(activeAnchors) : 0) : 1 / Double(n)
        result.value = total * c
        if mining {
            result.gradient.storage.withUnsafeMutableBufferPointer { g in
                for k in g.indices { g[k] *= c }
            }
            result.settleStatuses()                         // keeps the dropped pairs notSelected
            if !minedAny { result.notes.append(MultiSimilarityReference.nothingMinedNote) }
        } else {
            result.scaleAndSettleUnselected(by: c)
        }
    }
}
