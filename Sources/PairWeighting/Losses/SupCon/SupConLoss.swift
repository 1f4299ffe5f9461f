/// Supervised contrastive loss (Khosla, Teterwak, Wang, Sarna, Tian, Isola, Maschinot, Liu &
/// Krishnan, NeurIPS 2020), the paper's `L_out` (the mean over positives outside the log), with
/// pytorch-metric-learning's `SupConLoss` semantics. For an anchor `i` with positives `P_i`, over
/// all its other samples `A_i = P_i ∪ N_i`,
///
///     ℓ_i = −(1/|P_i|) Σ_{p∈P_i} log( e^{S_ip/τ} / Σ_{k∈A_i} e^{S_ik/τ} ),
///     L = (1/K) Σ_{i : P_i ≠ ∅} ℓ_i,       K = number of anchors with a positive
///
/// (PML's `AvgNonZeroReducer`: the mean over anchors whose loss is > 0). With the softmax
/// `q_ik = e^{S_ik/τ} / Σ_{A_i} e^{S_ik'/τ}`, the weights are
///
///     W_ik = (q_ik − [k ∈ P_i]/|P_i|) / (K τ)
///
/// — a negative weighs its softmax share (≥ 0). A positive is pulled while its share is below the
/// uniform `1/|P_i|` and **pushed** (W > 0) when it already holds more than that: `L_out` is
/// minimised by spreading the anchor's mass evenly over its positives, so an anchor with two or
/// more positives pushes its closest one. This is the one place a gpw loss gives a positive pair
/// a positive weight on purpose (InvariantTests names the exception). A single positive has
/// `q < 1`: always pulled. `O(N²)`, max-shifted log-sum-exp (τ = 0.01 is safe).
///
/// **Parameter** (default): temperature τ = 0.1 (the paper's value; also PML's default).
///
/// **Differences from PML**: PML keeps only anchors whose computed loss is > 0; in exact
/// arithmetic that is every anchor with a positive, which gpw counts. They differ only when an
/// anchor's every log-probability rounds to 0 (its positives' softmax share within 1e-16 of 1, e.g.
/// τ ≤ 0.05 with a lone positive at S = 1 and every negative at −1). PML divides by
/// `|P_i| + tiny`; the difference is below a part in 1e300.
///
/// Similarity types: S, N and P — a pair's weight is its own share of a softmax over every other
/// sample of the anchor (S against N), offset by the number of positives (P).
///
/// This folder: the fast code (this file), the plain reference and the per-pair derivation.
public struct SupConLoss: PairLoss {
    public static let kind = LossKind(
        name: "supcon",
        title: "Supervised contrastive",
        citation: "Khosla et al., NeurIPS 2020",
        equation: "L = (1/K) sum_{i with positives} -(1/|P_i|) sum_{p in P_i} log(e^(S_ip/t) / sum_{k != i} e^(S_ik/t))",
        weightFormula: "W_ik = (q_ik - [k in P_i]/|P_i|) / (K t), q_ik = softmax_{k != i} S_ik/t (a positive above 1/|P_i| is pushed)",
        parameters: [
            .number("temperature", default: 0.1, range: 0.01...10, step: 0.01,
                    "softmax temperature t: smaller concentrates the weight on the closest samples"),
        ],
        reproduces: [
            Reproduction(call: "SupConLoss(temperature=0.1)", spec: "supcon"),
            Reproduction(call: "SupConLoss(temperature=0.07)", spec: "supcon:temperature=0.07"),
            Reproduction(call: "SupConLoss(temperature=0.5, distance=CosineSimilarity())", spec: "supcon:temperature=0.5"),
        ],
        make: { SupConLoss(spec: $0) })

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

    public func reference(similarity: Matrix, labels: PairLabels) -> SupConReference {
        SupConReference(settings: settings, similarity: similarity, labels: labels)
    }

    public func computeWeights(similarity: Matrix, labels: PairLabels, into result: inout PairWeights) {
        let n = labels.count, inverseT = 1 / settings.temperature
        result.value = result.withViews(similarity: similarity, labels: labels) { v in
            var anchors = 0
            for i in 0..<n where v.positives(of: i).count > 0 { anchors += 1 }
            guard anchors > 0 else { return 0.0 }
            let c = inverseT / Double(anchors)
            var total = 0.0
            for i in 0..<n {
                let positives = v.positives(of: i)
                guard positives.count > 0 else { continue }
                let row = v.row(i), g = v.gradientRow(i), status = v.status + i * n
                var shift = -Double.infinity
                for k in 0..<n where k != i && row[k] * inverseT > shift { shift = row[k] * inverseT }
                // G's row holds the shifted exponentials until the sum is known.
                // The exponentials eight at a time on the kernel build (each the scalar exp's bits);
                // the anchor's own slot goes through as e^0 and is set back to 0.
                for k in 0..<n { g[k] = row[k] * inverseT - shift }
                g[i] = 0
                Elementary.expInPlace(UnsafeMutableBufferPointer(start: g, count: n))
                g[i] = 0
                var sum = 0.0
                for k in 0..<n where k != i { sum += g[k] }
                let logAll = shift + Elementary.log(sum)
                var logits = 0.0
                for p in positives { logits += row[p] * inverseT }
                total += logAll - logits / Double(positives.count)
                let perSum = c / sum
                for k in 0..<n where k != i { g[k] *= perSum }
                let uniform = c / Double(positives.count)
                for p in positives { g[p] -= uniform }
                for k in 0..<n where k != i { status[k] = g[k] != 0 ? .active : .inactive }
            }
            return total / Double(anchors)
        }
    }
}
