import Foundation
import PairWeighting

extension Twins {
    static func binomial(_ spec: LossSpec, _ s: [[Double]], _ y: [Int]) -> TwinResult {
        let n = y.count, a = spec.number("alpha"), b = spec.number("beta"), lambda = spec.number("lambda")
        let eps = spec.number("epsilon"), mining = spec.choice("mining") == "on"
        var r = TwinResult(count: n)
        var terms: [Double] = []
        for i in 0..<n {
            var positives = (0..<n).filter { $0 != i && y[$0] == y[i] }
            var negatives = (0..<n).filter { y[$0] != y[i] }
            if mining {
                if positives.isEmpty || negatives.isEmpty {
                    terms.append(0)
                    continue
                }
                let hardestPositive = positives.map { s[i][$0] }.min()!
                let hardestNegative = negatives.map { s[i][$0] }.max()!
                positives = positives.filter { s[i][$0] - eps < hardestNegative }
                negatives = negatives.filter { s[i][$0] + eps > hardestPositive }
            }
            var term = 0.0
            for j in positives {
                term += softplus(-a * (s[i][j] - lambda)) / Double(positives.count)
                r.gradient[i][j] = -a / Double(positives.count) * sigmoid(-a * (s[i][j] - lambda))
            }
            for j in negatives {
                term += softplus(b * (s[i][j] - lambda)) / Double(negatives.count)
                r.gradient[i][j] = b / Double(negatives.count) * sigmoid(b * (s[i][j] - lambda))
            }
            terms.append(term)
        }
        let withTerm = terms.filter { $0 != 0 }.count
        let c = spec.choice("reduction") == "nonzero" ? 1.0 / Double(withTerm) : 1.0 / Double(n)
        r.value = c * terms.reduce(0, +)
        r.gradient = r.gradient.map { $0.map { $0 * c } }
        return r
    }

    static func multiSimilarity(_ spec: LossSpec, _ s: [[Double]], _ y: [Int]) -> TwinResult {
        let n = y.count, a = spec.number("alpha"), b = spec.number("beta")
        let lambda = spec.number("lambda"), eps = spec.number("epsilon")
        let mining = spec.choice("mining") == "on", weighting = spec.choice("weighting") == "on"
        var r = TwinResult(count: n)
        var anchorsWithPairs = 0
        for i in 0..<n {
            var positives = (0..<n).filter { $0 != i && y[$0] == y[i] }
            var negatives = (0..<n).filter { y[$0] != y[i] }
            if mining {
                if positives.isEmpty || negatives.isEmpty { continue }
                let hardestPositive = positives.map { s[i][$0] }.min()!
                let hardestNegative = negatives.map { s[i][$0] }.max()!
                positives = positives.filter { s[i][$0] - eps < hardestNegative }
                negatives = negatives.filter { s[i][$0] + eps > hardestPositive }
            }
            if positives.isEmpty && negatives.isEmpty { continue }
            anchorsWithPairs += 1
            if weighting {
                let zp = 1 + positives.map { exp(-a * (s[i][$0] - lambda)) }.reduce(0, +)
                let zn = 1 + negatives.map { exp(b * (s[i][$0] - lambda)) }.reduce(0, +)
                r.value += log(zp) / a + log(zn) / b
                for j in positives { r.gradient[i][j] = -exp(-a * (s[i][j] - lambda)) / zp }
                for j in negatives { r.gradient[i][j] = exp(b * (s[i][j] - lambda)) / zn }
            } else {
                for j in positives { r.value += (lambda - s[i][j]) / Double(positives.count); r.gradient[i][j] = -1 / Double(positives.count) }
                for j in negatives { r.value += (s[i][j] - lambda) / Double(negatives.count); r.gradient[i][j] = 1 / Double(negatives.count) }
            }
        }
        let c = spec.choice("reduction") == "nonzero" ? (anchorsWithPairs == 0 ? 0 : 1.0 / Double(anchorsWithPairs)) : 1.0 / Double(n)
        r.value *= c
        r.gradient = r.gradient.map { $0.map { $0 * c } }
        return r
    }

    static func nPair(_ s: [[Double]], _ y: [Int]) -> TwinResult {
        let n = y.count
        // Row-major list of positive pairs; keep the first one for each anchor label.
        var chosen: [(a: Int, p: Int)] = []
        for i in 0..<n {
            for j in 0..<n where i != j && y[i] == y[j] && !chosen.contains(where: { y[$0.a] == y[i] }) {
                chosen.append((i, j))
            }
        }
        var r = TwinResult(count: n)
        let m = Double(chosen.count)
        for (row, pair) in chosen.enumerated() {
            let logits = chosen.map { s[pair.a][$0.p] }
            let z = logits.map(exp).reduce(0, +)
            r.value += (log(z) - logits[row]) / m
            for (col, other) in chosen.enumerated() {
                r.gradient[pair.a][other.p] = (exp(logits[col]) / z - (col == row ? 1 : 0)) / m
            }
        }
        return r
    }

    /// Histogram loss through its triangular kernel: node `t_k` receives `max(0, 1 − |s − t_k|/Δ)`.
    static func histogram(_ spec: LossSpec, _ s: [[Double]], _ y: [Int]) -> TwinResult {
        let n = y.count, bins = Int(spec.number("bins")), delta = 2.0 / Double(bins)
        let nodes = (0...bins).map { -1 + Double($0) * delta }
        let classSize = Dictionary(grouping: y, by: { $0 }).mapValues(\.count)
        var positivePairs: [(Int, Int)] = [], negativePairs: [(Int, Int)] = []
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                if y[i] == y[j] { positivePairs.append((i, j)) }
                else if classSize[y[i]]! > 1 || classSize[y[j]]! > 1 { negativePairs.append((i, j)) }
            }
        }
        var r = TwinResult(count: n)
        guard !positivePairs.isEmpty else { return r }
        func kernel(_ v: Double, _ t: Double) -> Double { max(0, 1 - abs(v - t) / delta) }
        func slope(_ v: Double, _ t: Double) -> Double { abs(v - t) < delta ? (v >= t ? -1 / delta : 1 / delta) : 0 }
        let hp = nodes.map { t in positivePairs.map { kernel(s[$0.0][$0.1], t) }.reduce(0, +) / Double(positivePairs.count) }
        let hn = nodes.map { t in negativePairs.map { kernel(s[$0.0][$0.1], t) }.reduce(0, +) / Double(max(negativePairs.count, 1)) }
        let phi = (0...bins).map { k in hp[0...k].reduce(0, +) }
        r.value = (0...bins).map { hn[$0] * phi[$0] }.reduce(0, +)
        for (i, j) in positivePairs {
            var g = 0.0
            for k in 0...bins { for m in 0...k { g += hn[k] * slope(s[i][j], nodes[m]) / Double(positivePairs.count) } }
            r.gradient[i][j] = g
        }
        for (i, j) in negativePairs {
            var g = 0.0
            for k in 0...bins { g += slope(s[i][j], nodes[k]) / Double(negativePairs.count) * phi[k] }
            r.gradient[i][j] = g
        }
        return r
    }
}
