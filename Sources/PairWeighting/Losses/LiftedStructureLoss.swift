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
        var total = 0.0
        // Speed: raw pointers, and every exp and log batched eight at a time (Elementary.expInPlace,
        // logInPlace): each row's shifted exponentials once, parked in G's negative entries and
        // scaled there at the end; then each positive pair's Z and its two shares in pair lists.
        let width = max(partners.largestPart, 1)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n + width + 3 * pairCount) { scratch in
            let rowMax = scratch.baseAddress!              // M_r = max_{N_r} (S − m⁻)
            let rowSum = rowMax + n                        // R_r = Σ_{N_r} e^{S − m⁻ − M_r}
            let coefficient = rowSum + n                   // Σ over active pairs touching r of c J e^{M_r}/Z
            let z = coefficient + n
            let logZ = z + width, shareI = logZ + pairCount, shareJ = shareI + pairCount   // per positive pair
            s.storage.withUnsafeBufferPointer { s in
            partners.positives.withUnsafeBufferPointer { positives in
            partners.negatives.withUnsafeBufferPointer { negatives in
            result.gradient.storage.withUnsafeMutableBufferPointer { g in
                let s = s.baseAddress!, g = g.baseAddress!, pos = positives.baseAddress!
                for r in 0..<n {
                    let row = s + r * n, gRow = g + r * n
                    let neg = negatives.baseAddress! + partners.negativeStart[r]
                    let nn = partners.negativeStart[r + 1] - partners.negativeStart[r]
                    var m = -Double.infinity
                    for k in 0..<nn { m = max(m, row[neg[k]] - negativeMargin) }
                    for k in 0..<nn { z[k] = row[neg[k]] - negativeMargin - m }
                    Elementary.expInPlace(UnsafeMutableBufferPointer(start: z, count: nn))
                    var sum = 0.0
                    for k in 0..<nn { sum += z[k]; gRow[neg[k]] = z[k] }
                    rowMax[r] = m
                    rowSum[r] = sum
                    coefficient[r] = 0
                }
                // Z_ij e^{−max(M_i, M_j)}: of the two shifts one is e^0 = 1 exactly, the other e^{−|M_i − M_j|}.
                for i in 0..<n {
                    for p in partners.positiveStart[i]..<partners.positiveStart[i + 1] {
                        logZ[p] = -abs(rowMax[i] - rowMax[pos[p]])
                    }
                }
                Elementary.expInPlace(UnsafeMutableBufferPointer(start: logZ, count: pairCount))
                for i in 0..<n {
                    for p in partners.positiveStart[i]..<partners.positiveStart[i + 1] {
                        let j = pos[p]
                        logZ[p] = rowMax[i] >= rowMax[j] ? rowSum[i] + rowSum[j] * logZ[p] : rowSum[i] * logZ[p] + rowSum[j]
                    }
                }
                Elementary.logInPlace(UnsafeMutableBufferPointer(start: logZ, count: pairCount))
                for i in 0..<n {
                    for p in partners.positiveStart[i]..<partners.positiveStart[i + 1] {
                        let j = pos[p]
                        logZ[p] += max(rowMax[i], rowMax[j])
                        shareI[p] = rowMax[i] - logZ[p]
                        shareJ[p] = rowMax[j] - logZ[p]
                    }
                }
                Elementary.expInPlace(UnsafeMutableBufferPointer(start: shareI, count: pairCount))
                Elementary.expInPlace(UnsafeMutableBufferPointer(start: shareJ, count: pairCount))
                for i in 0..<n {
                    for p in partners.positiveStart[i]..<partners.positiveStart[i + 1] {
                        let j = pos[p]
                        let big = logZ[p] + positiveMargin - s[i * n + j]
                        guard big > 0 else { continue }
                        total += big * big / 2
                        let cj = c * big
                        g[i * n + j] = -cj
                        coefficient[i] += cj * shareI[p]
                        coefficient[j] += cj * shareJ[p]
                    }
                }
                for r in 0..<n {
                    let gRow = g + r * n, factor = coefficient[r]
                    let neg = negatives.baseAddress! + partners.negativeStart[r]
                    for k in 0..<(partners.negativeStart[r + 1] - partners.negativeStart[r]) { gRow[neg[k]] *= factor }
                }
            }
            }
            }
            }
        }
        result.value = total * c
        result.scaleAndSettleUnselected(by: 1)
    }
}
