/// Multi-similarity loss, the plain way: the equations of ``MultiSimilarityLoss``'s doc comment
/// as loops over each anchor's listed pairs, to read beside the paper (Wang et al. 2019, eqs. 8–12).
///
/// For each anchor `i`:
/// 1. **mine** (``MSMining/Anchor``): `P̃_i`, `Ñ_i` (everything with `mining=off`);
/// 2. **weigh** each part as a softmax over its pairs plus a virtual pair at `S = λ`:
///    positives with exponents `z_k = −α(S_ik − λ)`, negatives with `z_k = β(S_ik − λ)`;
///    `w_k = e^{z_k} / (1 + Σ e^{z})`, and the part's loss is `(1/scale) log(1 + Σ e^{z})`
///    (`weighting=off`: `w_k = 1/|part|`, the part's loss the mean of `λ − S` or `S − λ`);
/// 3. **reduce**: `c = 1/N`, or `1/#anchors with mined pairs` (`reduction=nonzero`);
///    `L = c Σ_i ℓ_i`, `W_ik = ∓c w_k`.
///
/// The exponentials are taken shifted by `M = max(0, max z)` (`e^{z−M}`, the virtual pair
/// `e^{−M}`), which cancels in every ratio and keeps β = 1000 finite.
public struct MultiSimilarityReference: LossReference {
    /// One part of one anchor (its mined positives, or its mined negatives) and its softmax.
    public struct Part: Sendable {
        /// The part's pairs `k`, in index order.
        public var pairs: [Int]
        /// `z_k` per pair.
        public var exponents: [Double]
        /// `M = max(0, max z)`.
        public var shift: Double
        /// `1 + Σ e^{z}`, shifted: `e^{−M} + Σ e^{z_k − M}`.
        public var sum: Double
        /// `w_k` per pair: the softmax share (`weighting=on`) or `1/|part|`.
        public var weights: [Double]
        /// The part's term of `ℓ_i`.
        public var loss: Double

        /// The share of pair `k`, or nil when the part does not hold it.
        func weight(of k: Int) -> Double? { pairs.firstIndex(of: k).map { weights[$0] } }
    }

    /// One anchor: its mining and its two parts.
    public struct Anchor: Sendable {
        var mining: MSMining.Anchor
        public var positives: Part, negatives: Part
        /// `ℓ_i`.
        public var loss: Double { positives.loss + negatives.loss }
        /// Whether mining kept any pair (an anchor with none contributes 0).
        public var hasPairs: Bool { !positives.pairs.isEmpty || !negatives.pairs.isEmpty }
    }

    /// The note when mining keeps nothing in the whole batch.
    static let nothingMinedNote = "mining kept no pair: every anchor is separated by epsilon; loss 0"

    public let settings: MultiSimilarityLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// Every anchor, in order.
    public let anchors: [Anchor]
    /// `c`: `1/N`, or one over the anchors with pairs.
    public let scale: Double
    public let value: Double
    public let gradient: Matrix

    init(settings: MultiSimilarityLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count
        var anchors: [Anchor] = []
        for i in 0..<n {
            let mining = MSMining.Anchor(anchor: i, similarity: s, labels: labels, epsilon: settings.epsilon, mining: settings.mining)
            let positives = Self.part(mining.keptPositives, exponents: mining.keptPositives.map { -settings.alpha * (s[i, $0] - settings.lambda) },
                                      scale: settings.alpha, terms: mining.keptPositives.map { settings.lambda - s[i, $0] },
                                      weighting: settings.weighting)
            let negatives = Self.part(mining.keptNegatives, exponents: mining.keptNegatives.map { settings.beta * (s[i, $0] - settings.lambda) },
                                      scale: settings.beta, terms: mining.keptNegatives.map { s[i, $0] - settings.lambda },
                                      weighting: settings.weighting)
            anchors.append(Anchor(mining: mining, positives: positives, negatives: negatives))
        }
        let withPairs = anchors.filter(\.hasPairs).count
        let c = settings.reduction == .nonzero ? (withPairs > 0 ? 1 / Double(withPairs) : 0) : 1 / Double(n)
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for (i, anchor) in anchors.enumerated() where anchor.hasPairs {
            value += c * anchor.loss
            for (k, w) in zip(anchor.positives.pairs, anchor.positives.weights) { gradient[i, k] = -c * w }
            for (k, w) in zip(anchor.negatives.pairs, anchor.negatives.weights) { gradient[i, k] = c * w }
        }
        self.anchors = anchors
        self.scale = c
        self.value = value
        self.gradient = gradient
    }

    /// A part's softmax with the virtual pair (`weighting`), or its equal shares.
    /// `terms` are the hinge-free terms `λ − S` or `S − λ` the unweighted form averages.
    private static func part(_ pairs: [Int], exponents z: [Double], scale: Double, terms: [Double], weighting: Bool) -> Part {
        guard !pairs.isEmpty else { return Part(pairs: [], exponents: [], shift: 0, sum: 1, weights: [], loss: 0) }
        guard weighting else {
            let share = 1 / Double(pairs.count)
            return Part(pairs: pairs, exponents: z, shift: 0, sum: 1, weights: pairs.map { _ in share },
                        loss: terms.reduce(0, +) * share)
        }
        let shift = max(0, z.max()!)
        let exps = z.map { Elementary.exp($0 - shift) }
        let sum = Elementary.exp(-shift) + exps.reduce(0, +)
        return Part(pairs: pairs, exponents: z, shift: shift, sum: sum, weights: exps.map { $0 / sum },
                    loss: (shift + Elementary.log(sum)) / scale)
    }
}
