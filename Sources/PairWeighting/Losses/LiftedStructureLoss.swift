/// Lifted structure loss (Song, Xiang, Jegelka & Savarese, CVPR 2016) in similarity form: exactly
/// pytorch-metric-learning's `LiftedStructureLoss` with `CosineSimilarity`.
///
/// For every ordered positive pair `(i, j)` (m⁺ = pos-margin, m⁻ = neg-margin):
///
///     J_ij = log( Σ_{k∈N_i} e^{S_ik − m⁻} + Σ_{l∈N_j} e^{S_jl − m⁻} ) + m⁺ − S_ij
///     ℓ_ij = [J_ij]_+² / 2
///
/// One log over the negatives of **both** rows `i` and `j`.
///
/// Parameters (defaults, PML's): pos-margin 0, neg-margin 1 (both −2...2), reduction pairs.
///
/// Reductions: `pairs` (default, PML): mean over the ordered positive pairs, `c = 1/|P|`, which
/// equals Song et al.'s `1/(2|P̂|) Σ` over unordered pairs; `batch`: sum / N, `c = 1/N`.
///
/// Weights, for an active pair (`J_ij > 0`) with `Z_ij` the sum inside the log:
///
///     W_ij += −c J_ij
///     W_ik += c J_ij e^{S_ik − m⁻} / Z_ij   (k ∈ N_i)
///     W_jl += c J_ij e^{S_jl − m⁻} / Z_ij   (l ∈ N_j)
///
/// A negative's weight is relative to the other negatives of the rows (the MS paper's "N").
/// Cost `O(N²)`: each row's negative sum `R_r = Σ_{k∈N_r} e^{S_rk − m⁻ − M_r}` (shifted by the row
/// maximum `M_r`) is computed once; `Z_ij` combines two rows; each row then receives one scalar
/// coefficient `Σ c J e^{M_r}/Z` that multiplies its shifted exponentials.
public struct LiftedStructureLoss: PairLoss {
    public static let kind = LossKind(
        name: "lifted",
        title: "Lifted structure",
        citation: "Song, Xiang, Jegelka & Savarese, CVPR 2016",
        similarityTypes: ["N"],
        equation: "J_ij = log(sum_{k in N_i} e^(S_ik - m-) + sum_{l in N_j} e^(S_jl - m-)) + m+ - S_ij;  L = mean over positive (i,j) of [J_ij]_+^2 / 2",
        weightFormula: "W_ij = -c J_ij;  W_ik = c J_ij e^(S_ik - m-) / Z_ij for negatives k of i or j",
        parameters: [
            .number("pos-margin", default: 0, range: -2...2, step: 0.05, "m+: added to each positive pair's term"),
            .number("neg-margin", default: 1, range: -2...2, step: 0.05, "m-: negatives are compared with it inside the log"),
            .choice("reduction", ["pairs", "batch"], default: "pairs",
                    "pairs: mean over ordered positive pairs (PML, Song et al.); batch: sum / N"),
        ],
        mines: false,
        make: { LiftedStructureLoss(spec: $0) })

    public let spec: LossSpec
    public var mines: Bool { false }
    let positiveMargin: Double, negativeMargin: Double, perPair: Bool

    public init(spec: LossSpec) {
        self.spec = spec
        positiveMargin = spec.number("pos-margin")
        negativeMargin = spec.number("neg-margin")
        perPair = spec.choice("reduction") == "pairs"
    }

    public func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let partners = labels.partners
        let pairCount = partners.positives.count
        guard pairCount > 0 else {
            result.notes.append("no positive pairs: lifted structure has no terms; loss 0")
            return
        }
        let c = perPair ? 1 / Double(pairCount) : 1 / Double(n)
        var rowMax = [Double](repeating: 0, count: n)       // M_r = max_{N_r} (S − m⁻)
        var rowSum = [Double](repeating: 0, count: n)       // R_r = Σ_{N_r} e^{S − m⁻ − M_r}
        var coefficient = [Double](repeating: 0, count: n)  // Σ over active pairs touching r of c J e^{M_r}/Z
        var total = 0.0
        for r in 0..<n {
            var m = -Double.infinity
            for k in partners.negatives(of: r) { m = max(m, s[r, k] - negativeMargin) }
            var sum = 0.0
            for k in partners.negatives(of: r) { sum += Elementary.exp(s[r, k] - negativeMargin - m) }
            rowMax[r] = m
            rowSum[r] = sum
        }
        for i in 0..<n {
            for j in partners.positives(of: i) {
                let m = max(rowMax[i], rowMax[j])
                let logZ = m + Elementary.log(rowSum[i] * Elementary.exp(rowMax[i] - m)
                                              + rowSum[j] * Elementary.exp(rowMax[j] - m))
                let big = logZ + positiveMargin - s[i, j]
                guard big > 0 else { continue }
                total += big * big / 2
                let cj = c * big
                result.add(-cj, at: i, j)
                coefficient[i] += cj * Elementary.exp(rowMax[i] - logZ)
                coefficient[j] += cj * Elementary.exp(rowMax[j] - logZ)
            }
        }
        for r in 0..<n where coefficient[r] != 0 {
            for k in partners.negatives(of: r) {
                result.gradient[r, k] += coefficient[r] * Elementary.exp(s[r, k] - negativeMargin - rowMax[r])
            }
        }
        result.value = total * c
        result.settleStatuses()
    }
}
