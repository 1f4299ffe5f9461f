/// Triplet loss (Hoffer & Ailon 2015; Schroff, Kalenichenko & Philbin 2015), in similarity form.
///
/// For every triplet `(a, p, n)` with `p ≠ a` of `a`'s class and `n` of another class, all read in
/// row `a` of `S`:
///
///     ℓ_apn = [S_an − S_ap + margin]_+
///
/// Parameters (defaults): margin 0.1 (0...2), triplets all, reduction nonzero. PML's own
/// default margin is 0.05 with Euclidean distance; 0.1 suits cosine similarity.
///
/// Triplet selection (`triplets`):
/// - `all` (default): every triplet (pytorch-metric-learning's `TripletMarginLoss`).
/// - `hard`: PML's `BatchHardMiner` with `CosineSimilarity`: one triplet per anchor, its hardest
///   positive (lowest `S_ap`) and hardest negative (highest `S_an`); ties go to the first index;
///   anchors lacking a positive or a negative are dropped.
/// - `semihard`: PML's `TripletMarginMiner(type_of_triplets="semihard")` with the inverted
///   (similarity) distance and the loss's margin as the miner's margin: keep a triplet when
///   `0 < S_ap − S_an ≤ margin` — the negative is already less similar than the positive, but by no
///   more than the margin. Every kept triplet has `ℓ ∈ [0, margin)`.
///
/// Reductions (`reduction`), over the selected triplets:
/// - `nonzero` (default, PML's `AvgNonZeroReducer`): mean over triplets with `ℓ > 0`, so `c = 1/T⁺`.
/// - `all`: mean over all selected triplets, `c = 1/T`.
/// - `batch`: sum / N, `c = 1/N`.
///
/// Weights: every active triplet adds `+c` to `W_an` and `−c` to `W_ap`, so
/// `W_an = c · #{active p}` and `W_ap = −c · #{active n}`: equal magnitudes per active triplet, and
/// whether a negative counts depends on the positives (the MS paper's "P").
/// Pairs in no selected triplet are `notSelected` (for `hard`/`semihard`). No selected triplet:
/// loss 0. Cost: `O(N · |P| · |N|)` for `all` and `semihard`, `O(N²)` for `hard`.
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct TripletLoss: PairLoss {
    public static let kind = LossKind(
        name: "triplet",
        title: "Triplet",
        citation: "Hoffer & Ailon 2015; Schroff, Kalenichenko & Philbin, CVPR 2015",
        equation: "L = reduce over triplets (a,p,n) of [S_an - S_ap + margin]_+",
        weightFormula: "W_an = +c * #{p: triplet active};  W_ap = -c * #{n: triplet active};  c = 1/T+ (nonzero), 1/T (all), 1/N (batch)",
        parameters: [
            .number("margin", default: 0.1, range: 0...2, step: 0.05,
                    "a negative must be this much less similar than a positive"),
            .choice("triplets", ["all", "semihard", "hard"], default: "all",
                    "all triplets; semihard: 0 < S_ap - S_an <= margin; hard: hardest positive and negative per anchor"),
            .choice("reduction", ["nonzero", "all", "batch"], default: "nonzero",
                    "nonzero: mean over active triplets (PML); all: mean over selected triplets; batch: sum / N"),
        ],
        reproduces: [
            Reproduction(call: "TripletMarginLoss(margin=0.1, distance=CosineSimilarity())", spec: "triplet:margin=0.1"),
            Reproduction(call: "TripletMarginLoss(margin=0.1, distance=CosineSimilarity())",
                         miner: "BatchHardMiner(distance=CosineSimilarity())", spec: "triplet:margin=0.1,triplets=hard"),
            Reproduction(call: "TripletMarginLoss(margin=0.1, distance=CosineSimilarity())",
                         miner: "TripletMarginMiner(margin=0.1, type_of_triplets='semihard', distance=CosineSimilarity())",
                         spec: "triplet:margin=0.1,triplets=semihard"),
        ],
        make: { TripletLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        /// How triplets are chosen.
        public enum Selection: String, Sendable { case all, semihard, hard }
        /// How the sum over triplets is normalised.
        public enum Reduction: String, Sendable { case nonzero, all, batch }
        public var margin: Double
        public var selection: Selection
        public var reduction: Reduction

        init(_ spec: LossSpec) {
            margin = spec.number("margin")
            selection = Selection(rawValue: spec.choice("triplets"))!
            reduction = Reduction(rawValue: spec.choice("reduction"))!
        }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    public var mines: Bool { settings.selection != .all }
    /// Whether a negative counts depends on the positives: P.
    public var similarityTypes: [String] { ["P"] }
    public var landmarks: [SimilarityLandmark] { [] }
    public var landmarkNote: String? { "triplet's margin is relative (S_an > S_ap - m): no fixed line" }

    public func reference(similarity: Matrix, labels: PairLabels) -> TripletReference {
        TripletReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count, margin = settings.margin, selection = settings.selection
        if selection != .all { result.markAllNotSelected() }
        var total = 0.0, selected = 0, active = 0
        let width = (max(labels.partners.largestPart, 1) + 3) & ~3
        // G accumulates signed counts of active triplets per pair; scaled by c at the end. For
        // `all`, each anchor's negatives are gathered and swept four at a time.
        withScratch(doubles: 2 * width, ints: 0) { scratch, _ in
            let sn = scratch, hits = sn + width     // S_an and active counts per negative
            result.withViews(similarity: similarity, labels: labels) { v in
                for a in 0..<n {
                    let row = v.row(a), gRow = v.gradientRow(a), statusRow = v.status + a * n
                    let pos = v.positives(of: a), neg = v.negatives(of: a)
                    if pos.isEmpty || neg.isEmpty { continue }
                    switch selection {
                    case .hard:
                        var p = pos[0], q = neg[0]
                        for k in pos where row[k] < row[p] { p = k }
                        for k in neg where row[k] > row[q] { q = k }
                        statusRow[p] = .inactive
                        statusRow[q] = .inactive
                        selected += 1
                        let t = (row[q] - row[p]) + margin
                        if t > 0 { total += t; active += 1; gRow[q] += 1; gRow[p] -= 1 }
                    case .semihard:
                        for p in pos {
                            let sap = row[p]
                            var activeHere = 0.0
                            for q in neg {
                                let san = row[q]
                                let gap = sap - san
                                guard gap > 0 && gap <= margin else { continue }
                                statusRow[p] = .inactive
                                statusRow[q] = .inactive
                                selected += 1
                                let t = (san - sap) + margin
                                if t > 0 { total += t; activeHere += 1; gRow[q] += 1 }
                            }
                            active += Int(activeHere)
                            gRow[p] -= activeHere
                        }
                    case .all:
                        // Padding lanes hold −∞: their triplets are never active.
                        for l in 0..<width { sn[l] = l < neg.count ? row[neg[l]] : -.infinity; hits[l] = 0 }
                        var sum = SIMD4<Double>()
                        for p in pos {
                            let sap = row[p]
                            var activeHere = SIMD4<Double>()
                            var l = 0
                            while l < neg.count {
                                let t = (UnsafeRawPointer(sn + l).loadUnaligned(as: SIMD4<Double>.self) - sap) + margin
                                let on = t .> 0
                                sum += SIMD4<Double>().replacing(with: t, where: on)
                                let hit = SIMD4<Double>().replacing(with: 1, where: on)
                                activeHere += hit
                                let h = UnsafeMutableRawPointer(hits + l)
                                h.storeBytes(of: h.loadUnaligned(as: SIMD4<Double>.self) + hit, as: SIMD4<Double>.self)
                                l += 4
                            }
                            let count = activeHere.sum()
                            active += Int(count)
                            gRow[p] -= count
                        }
                        selected += pos.count * neg.count
                        total += sum.sum()
                        for (l, q) in neg.enumerated() { gRow[q] += hits[l] }
                    }
                }
            }
        }
        let c = TripletReference.scale(settings.reduction, selected: selected, active: active, count: n)
        result.value = total * c
        if selection == .all {
            result.scaleAndSettleUnselected(by: c)
        } else {
            result.gradient.storage.withUnsafeMutableBufferPointer { g in
                for k in 0..<(n * n) { g[k] *= c }
            }
            result.settleStatuses()
        }
        if selected == 0 { result.notes.append("no triplet selected: loss 0") }
    }
}
