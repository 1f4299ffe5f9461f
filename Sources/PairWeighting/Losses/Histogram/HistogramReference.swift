/// Histogram loss, the plain way (Ustinova & Lempitsky 2016, eqs. 1–4): triangular-kernel
/// histograms of the positive and the negative similarities, and the probability that a negative
/// beats a positive.
///
///     pairs: unordered i < j; positives, and negatives with a classmate on either side
///     nodes t_k = −1 + kΔ, Δ = 2/R;  kernel δ_k(s) = max(0, 1 − |s − t_k|/Δ)
///     h⁺_k = mean over positive pairs of δ_k(S_ij),   h⁻_k likewise over negative pairs
///     L = Σ_k h⁻_k Φ⁺_k,   Φ⁺_k = Σ_{m≤k} h⁺_m
///     ∂L/∂S_ij = Σ_m δ'_m(S_ij) Σ_{k≥m} h⁻_k / |P|      (positive)
///     ∂L/∂S_ij = Σ_k δ'_k(S_ij) Φ⁺_k / |N|              (negative)
///
/// `δ'` is the kernel's slope on the similarity's bin `r = ⌊(s + 1)/Δ⌋` (clamped to `R − 1`, so
/// `s = 1` counts in the last bin): `−1/Δ` at node `r`, `+1/Δ` at node `r + 1`.
public struct HistogramReference: LossReference {
    /// The note when the batch has no positive pair.
    static let noPositivesNote = "no positive pairs: the histogram loss is empty; loss 0"

    public let settings: HistogramLoss.Settings
    let similarity: Matrix, labels: PairLabels
    /// The unordered pairs read, `i < j`.
    public let positivePairs: [(i: Int, j: Int)], negativePairs: [(i: Int, j: Int)]
    /// `h⁺_k` and `h⁻_k`, `k = 0...R`.
    public let positiveHistogram: [Double], negativeHistogram: [Double]
    public let value: Double
    public let gradient: Matrix

    /// `Δ`.
    var delta: Double { 2 / Double(settings.bins) }

    /// The bin of similarity `s`, clamped to `0...R−1` (a NaN falls in bin 0).
    static func bin(of s: Double, delta: Double, bins: Int) -> Int {
        // Clamped as a double first: a NaN or infinite similarity must not trap the conversion.
        let q = (s + 1) / delta
        return q.isNaN ? 0 : Int(min(max(q, 0), Double(bins - 1)))
    }

    init(settings: HistogramLoss.Settings, similarity s: Matrix, labels: PairLabels) {
        self.settings = settings
        self.similarity = s
        self.labels = labels
        let n = labels.count, bins = settings.bins, delta = 2 / Double(bins), y = labels.labels
        let hasClassmate = (0..<n).map { !labels.positives(of: $0).isEmpty }
        var positives: [(i: Int, j: Int)] = [], negatives: [(i: Int, j: Int)] = []
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                if y[i] == y[j] { positives.append((i, j)) } else if hasClassmate[i] || hasClassmate[j] { negatives.append((i, j)) }
            }
        }
        let nodes = (0...bins).map { -1 + Double($0) * delta }
        func kernel(_ v: Double, _ t: Double) -> Double { max(0, 1 - abs(v - t) / delta) }
        func slope(_ v: Double, node m: Int) -> Double {
            let r = Self.bin(of: v, delta: delta, bins: bins)
            return m == r ? -1 / delta : (m == r + 1 ? 1 / delta : 0)
        }
        func histogram(_ pairs: [(i: Int, j: Int)]) -> [Double] {
            nodes.map { t in pairs.reduce(0) { $0 + kernel(s[$1.i, $1.j], t) } / Double(max(pairs.count, 1)) }
        }
        let hp = histogram(positives), hn = histogram(negatives)
        var phi: [Double] = [], running = 0.0
        for k in 0...bins { running += hp[k]; phi.append(running) }
        var tail = [Double](repeating: 0, count: bins + 2)
        for k in stride(from: bins, through: 0, by: -1) { tail[k] = tail[k + 1] + hn[k] }
        var gradient = Matrix(rows: n, columns: n)
        if !positives.isEmpty {
            for (i, j) in positives {
                gradient[i, j] = (0...bins).reduce(0) { $0 + slope(s[i, j], node: $1) * tail[$1] } / Double(positives.count)
            }
            for (i, j) in negatives {
                gradient[i, j] = (0...bins).reduce(0) { $0 + slope(s[i, j], node: $1) * phi[$1] } / Double(negatives.count)
            }
        }
        positivePairs = positives
        negativePairs = negatives
        positiveHistogram = hp
        negativeHistogram = hn
        value = positives.isEmpty ? 0 : (0...bins).reduce(0) { $0 + hn[$1] * phi[$1] }
        self.gradient = gradient
    }
}
