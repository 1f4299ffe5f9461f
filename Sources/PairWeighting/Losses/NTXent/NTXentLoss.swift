/// NT-Xent, the normalised-temperature cross-entropy (Chen, Kornblith, Norouzi & Hinton, ICML
/// 2020, SimCLR; the InfoNCE of van den Oord, Li & Vinyals 2018), with pytorch-metric-learning's
/// `NTXentLoss` semantics: every ordered positive pair `(a, p)` is one cross-entropy whose
/// candidates are `p` and the anchor's negatives `N_a`,
///
///     ℓ_ap = −log( e^{S_ap/τ} / (e^{S_ap/τ} + Σ_{n∈N_a} e^{S_an/τ}) ) = softplus(LN_a − S_ap/τ),
///     LN_a = log Σ_{n∈N_a} e^{S_an/τ},          L = (1/M) Σ_{(a,p)} ℓ_ap,
///
/// `M` the number of ordered positive pairs (PML's `MeanReducer` over pos pairs). The anchor's
/// other positives are not candidates (SimCLR has one positive per anchor; PML generalises this
/// way). Weights, with `σ_ap = σ(LN_a − S_ap/τ)` (the share of the negatives in that softmax):
///
///     W_ap = −σ_ap / (M τ)                                            (positive, ≤ 0)
///     W_an = (1/(M τ)) · (e^{S_an/τ − LN_a}) · Σ_{p∈P_a} σ_ap        (negative, ≥ 0)
///
/// — a negative's weight is its softmax share among the anchor's negatives times the total
/// negative share over the anchor's positives. `O(N²)`; `LN_a` is a max-shifted log-sum-exp and
/// the terms go through softplus and the logistic function, so τ = 0.01 is safe.
///
/// **Parameter** (default): temperature τ = 0.1, the best value of SimCLR's temperature table
/// (Chen et al. 2020, Table 5, with ℓ2-normalised embeddings). PML's default is 0.07 (MoCo's).
///
/// **Differences from PML**, both outside the fixtures' range: PML computes `−log(q + tiny)`
/// (`tiny` = the smallest normal double), which differs from the exact log-softmax only when
/// `q < 1e-300` (τ ≲ 0.003 on cosine similarities; gpw's range starts at 0.01); gpw uses the exact
/// form. An anchor without positives contributes nothing; a batch without positive pairs is 0
/// (PML's zero loss).
///
/// Similarity types: S, N and P — a positive's weight is its own similarity against the anchor's
/// negatives (S, N); a negative's weight is its share among the negatives (N) scaled by how
/// badly each of the anchor's positives is beaten (P).
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct NTXentLoss: PairLoss {
    public static let kind = LossKind(
        name: "ntxent",
        title: "NT-Xent (InfoNCE)",
        citation: "Chen, Kornblith, Norouzi & Hinton, ICML 2020; van den Oord, Li & Vinyals 2018",
        equation: "L = (1/M) sum_{(a,p)} -log(e^(S_ap/t) / (e^(S_ap/t) + sum_{n in N_a} e^(S_an/t))), M ordered positive pairs",
        weightFormula: "W_ap = -s_ap / (M t), s_ap = 1 - softmax share of p;  W_an = (1/(M t)) (e^(S_an/t) / sum_{N_a} e^(S_ak/t)) sum_{p in P_a} s_ap",
        parameters: [
            .number("temperature", default: 0.1, range: 0.01...10, step: 0.01,
                    "softmax temperature t: smaller concentrates the weight on the hardest negatives (PML default 0.07)"),
        ],
        reproduces: [
            Reproduction(call: "NTXentLoss(temperature=0.07)", spec: "ntxent:temperature=0.07"),
            Reproduction(call: "NTXentLoss(temperature=0.1)", spec: "ntxent"),
            Reproduction(call: "NTXentLoss(temperature=0.5, distance=CosineSimilarity())", spec: "ntxent:temperature=0.5"),
        ],
        make: { NTXentLoss(spec: $0) })

    /// The parameters, typed.
    public struct Settings: Sendable, Equatable {
        public var temperature: Double

        init(_ spec: LossSpec) { temperature = spec.number("temperature") }
    }

    public let spec: LossSpec
    public let settings: Settings

    public init(spec: LossSpec) {
        self.spec = spec
        settings = Settings(spec)
    }

    public var mines: Bool { false }
    public var similarityTypes: [String] { ["S", "N", "P"] }
    public var landmarks: [SimilarityLandmark] { [] }
    public var landmarkNote: String? { "no fixed similarity: weights are softmax shares at temperature \(formatNumber(settings.temperature))" }

    public func reference(similarity: Matrix, labels: PairLabels) -> NTXentReference {
        NTXentReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count, inverseT = 1 / settings.temperature
        result.value = withScratch(doubles: n, ints: 1) { terms, _ in
            result.withViews(similarity: similarity, labels: labels) { v in
                var m = 0
                for i in 0..<n { m += v.positives(of: i).count }
                guard m > 0 else { return 0.0 }
                let c = inverseT / Double(m)
                var total = 0.0
                for i in 0..<n {
                    let positives = v.positives(of: i), negatives = v.negatives(of: i)
                    guard positives.count > 0, negatives.count > 0 else { continue }
                    let row = v.row(i), g = v.gradientRow(i), status = v.status + i * n
                    // LN_i, shifted by the largest negative logit.
                    for (k, j) in negatives.enumerated() { terms[k] = row[j] * inverseT }
                    let (logNegatives, sum) = LogSumExp.shifted(terms, count: negatives.count)
                    var negativeShare = 0.0
                    for p in positives {
                        let z = logNegatives - row[p] * inverseT
                        total += Elementary.softplus(z)
                        let share = Elementary.sigmoid(z)
                        negativeShare += share
                        g[p] = -share * c
                        status[p] = g[p] != 0 ? .active : .inactive
                    }
                    let perNegative = c * negativeShare / sum
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
