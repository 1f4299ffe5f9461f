/// Margin loss (Wu, Manmatha, Smola & Krähenbühl, "Sampling Matters in Deep Embedding Learning",
/// ICCV 2017), on the unit sphere, with the boundary β fixed (not learned).
///
/// The loss works on distances. gpw's rows are unit vectors, so the Euclidean distance is a
/// function of the similarity alone:
///
///     d_ij = sqrt(2 − 2 S_ij),     ∂d/∂S = −1/d
///
/// Per ordered pair `(i, j)`, `i ≠ j` (the paper's eq. 3 with `ν = 0`):
///
///     ℓ_ij = [α + d_ij − β]_+      positive pair: pulled until d < β − α
///     ℓ_ij = [α + β − d_ij]_+      negative pair: pushed until d > β + α
///
/// **Counting** (`pairs`):
/// - `each` (default): every ordered pair once, the paper's sum over pairs.
/// - `triplets` (pytorch-metric-learning's `MarginLoss`, `triplets_per_anchor="all"`): PML builds
///   every triplet `(a, p, n)` and adds both the positive and the negative term of each, so a
///   positive pair `(a, p)` counts `m_ap = |N_a|` times and a negative pair `(a, n)` counts
///   `m_an = |P_a|` times (0 when `a` has no classmate: such a negative is in no triplet, weight 0).
///   With `each`, `m = 1`.
///
/// **Reduction** (PML's `DivisorReducer`, and the paper's normalisation by the pairs that count):
/// `L = Σ m_ij ℓ_ij / D`, `D = Σ_{ℓ_ij > 0} m_ij`, the number of active terms; 0 when none is active.
///
/// **Weights** `∂L/∂S_ij`, through `∂d/∂S = −1/d`:
///
///     W_ij = −m_ij / (D d_ij)      active positive (a far positive is pulled *less* than a near one)
///     W_ij = +m_ij / (D d_ij)      active negative (the closer, the harder it is pushed)
///
/// zero on inactive pairs. At `S = 1` (`d = 0`) the derivative of `d` is infinite: gpw weighs the
/// pair 0 there, as torch's `cdist` backward does (its gradient at a zero distance is 0). A positive
/// at `S = 1` is inactive anyway unless `α > β`; a negative at `S = 1` (a duplicate across classes)
/// is active, counts in `D`, and weighs 0. `S > 1` (not a cosine) is read as `d = 0`.
///
/// **Parameters** (defaults, the paper's and PML's): margin α 0.2, beta β 1.2 (the paper learns β,
/// starting at 1.2, with a regulariser `ν β`; gpw holds it fixed: PML's `learn_beta=False`, where
/// `nu` has no effect), pairs `each` (PML counts by triplets). PML's default distance for
/// `MarginLoss` is `LpDistance()` (p = 2, power 1, rows normalised): the `d` above.
///
/// Landmarks: `d = β` is `S = 1 − β²/2`; a positive is pulled while `S < 1 − (β − α)²/2`, a
/// negative pushed while `S > 1 − (β + α)²/2`.
///
/// Similarity types: each pair's weight depends on its own similarity (S: `1/d`, and the hinge);
/// with `each` the pairs share only the count `D` (no N, no P). With `triplets` a pair's weight
/// is scaled by how many partners of the other kind its anchor has — a count, not a similarity —
/// so still S only.
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct MarginLoss: PairLoss {
    public static let kind = LossKind(
        name: "margin",
        title: "Margin",
        citation: "Wu, Manmatha, Smola & Krahenbuhl, ICCV 2017",
        equation: "L = sum m_ij [margin + y_ij (d_ij - beta)]_+ / D,  d = sqrt(2 - 2S),  y = +1 positive, -1 negative,  D = sum of m over active terms",
        weightFormula: "W_ij = -m_ij / (D d_ij) (active positive: d > beta - margin);  +m_ij / (D d_ij) (active negative: d < beta + margin);  m = 1 (each) or |N_i| / |P_i| (triplets)",
        parameters: [
            .number("margin", default: 0.2, range: 0...1, step: 0.05, "alpha: the half-width of the band around beta"),
            .number("beta", default: 1.2, range: 0...2, step: 0.05, "the boundary distance between positives and negatives (fixed, not learned)"),
            .choice("pairs", ["each", "triplets"], default: "each",
                    "each: every pair once (paper); triplets: every pair once per triplet it is in (PML)"),
        ],
        reproduces: [
            Reproduction(call: "MarginLoss(margin=0.2, nu=0, beta=1.2, learn_beta=False)", spec: "margin:margin=0.2,beta=1.2,pairs=triplets"),
            Reproduction(call: "MarginLoss(margin=0.1, nu=0, beta=1, learn_beta=False)", spec: "margin:margin=0.1,beta=1,pairs=triplets"),
        ],
        make: { MarginLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        public enum Pairs: String, Sendable { case each, triplets }
        /// `α` and `β`.
        public var margin: Double, beta: Double
        public var pairs: Pairs

        init(_ spec: LossSpec) {
            margin = spec.number("margin")
            beta = spec.number("beta")
            pairs = Pairs(rawValue: spec.choice("pairs"))!
        }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    /// `d = sqrt(2 − 2S)`, 0 for `S ≥ 1`, NaN for NaN.
    @inline(__always) static func distance(_ s: Double) -> Double {
        let x = 2 - 2 * s
        return x > 0 ? x.squareRoot() : (x.isNaN ? x : 0)
    }

    /// The similarity at distance `d` on the sphere.
    static func similarity(atDistance d: Double) -> Double { 1 - d * d / 2 }

    public var mines: Bool { false }
    public var similarityTypes: [String] { ["S"] }
    public var landmarks: [SimilarityLandmark] {
        let (a, b) = (settings.margin, settings.beta)
        var out: [SimilarityLandmark] = []
        for (d, name) in [(b + a, "d=beta+m"), (b, "d=beta"), (b - a, "d=beta-m")] where d >= 0 && d <= 2 {
            out.append(SimilarityLandmark(at: Self.similarity(atDistance: d), name: name))
        }
        return out
    }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> MarginReference {
        MarginReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let (alpha, beta) = (settings.margin, settings.beta), triplets = settings.pairs == .triplets
        var total = 0.0, divisor = 0.0
        // First pass: each active pair's ±m/d waits in its G entry; the second scales by 1/D.
        result.value = result.withViews(similarity: similarity, labels: labels) { v in
            for i in 0..<n {
                let row = v.row(i), g = v.gradientRow(i)
                let positives = v.positives(of: i), negatives = v.negatives(of: i)
                let positiveCount = triplets ? Double(negatives.count) : 1
                let negativeCount = triplets ? Double(positives.count) : 1
                for j in positives {
                    let d = Self.distance(row[j]), term = alpha + d - beta
                    if term > 0 {
                        total += positiveCount * term
                        divisor += positiveCount
                        g[j] = d > 0 ? -positiveCount / d : 0
                    }
                }
                if negativeCount == 0 { continue }
                for j in negatives {
                    let d = Self.distance(row[j]), term = alpha + beta - d
                    if term > 0 {
                        total += negativeCount * term
                        divisor += negativeCount
                        g[j] = d > 0 ? negativeCount / d : 0
                    }
                }
            }
            guard divisor > 0 else { return 0 }
            let scale = 1 / divisor
            for k in 0..<(n * n) where v.g[k] != 0 {
                v.g[k] *= scale
                v.status[k] = .active
            }
            return total * scale
        }
    }
}
