/// Circle loss (Sun, Cheng, Zhang, Zhang, Zheng, Wang & Wei, CVPR 2020), pair-label form, with
/// pytorch-metric-learning's `CircleLoss` semantics. Per anchor `i` with both positives and
/// negatives, with optima `O_p = 1 + m`, `O_n = −m` and margins `Δ_p = 1 − m`, `Δ_n = m`,
///
///     α_ip = [O_p − S_ip]_+,   z_ip = −γ α_ip (S_ip − Δ_p)          (p ∈ P_i)
///     α_in = [S_in − O_n]_+,   z_in =  γ α_in (S_in − Δ_n)          (n ∈ N_i)
///     ℓ_i = log(1 + Σ_n e^{z_in} Σ_p e^{z_ip}) = softplus(LP_i + LN_i),
///     LP_i = log Σ_p e^{z_ip},  LN_i = log Σ_n e^{z_in},    L = (1/K) Σ_i ℓ_i
///
/// (paper eq. 4 with the margins of eq. 8; `K` the anchors with a positive and a negative, PML's
/// `AvgNonZeroReducer`). The self-paced factors α are **constants** for the gradient, as in the
/// paper ("non-gradient") and PML (`.detach()`), so the weights are not the derivative of the
/// value: with `σ_i = σ(LP_i + LN_i)`,
///
///     W_ip = −(σ_i/K) · e^{z_ip − LP_i} · γ α_ip         (≤ 0)
///     W_in =  (σ_i/K) · e^{z_in − LN_i} · γ α_in         (≥ 0)
///
/// — the paper's eq. 10 divided by `K`: each part a softmax over its side, scaled by the pair's
/// own distance from its optimum. ``valueWithFrozenFactors(similarity:labels:factorsAt:)`` is the
/// function whose derivative they are (GradientTests uses it). `O(N²)`; both log-sum-exps are
/// max-shifted and the outer term goes through softplus and σ, so γ = 1024 is safe.
///
/// **Parameters** (defaults): m = 0.4, γ = 80 — the paper's setting for fine-grained image
/// retrieval (the deep-metric-learning benchmarks), and PML's defaults; the paper uses m = 0.25
/// with γ = 256 (face recognition) or γ = 128 (person re-identification).
///
/// **Edge cases**: a negative at `S ≤ −m` or a positive at `S ≥ 1 + m` has α = 0: its term is
/// `e^0 = 1` in its sum (it still dilutes the softmax) and its weight is 0 (inactive). An anchor
/// without a positive or without a negative contributes nothing. PML's reducer drops anchors whose
/// computed loss is exactly 0; softplus is > 0, so that happens only when `LP + LN < −745`, i.e.
/// `2γm² > 745` (γ ≥ 466 at m = 1): gpw keeps them (their weights underflow to 0 anyway).
///
/// Similarity types: S, N and P — α makes the weight depend on the pair's own similarity (S);
/// the softmax within the side on the anchor's other negatives (N) or positives, and σ_i on the
/// other side (P).
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct CircleLoss: PairLoss {
    public static let kind = LossKind(
        name: "circle",
        title: "Circle",
        citation: "Sun et al., CVPR 2020",
        equation: "L = (1/K) sum_i log(1 + sum_n e^(g a_n (S_in - m)) sum_p e^(-g a_p (S_ip - 1 + m))), a_p = [1 + m - S_ip]_+, a_n = [S_in + m]_+",
        weightFormula: "W_ip = -(s_i/K) softmax_p(z) g a_p;  W_in = +(s_i/K) softmax_n(z) g a_n;  s_i = sigmoid(LP_i + LN_i), a held constant",
        parameters: [
            .number("m", default: 0.4, range: 0...1, step: 0.05,
                    "relaxation: optima 1+m and -m, margins 1-m and m (paper: 0.25 faces, 0.4 retrieval)"),
            .number("gamma", default: 80, range: 1...1024, step: 8,
                    "scale: larger concentrates the weight on the worst pairs (paper: 256 faces, 80 retrieval)"),
        ],
        reproduces: [
            Reproduction(call: "CircleLoss(m=0.4, gamma=80)", spec: "circle:m=0.4,gamma=80"),
            Reproduction(call: "CircleLoss(m=0.25, gamma=256)", spec: "circle:m=0.25,gamma=256"),
            Reproduction(call: "CircleLoss()", spec: "circle"),
        ],
        make: { CircleLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        public var m: Double, gamma: Double

        init(_ spec: LossSpec) {
            m = spec.number("m")
            gamma = spec.number("gamma")
        }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    public var mines: Bool { false }
    public var similarityTypes: [String] { ["S", "N", "P"] }
    public var landmarks: [SimilarityLandmark] {
        let m = settings.m
        return [SimilarityLandmark(at: -m, name: "O_n"), SimilarityLandmark(at: m, name: "D_n"),
                SimilarityLandmark(at: 1 - m, name: "D_p"), SimilarityLandmark(at: 1 + m, name: "O_p")]
            .filter { $0.at >= -1 && $0.at <= 1 }
    }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> CircleReference {
        CircleReference(settings: settings, similarity: similarity, labels: labels, factorsAt: similarity)
    }

    /// The loss with the self-paced factors α computed at `factorsAt` instead of `similarity`: its
    /// derivative in `similarity`, at `similarity == factorsAt`, is this loss's `G`.
    public func valueWithFrozenFactors(similarity: Matrix, labels: PairLabels, factorsAt: Matrix) -> Double {
        guard labels.classCount >= 2 else { return 0 }
        return CircleReference(settings: settings, similarity: similarity, labels: labels, factorsAt: factorsAt).value
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count, gamma = settings.gamma
        let optimumP = 1 + settings.m, optimumN = -settings.m, deltaP = 1 - settings.m, deltaN = settings.m
        result.value = withScratch(doubles: 2 * n, ints: 1) { zp, _ in
            let zn = zp + n
            return result.withViews(similarity: similarity, labels: labels) { v in
                var anchors = 0
                for i in 0..<n where v.positives(of: i).count > 0 && v.negatives(of: i).count > 0 { anchors += 1 }
                guard anchors > 0 else { return 0.0 }
                let perAnchor = 1 / Double(anchors)
                var total = 0.0
                for i in 0..<n {
                    let positives = v.positives(of: i), negatives = v.negatives(of: i)
                    guard positives.count > 0, negatives.count > 0 else { continue }
                    let row = v.row(i), g = v.gradientRow(i), status = v.status + i * n
                    for (k, p) in positives.enumerated() { zp[k] = -gamma * max(0, optimumP - row[p]) * (row[p] - deltaP) }
                    for (k, j) in negatives.enumerated() { zn[k] = gamma * max(0, row[j] - optimumN) * (row[j] - deltaN) }
                    let lp = LogSumExp.shifted(zp, count: positives.count), ln = LogSumExp.shifted(zn, count: negatives.count)
                    let u = lp.log + ln.log
                    total += Elementary.softplus(u)
                    let scale = Elementary.sigmoid(u) * perAnchor * gamma
                    let perP = scale / lp.sum, perN = scale / ln.sum
                    for (k, p) in positives.enumerated() {
                        g[p] = -perP * zp[k] * max(0, optimumP - row[p])
                        status[p] = g[p] != 0 ? .active : .inactive
                    }
                    for (k, j) in negatives.enumerated() {
                        g[j] = perN * zn[k] * max(0, row[j] - optimumN)
                        status[j] = g[j] != 0 ? .active : .inactive
                    }
                }
                return total * perAnchor
            }
        }
    }
}
