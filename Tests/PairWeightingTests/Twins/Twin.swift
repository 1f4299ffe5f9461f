import Foundation
import PairWeighting

/// A slow, obvious re-implementation of a loss, written independently of the engine: explicit
/// lists of pairs or triplets, direct formulas with Foundation's `exp`/`log`, nested arrays.
/// Only for moderate parameters (it exponentiates directly).
struct TwinResult {
    var value: Double
    var gradient: [[Double]]

    init(count n: Int) {
        value = 0
        gradient = Array(repeating: Array(repeating: 0, count: n), count: n)
    }

    var matrix: Matrix { Matrix(gradient) }
}

/// Twins by loss name.
enum Twins {
    static func evaluate(_ spec: LossSpec, _ s: [[Double]], _ y: [Int]) -> TwinResult {
        if Set(y).count < 2 { return TwinResult(count: y.count) }
        switch spec.kind.name {
        case "contrastive": return contrastive(spec, s, y)
        case "triplet": return triplet(spec, s, y)
        case "lifted": return lifted(spec, s, y)
        case "generalized-lifted": return generalizedLifted(spec, s, y)
        case "binomial": return binomial(spec, s, y)
        case "ms": return multiSimilarity(spec, s, y)
        case "npair": return nPair(s, y)
        case "histogram": return histogram(spec, s, y)
        default: fatalError("no twin for \(spec.kind.name)")
        }
    }

    static func softplus(_ z: Double) -> Double { z > 30 ? z + log1p(exp(-z)) : log1p(exp(z)) }
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    static func contrastive(_ spec: LossSpec, _ s: [[Double]], _ y: [Int]) -> TwinResult {
        let n = y.count, mPos = spec.number("pos-margin"), mNeg = spec.number("neg-margin")
        var r = TwinResult(count: n)
        var activePositive: [(Int, Int, Double)] = [], activeNegative: [(Int, Int, Double)] = []
        for i in 0..<n {
            for j in 0..<n where i != j {
                if y[i] == y[j], mPos - s[i][j] > 0 { activePositive.append((i, j, mPos - s[i][j])) }
                if y[i] != y[j], s[i][j] - mNeg > 0 { activeNegative.append((i, j, s[i][j] - mNeg)) }
            }
        }
        let nonzero = spec.choice("reduction") == "nonzero"
        let cp = nonzero ? (activePositive.isEmpty ? 0 : 1.0 / Double(activePositive.count)) : 1.0 / Double(n)
        let cn = nonzero ? (activeNegative.isEmpty ? 0 : 1.0 / Double(activeNegative.count)) : 1.0 / Double(n)
        for (i, j, t) in activePositive { r.value += cp * t; r.gradient[i][j] = -cp }
        for (i, j, t) in activeNegative { r.value += cn * t; r.gradient[i][j] = cn }
        return r
    }

    static func triplet(_ spec: LossSpec, _ s: [[Double]], _ y: [Int]) -> TwinResult {
        let n = y.count, margin = spec.number("margin")
        var triplets: [(a: Int, p: Int, n: Int)] = []
        for a in 0..<n {
            let positives = (0..<n).filter { $0 != a && y[$0] == y[a] }
            let negatives = (0..<n).filter { y[$0] != y[a] }
            switch spec.choice("triplets") {
            case "hard":
                guard !positives.isEmpty, !negatives.isEmpty else { continue }
                // Lowest positive similarity, highest negative similarity; first index on ties.
                let p = positives.min { s[a][$0] < s[a][$1] }!
                let q = negatives.max { s[a][$0] < s[a][$1] }!
                triplets.append((a, p, q))
            case "semihard":
                for p in positives { for q in negatives where s[a][p] - s[a][q] > 0 && s[a][p] - s[a][q] <= margin { triplets.append((a, p, q)) } }
            default:
                for p in positives { for q in negatives { triplets.append((a, p, q)) } }
            }
        }
        let losses = triplets.map { max(0, s[$0.a][$0.n] - s[$0.a][$0.p] + margin) }
        let active = losses.filter { $0 > 0 }.count
        let c: Double
        switch spec.choice("reduction") {
        case "all": c = triplets.isEmpty ? 0 : 1.0 / Double(triplets.count)
        case "batch": c = 1.0 / Double(n)
        default: c = active == 0 ? 0 : 1.0 / Double(active)
        }
        var r = TwinResult(count: n)
        for (t, l) in zip(triplets, losses) where l > 0 {
            r.value += c * l
            r.gradient[t.a][t.n] += c
            r.gradient[t.a][t.p] -= c
        }
        return r
    }

    static func lifted(_ spec: LossSpec, _ s: [[Double]], _ y: [Int]) -> TwinResult {
        let n = y.count, mPos = spec.number("pos-margin"), mNeg = spec.number("neg-margin")
        var pairs: [(Int, Int)] = []
        for i in 0..<n { for j in 0..<n where i != j && y[i] == y[j] { pairs.append((i, j)) } }
        var r = TwinResult(count: n)
        guard !pairs.isEmpty else { return r }
        let c = spec.choice("reduction") == "pairs" ? 1.0 / Double(pairs.count) : 1.0 / Double(n)
        for (i, j) in pairs {
            var z = 0.0
            for k in 0..<n where y[k] != y[i] { z += exp(s[i][k] - mNeg) }
            for l in 0..<n where y[l] != y[j] { z += exp(s[j][l] - mNeg) }
            let big = log(z) + mPos - s[i][j]
            guard big > 0 else { continue }
            r.value += c * big * big / 2
            r.gradient[i][j] -= c * big
            for k in 0..<n where y[k] != y[i] { r.gradient[i][k] += c * big * exp(s[i][k] - mNeg) / z }
            for l in 0..<n where y[l] != y[j] { r.gradient[j][l] += c * big * exp(s[j][l] - mNeg) / z }
        }
        return r
    }

    static func generalizedLifted(_ spec: LossSpec, _ s: [[Double]], _ y: [Int]) -> TwinResult {
        let n = y.count, mPos = spec.number("pos-margin"), mNeg = spec.number("neg-margin")
        var r = TwinResult(count: n)
        var terms: [Double] = [], rows: [[Double]] = []
        for i in 0..<n {
            let positives = (0..<n).filter { $0 != i && y[$0] == y[i] }
            let negatives = (0..<n).filter { y[$0] != y[i] }
            let zp = positives.map { exp(mPos - s[i][$0]) }.reduce(0, +)
            let zn = negatives.map { exp(s[i][$0] - mNeg) }.reduce(0, +)
            let term = max(0, (positives.isEmpty ? 0 : log(zp)) + (negatives.isEmpty ? 0 : log(zn)))
            var row = Array(repeating: 0.0, count: n)
            for j in positives { row[j] = -exp(mPos - s[i][j]) / zp }
            for j in negatives { row[j] = exp(s[i][j] - mNeg) / zn }
            terms.append(term)
            rows.append(term > 0 ? row : Array(repeating: 0, count: n))
        }
        let active = terms.filter { $0 > 0 }.count
        let c = spec.choice("reduction") == "nonzero" ? (active == 0 ? 0 : 1.0 / Double(active)) : 1.0 / Double(n)
        r.value = c * terms.reduce(0, +)
        r.gradient = rows.map { $0.map { $0 * c } }
        return r
    }
}
