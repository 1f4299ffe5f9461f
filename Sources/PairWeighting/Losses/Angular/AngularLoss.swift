/// Angular loss (Wang, Zhou, Wen, Liu & Lin, "Deep Metric Learning with Angular Loss", ICCV 2017),
/// in its N-pair form (the paper's eq. 8), with pytorch-metric-learning's `AngularLoss` semantics.
///
/// The paper bounds the angle at the negative of the triangle `(x_a, x_p, x_n)` by `α`, measured
/// from the centre `x_c = (x_a + x_p)/2`; its smooth N-pair form is, per anchor–positive pair,
///
///     ℓ_ap = log(1 + Σ_{n∈N_a} exp f_apn),
///     f_apn = 4 tan²α (x_a + x_p)ᵀ x_n − 2 (1 + tan²α) x_aᵀ x_p
///
/// On unit rows every inner product is an entry of `S`, so with `t = tan²α`
///
///     f_apn = 4t (S_an + S_pn) − 2(1 + t) S_ap
///
/// and the loss is `L = mean over the ordered positive pairs (a, p), a ≠ p, of ℓ_ap` (PML uses every
/// positive pair, and every negative of the anchor in its sum; the paper one positive per anchor).
///
/// **Weights** (GPW form). With the softmax share `σ_apn = e^{f_apn} / (1 + Σ_{n'} e^{f_apn'})` and
/// `c = 1/|P|` (the number of ordered positive pairs):
///
///     W_ap = −c 2(1 + t) Σ_{n∈N_a} σ_apn                                  positive (a, p)
///     W_an = +c 4t [ Σ_{p∈P_a} σ_apn + Σ_{b∈P_a} σ_ban ]                  negative (a, n)
///
/// The second sum is the pair's other role: in the triplet `(b, a, n)`, `a` is the positive and
/// `S_an` the entry `S_pn`. A negative of a sample with no classmate is in no triplet: W = 0.
/// The loss is smooth; `S = ±1` is ordinary. The exponentials are shifted by `max(0, max f)`.
///
/// **Parameters** (default PML's): alpha 40 (degrees; converted with `α π / 180`, as PML's
/// `np.radians`). The paper's per-dataset choice of α was not checked for this entry.
///
/// **Where PML differs**: PML normalises the anchor and positive rows but multiplies their sum by
/// the *raw* negative row, so on unnormalised embeddings its `f` carries `|x_n|` and is not a
/// function of `S`. gpw uses the paper's unit-sphere form throughout (scripts/reference/README.md;
/// the fixtures on raw rows are marked).
///
/// Similarity types: a pair's own term (S), shared with the anchor's other negatives (N), and set
/// against the positive's similarity `S_ap` in `f` (P), as in N-pair.
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct AngularLoss: PairLoss {
    public static let kind = LossKind(
        name: "angular",
        title: "Angular",
        citation: "Wang, Zhou, Wen, Liu & Lin, ICCV 2017",
        equation: "L = mean_{(a,p)} log(1 + sum_{n in N_a} e^(f_apn)),  f_apn = 4 tan^2(alpha) (S_an + S_pn) - 2 (1 + tan^2(alpha)) S_ap",
        weightFormula: "W_ap = -c 2(1 + t) sum_n sigma_apn;  W_an = +c 4t (sum_p sigma_apn + sum_b sigma_ban);  t = tan^2(alpha), c = 1/|P|, sigma = softmax share with the 1",
        parameters: [
            .number("alpha", default: 40, range: 1...80, step: 5, "the largest angle at the negative, in degrees"),
        ],
        reproduces: [
            Reproduction(call: "AngularLoss(alpha=40)", spec: "angular:alpha=40", condition: unitRows),
            Reproduction(call: "AngularLoss(alpha=45)", spec: "angular:alpha=45", condition: unitRows),
        ],
        make: { AngularLoss(spec: $0) })

    /// What the `reproduces` claims hold on: PML's `AngularLoss` is a function of `S` only on unit
    /// rows, and reads the rows themselves, so the fixtures can give `G` only symmetrised.
    static let unitRows = "on unit-norm rows; dL/dx on its tangential part and G as (G + G^T)/2 (PML multiplies by the raw negative row)"

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        /// `α` in degrees.
        public var alpha: Double
        /// `tan²α`.
        public var tanSquared: Double { let t = AngularLoss.tangent(degrees: alpha); return t * t }

        init(_ spec: LossSpec) { alpha = spec.number("alpha") }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    /// `tan(α π/180)`, by the Taylor series of sine and cosine (the engine imports no libm);
    /// for `0 ≤ α ≤ 80` the series are summed far past double precision.
    static func tangent(degrees: Double) -> Double {
        let x = degrees * (Double.pi / 180), x2 = x * x
        var sine = 0.0, cosine = 0.0
        var s = x, c = 1.0
        for k in 1...20 {
            sine += s
            cosine += c
            s *= -x2 / Double((2 * k) * (2 * k + 1))
            c *= -x2 / Double((2 * k - 1) * (2 * k))
        }
        return sine / cosine
    }

    public var mines: Bool { false }
    public var similarityTypes: [String] { ["S", "N", "P"] }
    public var landmarks: [SimilarityLandmark] { [] }
    public var landmarkNote: String? { "angular compares S_an + S_pn with S_ap (a relative bound): no fixed line" }

    public func reference(similarity: Matrix, labels: PairLabels) -> AngularReference {
        AngularReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let t = settings.tanSquared, cross = 4 * t, own = 2 * (1 + t)
        var pairCount = 0
        for i in 0..<n { pairCount += labels.partners.positiveStart[i + 1] - labels.partners.positiveStart[i] }
        guard pairCount > 0 else { return }
        let c = 1 / Double(pairCount)
        result.value = withScratch(doubles: n, ints: 0) { f, _ in
            result.withViews(similarity: similarity, labels: labels) { v in
                var total = 0.0
                for a in 0..<n {
                    let rowA = v.row(a), gA = v.gradientRow(a)
                    let negatives = v.negatives(of: a), m = negatives.count
                    for p in v.positives(of: a) {
                        let rowP = v.row(p), gP = v.gradientRow(p), sap = rowA[p]
                        var top = 0.0
                        for (k, q) in negatives.enumerated() {
                            let z = cross * (rowA[q] + rowP[q]) - own * sap
                            f[k] = z
                            if z > top { top = z }
                        }
                        for k in 0..<m { f[k] -= top }
                        Elementary.expInPlace(UnsafeMutableBufferPointer(start: f, count: m))
                        var sum = Elementary.exp(-top)
                        for k in 0..<m { sum += f[k] }
                        total += top + Elementary.log(sum)
                        let inverse = c / sum
                        var shares = 0.0
                        for (k, q) in negatives.enumerated() {
                            let share = f[k] * inverse
                            shares += share
                            gA[q] += cross * share
                            gP[q] += cross * share
                        }
                        gA[p] -= own * shares
                    }
                }
                for k in 0..<(n * n) where v.g[k] != 0 { v.status[k] = .active }
                return total * c
            }
        }
    }
}
