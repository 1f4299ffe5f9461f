/// N-pair, the plain way (Sohn 2016, PML's selection): pick one (anchor, positive) pair per class,
/// then a cross-entropy per anchor over its similarities to every chosen positive.
///
///     pairs (a_r, p_r): each class's first two samples, for every class with two or more
///     L = (1/M) Σ_r [ log Σ_c e^{S(a_r, p_c)} − S(a_r, p_r) ]
///     W(a_r, p_c) = (softmax_c S(a_r, ·) − [c = r]) / M
///
/// Similarities are in `[−1, 1]`: the exponentials need no shift.
public struct NPairReference: LossReference {
    let similarity: Matrix, labels: PairLabels
    /// The chosen pairs, in order of their anchors.
    public let pairs: [(anchor: Int, positive: Int)]
    public let value: Double
    public let gradient: Matrix

    init(similarity s: Matrix, labels: PairLabels) {
        self.similarity = s
        self.labels = labels
        let n = labels.count, y = labels.labels
        var pairs: [(anchor: Int, positive: Int)] = []
        for a in 0..<n where !pairs.contains(where: { y[$0.anchor] == y[a] }) {
            if let p = labels.positives(of: a).first(where: { $0 > a }) { pairs.append((a, p)) }
        }
        let m = Double(pairs.count)
        var value = 0.0
        var gradient = Matrix(rows: n, columns: n)
        for (r, pair) in pairs.enumerated() {
            let logits = pairs.map { s[pair.anchor, $0.positive] }
            let z = logits.reduce(0) { $0 + Elementary.exp($1) }
            value += (Elementary.log(z) - logits[r]) / m
            for (c, other) in pairs.enumerated() {
                gradient[pair.anchor, other.positive] = (Elementary.exp(logits[c]) / z - (c == r ? 1 : 0)) / m
            }
        }
        self.pairs = pairs
        self.value = value
        self.gradient = gradient
    }
}
