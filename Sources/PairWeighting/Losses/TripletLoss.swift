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
public struct TripletLoss: PairLoss {
    public static let kind = LossKind(
        name: "triplet",
        title: "Triplet",
        citation: "Hoffer & Ailon 2015; Schroff, Kalenichenko & Philbin, CVPR 2015",
        similarityTypes: ["P"],
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
        mines: true,
        make: { TripletLoss(spec: $0) })

    /// How triplets are chosen.
    enum Selection { case all, semihard, hard }
    /// How the sum over triplets is normalised.
    enum Reduction { case nonzero, all, batch }

    public let spec: LossSpec
    public var mines: Bool { selection != .all }
    let margin: Double
    let selection: Selection
    let reduction: Reduction

    public init(spec: LossSpec) {
        self.spec = spec
        margin = spec.number("margin")
        switch spec.choice("triplets") {
        case "hard": selection = .hard
        case "semihard": selection = .semihard
        default: selection = .all
        }
        switch spec.choice("reduction") {
        case "all": reduction = .all
        case "batch": reduction = .batch
        default: reduction = .nonzero
        }
    }

    public func computeWeights(similarity s: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count
        let partners = labels.partners
        if selection != .all { result.markAllNotSelected() }
        var sum = 0.0, selected = 0, active = 0
        // G accumulates signed counts of active triplets per pair; scaled by c at the end.
        var count = [Double](repeating: 0, count: n * n)
        s.storage.withUnsafeBufferPointer { s in
            count.withUnsafeMutableBufferPointer { g in
                for a in 0..<n {
                    let row = a * n
                    let pos = partners.positives(of: a), neg = partners.negatives(of: a)
                    if pos.isEmpty || neg.isEmpty { continue }
                    switch selection {
                    case .hard:
                        var p = pos[pos.startIndex], q = neg[neg.startIndex]
                        for j in pos where s[row + j] < s[row + p] { p = j }
                        for j in neg where s[row + j] > s[row + q] { q = j }
                        result.mark(a, p, .inactive)
                        result.mark(a, q, .inactive)
                        selected += 1
                        let t = (s[row + q] - s[row + p]) + margin
                        if t > 0 { sum += t; active += 1; g[row + q] += 1; g[row + p] -= 1 }
                    case .all, .semihard:
                        let semihard = selection == .semihard
                        for p in pos {
                            let sap = s[row + p]
                            var activeHere = 0.0
                            for q in neg {
                                let san = s[row + q]
                                if semihard {
                                    let gap = sap - san
                                    guard gap > 0 && gap <= margin else { continue }
                                    result.mark(a, p, .inactive)
                                    result.mark(a, q, .inactive)
                                }
                                selected += 1
                                let t = (san - sap) + margin
                                if t > 0 { sum += t; activeHere += 1; g[row + q] += 1 }
                            }
                            active += Int(activeHere)
                            g[row + p] -= activeHere
                        }
                    }
                }
            }
        }
        let c: Double
        switch reduction {
        case .nonzero: c = active > 0 ? 1 / Double(active) : 0
        case .all: c = selected > 0 ? 1 / Double(selected) : 0
        case .batch: c = 1 / Double(n)
        }
        result.value = sum * c
        for k in 0..<(n * n) { result.gradient.storage[k] = count[k] * c }
        result.settleStatuses()
        if selected == 0 { result.notes.append("no triplet selected: loss 0") }
    }
}
