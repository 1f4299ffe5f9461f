import Foundation

/// Tuplet margin loss (Yu & Tao, ICCV 2019), with pytorch-metric-learning's `TupletMarginLoss`
/// semantics: every ordered positive pair `(a, p)` against all the anchor's negatives, with an
/// angular margin β on the positive,
///
///     θ_ap = arccos S_ap,   c_ap = cos(θ_ap − β)
///     ℓ_ap = log(1 + Σ_{n∈N_a} e^{s (S_an − c_ap)}) = softplus(LN_a − s c_ap),   LN_a = log Σ_{n∈N_a} e^{s S_an}
///     L = (1/M) Σ_{(a,p)} ℓ_ap                         (M ordered positive pairs, PML's MeanReducer)
///
/// Weights, with `σ_ap = σ(LN_a − s c_ap)` and `c' = dc_ap/dS_ap = sin(θ_ap − β) / sin θ_ap`:
///
///     W_ap = −(s/M) σ_ap c'                                  (positive)
///     W_an = (s/M) e^{s S_an − LN_a} Σ_{p∈P_a} σ_ap          (negative, ≥ 0)
///
/// A positive closer than the margin (`θ_ap < β`, i.e. `S_ap > cos β`) has `c' < 0`: the margin
/// term `cos(θ − β)` peaks at `θ = β`, so such a pair is **pushed** to angle β (W > 0). That is
/// the loss's own geometry, not an error (InvariantTests names the exception).
///
/// **Parameters** (defaults): margin β = 5.73° (0.1 rad; given in degrees and converted with
/// π/180, as PML's `np.radians`), scale s = 64: PML's defaults, which PML documents as the
/// paper's. The paper adds an intra-pair variance term (`IntraPairVarianceLoss`, another gpw
/// entry); this is the tuplet term alone, as PML's class is.
///
/// **Edge cases, where gpw differs from PML 2.9.0**: `arccos` has no derivative at `S = ±1`
/// (duplicate or antipodal positives), where PML's autograd returns ±∞ (and NaN in `dL/dx`), and
/// a computed cosine above 1 by rounding gives NaN. gpw clamps `S_ap` into `[−1, 1]` for θ and,
/// for β ≠ 0, gives the pair's own margin term zero slope at the two endpoints (`c' = 0`: that
/// positive weighs 0 while its term still enters the loss and its negatives' weights); at β = 0,
/// `c = S` and `c' = 1`. (This is what PML's current documentation describes.) `O(N²)`;
/// max-shifted log-sum-exp, softplus and σ keep s = 512 safe.
///
/// Similarity types: S, N and P — the margin makes a positive's weight depend on its own angle
/// (S); a negative's weight is its share among the anchor's negatives (N) times how much each
/// positive of the anchor is still beaten (P).
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct TupletMarginLoss: PairLoss {
    public static let kind = LossKind(
        name: "tuplet-margin",
        title: "Tuplet margin",
        citation: "Yu & Tao, ICCV 2019",
        equation: "L = (1/M) sum_{(a,p)} log(1 + sum_{n in N_a} e^(s (S_an - cos(arccos S_ap - beta)))), M ordered positive pairs",
        weightFormula: "W_ap = -(s/M) sig_ap sin(th_ap - beta)/sin(th_ap) (pushed when th_ap < beta);  W_an = (s/M) softmax_n(s S_an) sum_{p in P_a} sig_ap",
        parameters: [
            .number("margin", default: 5.73, range: 0...45, step: 0.5,
                    "angular margin beta on positives, in degrees (5.73 = 0.1 rad)"),
            .number("scale", default: 64, range: 1...512, step: 4,
                    "s: larger concentrates the weight on the hardest negatives"),
        ],
        reproduces: [
            Reproduction(call: "TupletMarginLoss(margin=5.73, scale=64)", spec: "tuplet-margin"),
            Reproduction(call: "TupletMarginLoss(margin=10, scale=32)", spec: "tuplet-margin:margin=10,scale=32"),
            Reproduction(call: "TupletMarginLoss(margin=0, scale=16)", spec: "tuplet-margin:margin=0,scale=16"),
        ],
        make: { TupletMarginLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        /// β in degrees, as the spec gives it.
        public var marginDegrees: Double
        public var scale: Double
        /// β in radians.
        public var margin: Double { marginDegrees * Double.pi / 180 }

        init(_ spec: LossSpec) {
            marginDegrees = spec.number("margin")
            scale = spec.number("scale")
        }

        /// `c = cos(arccos S − β)` and its slope `dc/dS`, with S clamped into `[−1, 1]` and zero
        /// slope at the endpoints (β ≠ 0).
        func marginCosine(_ s: Double) -> (c: Double, slope: Double) {
            let beta = margin
            guard beta != 0 else { return (min(1, max(-1, s)), s > 1 || s < -1 ? 0 : 1) }
            let x = min(1, max(-1, s))
            let theta = acos(x), sine = sin(theta)
            let c = cos(theta - beta)
            guard sine > 0, s < 1, s > -1 else { return (c, 0) }
            return (c, sin(theta - beta) / sine)
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
    public var landmarks: [SimilarityLandmark] { [SimilarityLandmark(at: cos(settings.margin), name: "cos beta")] }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> TupletMarginReference {
        TupletMarginReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count, scale = settings.scale
        result.value = withScratch(doubles: n, ints: 1) { terms, _ in
            result.withViews(similarity: similarity, labels: labels) { v in
                var m = 0
                for i in 0..<n { m += v.positives(of: i).count }
                guard m > 0 else { return 0.0 }
                let c = scale / Double(m)
                var total = 0.0
                for i in 0..<n {
                    let positives = v.positives(of: i), negatives = v.negatives(of: i)
                    guard positives.count > 0, negatives.count > 0 else { continue }
                    let row = v.row(i), g = v.gradientRow(i), status = v.status + i * n
                    for (k, j) in negatives.enumerated() { terms[k] = row[j] * scale }
                    let (logNegatives, sum) = LogSumExp.shifted(terms, count: negatives.count)
                    var shares = 0.0
                    for p in positives {
                        let (cosine, slope) = settings.marginCosine(row[p])
                        let z = logNegatives - scale * cosine
                        total += Elementary.softplus(z)
                        let sigma = Elementary.sigmoid(z)
                        shares += sigma
                        g[p] = -c * sigma * slope
                        status[p] = g[p] != 0 ? .active : .inactive
                    }
                    let perNegative = c * shares / sum
                    for (k, j) in negatives.enumerated() {
                        g[j] = terms[k] * perNegative
                        status[j] = g[j] != 0 ? .active : .inactive
                    }
                }
                return total / Double(m)
            }
        }
    }
}
