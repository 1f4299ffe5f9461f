/// Binomial deviance loss (Yi, Lei, Liao & Li 2014), per anchor, as in the MS authors' earlier code
/// (bnu-wangxun/Deep_Metric `losses/Binomial.py`, non-mining branch):
///
///     ℓ_i = mean_{k∈P_i} log(1 + e^{−α (S_ik − λ)}) + mean_{k∈N_i} log(1 + e^{β (S_ik − λ)})
///
/// α (alpha) scales positives, β (beta) negatives, following the MS paper. **Naming trap:**
/// Deep_Metric calls the negative scale `alpha` (default 40) and hard-codes the positive scale 2.
///
/// Parameters (defaults, Deep_Metric's): alpha 2, beta 40, lambda 0.5, reduction batch.
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
            .choice("reduction", ["batch", "nonzero"], default: "batch",
                    "batch: sum over anchors / N (Deep_Metric); nonzero: mean over anchors with a non-zero term"),
        ],
        mines: false,
        make: { BinomialDevianceLoss(spec: $0) })

    public let spec: LossSpec
    public var mines: Bool { false }
    let alpha: Double, beta: Double, lambda: Double, perActiveAnchor: Bool

    public init(spec: LossSpec) {
        self.spec = spec
        alpha = spec.number("alpha")
        beta = spec.number("beta")
        lambda = spec.number("lambda")
        perActiveAnchor = spec.choice("reduction") == "nonzero"
    }

    public func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let partners = labels.partners
        var terms = [Double](repeating: 0, count: n)
        // First the unscaled weights, straight into G's rows; each row is scaled by c at the end.
        for i in 0..<n {
            let pos = partners.positives(of: i), neg = partners.negatives(of: i)
            var term = 0.0
            if !pos.isEmpty {
                let share = 1 / Double(pos.count)
                var sum = 0.0
                for j in pos {
                    let z = alpha * (lambda - s[i, j])
                    sum += Elementary.softplus(z)
                    result.gradient[i, j] = -alpha * share * Elementary.sigmoid(z)
                }
                term += sum * share
            }
            if !neg.isEmpty {
                let share = 1 / Double(neg.count)
                var sum = 0.0
                for j in neg {
                    let z = beta * (s[i, j] - lambda)
                    sum += Elementary.softplus(z)
                    result.gradient[i, j] = beta * share * Elementary.sigmoid(z)
                }
                term += sum * share
            }
            terms[i] = term
        }
        let activeAnchors = terms.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        let c = perActiveAnchor ? (activeAnchors > 0 ? 1 / Double(activeAnchors) : 0) : 1 / Double(n)
        result.value = terms.reduce(0, +) * c
        for k in 0..<(n * n) { result.gradient.storage[k] *= c }
        result.settleStatuses()
    }
}
