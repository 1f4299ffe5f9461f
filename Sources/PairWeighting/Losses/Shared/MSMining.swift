/// The mining step of the MS paper (docs/losses.md, "MS: the two steps, switchable"), the one place its rule is written; `ms` and
/// `binomial:mining=on` call it. For anchor `i`, with thresholds from the *unmined* sets and strict
/// inequalities (ε = epsilon, slack: a larger ε keeps more pairs):
///
///     keep positive j ∈ P_i if S_ij − ε < max_{k∈N_i} S_ik
///     keep negative j ∈ N_i if S_ij + ε > min_{k∈P_i} S_ik
///
/// An anchor without a positive or without a negative mines nothing.
enum MSMining {
    /// Every anchor's two thresholds, `min_{k∈P_i} S_ik` into `minPositive[i]` and
    /// `max_{k∈N_i} S_ik` into `maxNegative[i]` (`+∞` / `−∞` for an empty set; a NaN similarity
    /// never wins a min or a max): one contiguous pass over each row of `S`, reading the labels
    /// (``Kernels/labelledExtremes(_:labels:count:low:high:build:)``), rather than a gather
    /// through the partner lists, whose serial min/max chain was most of MS's weighting time.
    @inline(__always)
    static func thresholds(_ v: BatchViews, minPositive: UnsafeMutablePointer<Double>, maxNegative: UnsafeMutablePointer<Double>) {
        Kernels.labelledExtremes(v.s, labels: v.y, count: v.n, low: minPositive, high: maxNegative)
    }

    /// Whether a positive pair of similarity `s` is kept.
    @inline(__always)
    static func keepsPositive(_ s: Double, maxNegative: Double, epsilon: Double) -> Bool { s - epsilon < maxNegative }

    /// Whether a negative pair of similarity `s` is kept.
    @inline(__always)
    static func keepsNegative(_ s: Double, minPositive: Double, epsilon: Double) -> Bool { s + epsilon > minPositive }
}

// MARK: - Plain form, for the references and the inspector

extension MSMining {
    /// One anchor's mining, written out: its sets, thresholds and kept pairs.
    struct Anchor: Sendable {
        /// `P_i` and `N_i`, in index order.
        var positives: [Int], negatives: [Int]
        /// `min_{k∈P_i} S_ik` and `max_{k∈N_i} S_ik` (`+∞` / `−∞` for an empty set).
        var minPositive: Double, maxNegative: Double
        /// `P̃_i` and `Ñ_i`: every pair when mining is off; nothing when the anchor lacks a positive
        /// or a negative.
        var keptPositives: [Int], keptNegatives: [Int]
        /// Whether mining was on.
        var mining: Bool

        /// Mines anchor `i` of `s` (or keeps everything when `mining` is false).
        init(anchor i: Int, similarity s: Matrix, labels: PairLabels, epsilon: Double, mining: Bool) {
            positives = labels.positives(of: i)
            negatives = labels.negatives(of: i)
            minPositive = .infinity
            maxNegative = -.infinity
            for k in positives { minPositive = min(minPositive, s[i, k]) }
            for k in negatives { maxNegative = max(maxNegative, s[i, k]) }
            self.mining = mining
            if !mining {
                keptPositives = positives
                keptNegatives = negatives
            } else if positives.isEmpty || negatives.isEmpty {
                keptPositives = []
                keptNegatives = []
            } else {
                let (minPositive, maxNegative) = (minPositive, maxNegative)
                keptPositives = positives.filter { keepsPositive(s[i, $0], maxNegative: maxNegative, epsilon: epsilon) }
                keptNegatives = negatives.filter { keepsNegative(s[i, $0], minPositive: minPositive, epsilon: epsilon) }
            }
        }

        /// Whether the anchor keeps any pair.
        var keepsAny: Bool { !keptPositives.isEmpty || !keptNegatives.isEmpty }

        /// The mining test of the pair `(i, j)` with its numbers: kept or dropped, and why.
        func line(other j: Int, similarity sij: Double, isPositive: Bool, epsilon: Double) -> DerivationLine {
            if positives.isEmpty || negatives.isEmpty {
                return "mining (P): the anchor has no \(positives.isEmpty ? "positive" : "negative"): it mines nothing"
            }
            if isPositive {
                let kept = keptPositives.contains(j)
                return "mining (P): S_ij - eps < max S_ik- ? \(value: sij) - \(formatNumber(epsilon)) = "
                    + "\(value: sij - epsilon) \(kept ? "<" : ">=") \(value: maxNegative): \(kept ? "kept" : "dropped")"
            }
            let kept = keptNegatives.contains(j)
            return "mining (P): S_ij + eps > min S_ik+ ? \(value: sij) + \(formatNumber(epsilon)) = "
                + "\(value: sij + epsilon) \(kept ? ">" : "<=") \(value: minPositive): \(kept ? "kept" : "dropped")"
        }
    }
}
