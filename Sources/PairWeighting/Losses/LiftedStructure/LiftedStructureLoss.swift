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
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct LiftedStructureLoss: PairLoss {
    public static let kind = LossKind(
        name: "lifted",
        title: "Lifted structure",
        citation: "Song, Xiang, Jegelka & Savarese, CVPR 2016",
        equation: "J_ij = log(sum_{k in N_i} e^(S_ik - m-) + sum_{l in N_j} e^(S_jl - m-)) + m+ - S_ij;  L = mean over positive (i,j) of [J_ij]_+^2 / 2",
        weightFormula: "W_ij = -c J_ij;  W_ik = c J_ij e^(S_ik - m-) / Z_ij for negatives k of i or j",
        parameters: [
            .number("pos-margin", default: 0, range: -2...2, step: 0.05, "m+: added to each positive pair's term"),
            .number("neg-margin", default: 1, range: -2...2, step: 0.05, "m-: negatives are compared with it inside the log"),
            .choice("reduction", ["pairs", "batch"], default: "pairs",
                    "pairs: mean over ordered positive pairs (PML, Song et al.); batch: sum / N"),
        ],
        reproduces: [
            Reproduction(call: "LiftedStructureLoss(neg_margin=0, pos_margin=1, distance=CosineSimilarity())",
                         spec: "lifted:pos-margin=1,neg-margin=0"),
        ],
        make: { LiftedStructureLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        public enum Reduction: String, Sendable { case pairs, batch }
        public var positiveMargin: Double, negativeMargin: Double
        public var reduction: Reduction

        init(_ spec: LossSpec) {
            positiveMargin = spec.number("pos-margin")
            negativeMargin = spec.number("neg-margin")
            reduction = Reduction(rawValue: spec.choice("reduction"))!
        }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    public var mines: Bool { false }
    /// A negative's weight is its share of the rows' negatives: N.
    public var similarityTypes: [String] { ["N"] }
    public var landmarks: [SimilarityLandmark] {
        SimilarityLandmark.margins(negative: settings.negativeMargin, positive: settings.positiveMargin)
    }
    public var landmarkNote: String? { nil }

    public func reference(similarity: Matrix, labels: PairLabels) -> LiftedStructureReference {
        LiftedStructureReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let positiveMargin = settings.positiveMargin, negativeMargin = settings.negativeMargin
        let pairCount = labels.partners.positives.count
        guard pairCount > 0 else {
            result.notes.append(LiftedStructureReference.noPositivesNote)
            return
        }
        let c = settings.reduction == .pairs ? 1 / Double(pairCount) : 1 / Double(n)
        var total = 0.0
        // Every exp and log batched eight at a time (Elementary.expInPlace, logInPlace): each row's
        // shifted exponentials once, parked in G's negative entries and scaled there at the end;
        // then each positive pair's Z and its two shares in pair lists (pair p is the p-th entry of
        // the anchors' positive lists laid end to end).
        let width = max(labels.partners.largestPart, 1)
        withScratch(doubles: 4 * n + width + 3 * pairCount, ints: 0) { scratch, _ in
            let rowMax = scratch                           // M_r = max_{N_r} (S − m⁻)
            let rowSum = rowMax + n                        // R_r = Σ_{N_r} e^{S − m⁻ − M_r}
            let coefficient = rowSum + n                   // Σ over active pairs touching r of c J e^{M_r}/Z
            let leastPositive = coefficient + n            // (the kernel's other output, unused here)
            let z = leastPositive + n
            let logZ = z + width, shareI = logZ + pairCount, shareJ = shareI + pairCount   // per positive pair
            result.withViews(similarity: similarity, labels: labels) { v in
                let s = v.s, g = v.g
                // max_{N_r} S for every row in one contiguous pass; subtracting m⁻ afterwards gives
                // max_{N_r} (S − m⁻) exactly (rounding is monotone), −∞ for a row without negatives.
                Kernels.labelledExtremes(s, labels: v.y, count: n, low: leastPositive, high: rowMax)
                for r in 0..<n {
                    let row = v.row(r), gRow = v.gradientRow(r), neg = v.negatives(of: r)
                    let m = rowMax[r] - negativeMargin
                    for (l, k) in neg.enumerated() { z[l] = row[k] - negativeMargin - m }
                    Elementary.expInPlace(UnsafeMutableBufferPointer(start: z, count: neg.count))
                    var sum = 0.0
                    for (l, k) in neg.enumerated() { sum += z[l]; gRow[k] = z[l] }
                    rowMax[r] = m
                    rowSum[r] = sum
                    coefficient[r] = 0
                }
                // Z_ij e^{−max(M_i, M_j)}: of the two shifts one is e^0 = 1 exactly, the other e^{−|M_i − M_j|}.
                var p = 0
                for i in 0..<n { for j in v.positives(of: i) { logZ[p] = -abs(rowMax[i] - rowMax[j]); p += 1 } }
                Elementary.expInPlace(UnsafeMutableBufferPointer(start: logZ, count: pairCount))
                p = 0
                for i in 0..<n {
                    for j in v.positives(of: i) {
                        logZ[p] = rowMax[i] >= rowMax[j] ? rowSum[i] + rowSum[j] * logZ[p] : rowSum[i] * logZ[p] + rowSum[j]
                        p += 1
                    }
                }
                Elementary.logInPlace(UnsafeMutableBufferPointer(start: logZ, count: pairCount))
                p = 0
                for i in 0..<n {
                    for j in v.positives(of: i) {
                        logZ[p] += max(rowMax[i], rowMax[j])
                        shareI[p] = rowMax[i] - logZ[p]
                        shareJ[p] = rowMax[j] - logZ[p]
                        p += 1
                    }
                }
                Elementary.expInPlace(UnsafeMutableBufferPointer(start: shareI, count: pairCount))
                Elementary.expInPlace(UnsafeMutableBufferPointer(start: shareJ, count: pairCount))
                p = 0
                for i in 0..<n {
                    for j in v.positives(of: i) {
                        let pair = p
                        p += 1
                        let big = logZ[pair] + positiveMargin - s[i * n + j]
                        guard big > 0 else { continue }
                        total += big * big / 2
                        let cj = c * big
                        g[i * n + j] = -cj
                        coefficient[i] += cj * shareI[pair]
                        coefficient[j] += cj * shareJ[pair]
                    }
                }
                for r in 0..<n {
                    let gRow = v.gradientRow(r), factor = coefficient[r]
                    for k in v.negatives(of: r) { gRow[k] *= factor }
                }
            }
        }
        result.value = total * c
        result.scaleAndSettleUnselected(by: 1)
    }
}
