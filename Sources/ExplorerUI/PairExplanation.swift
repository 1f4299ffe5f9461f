import PairWeighting

/// Why one loss gives the pair `(i, j)` the weight it does, with this batch's numbers put in.
///
/// The numbers are recomputed here from `S` and the loss's parameters by the weight formula of
/// the loss's doc comment; ``weight`` is that recomputed signed `W_ij`, which must agree with the
/// engine's evaluation (the tests check it, for every loss and every pair).
public struct PairExplanation: Sendable, Equatable {
    /// Lines of text, each one sentence or one equation.
    public var lines: [String]
    /// The signed weight recomputed from the formula, when the explanation computes it.
    public var weight: Double?

    /// Explains `weights` (the engine's evaluation of `spec`) at `(i, j)`.
    public static func explain(spec: LossSpec, weights: PairWeights, similarity s: Matrix, labels: [Int],
                               pair: PairIndex) -> PairExplanation {
        let i = pair.row, j = pair.column
        guard i != j else { return PairExplanation(lines: ["self pair: never weighted"], weight: 0) }
        let context = Context(s: s, labels: labels, i: i, j: j, engine: weights.gradient[i, j])
        switch spec.kind.name {
        case "ms": return explainMS(spec, context)
        case "contrastive": return explainContrastive(spec, context)
        case "binomial": return explainBinomial(spec, context)
        case "triplet": return explainTriplet(spec, context)
        case "generalized-lifted": return explainGeneralizedLifted(spec, context)
        case "lifted": return explainLifted(spec, context)
        case "npair": return explainNPair(context, selected: weights.isSelected(i, j))
        case "histogram": return explainHistogram(spec, context)
        default:
            return PairExplanation(lines: [spec.kind.weightFormula, "W = \(Number.text(context.engine)) (engine)"], weight: nil)
        }
    }
}

/// The pair and its row, read once.
struct Context {
    var s: Matrix
    var labels: [Int]
    var i: Int, j: Int
    var engine: Double
    var n: Int { labels.count }
    var sij: Double { s[i, j] }
    var isPositive: Bool { labels[i] == labels[j] }
    func positives(of a: Int) -> [Int] { PairLabels(labels).positives(of: a) }
    func negatives(of a: Int) -> [Int] { PairLabels(labels).negatives(of: a) }
}

/// Number text for explanations: `NumberText.short`, scientific above 1e5.
enum Number {
    static func text(_ v: Double) -> String {
        guard v.isFinite, abs(v) >= 1e5 else { return NumberText.short(v) }
        var exponent = 0, mantissa = abs(v)
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        return (v < 0 ? "-" : "") + NumberText.fixed(mantissa, decimals: 2) + "e+\(exponent)"
    }
}

// MARK: - MS

/// The MS mining sets of anchor `a` (losses.md §3.1: thresholds from the unmined sets, strict).
private func msMined(_ c: Context, anchor a: Int, epsilon: Double, mining: Bool) -> (positives: [Int], negatives: [Int]) {
    let pos = c.positives(of: a), neg = c.negatives(of: a)
    guard mining else { return (pos, neg) }
    guard !pos.isEmpty, !neg.isEmpty else { return ([], []) }
    let minPositive = pos.map { c.s[a, $0] }.min() ?? 0, maxNegative = neg.map { c.s[a, $0] }.max() ?? 0
    return (pos.filter { c.s[a, $0] - epsilon < maxNegative }, neg.filter { c.s[a, $0] + epsilon > minPositive })
}

/// The MS mining test of the pair `(i, j)`, with its numbers: kept or dropped, and why.
private func miningLine(_ c: Context, epsilon: Double, kept: Bool) -> String {
    let i = c.i, sij = Number.text(c.sij)
    if c.positives(of: i).isEmpty || c.negatives(of: i).isEmpty {
        return "mining (P): the anchor has no \(c.positives(of: i).isEmpty ? "positive" : "negative"): it mines nothing"
    }
    if c.isPositive {
        let maxNegative = c.negatives(of: i).map { c.s[i, $0] }.max() ?? -1
        return "mining (P): S_ij - eps < max S_ik- ? \(sij) - \(formatNumber(epsilon)) = "
            + "\(Number.text(c.sij - epsilon)) \(kept ? "<" : ">=") \(Number.text(maxNegative)): \(kept ? "kept" : "dropped")"
    }
    let minPositive = c.positives(of: i).map { c.s[i, $0] }.min() ?? 1
    return "mining (P): S_ij + eps > min S_ik+ ? \(sij) + \(formatNumber(epsilon)) = "
        + "\(Number.text(c.sij + epsilon)) \(kept ? ">" : "<=") \(Number.text(minPositive)): \(kept ? "kept" : "dropped")"
}

private func explainMS(_ spec: LossSpec, _ c: Context) -> PairExplanation {
    let alpha = spec.number("alpha"), beta = spec.number("beta"), lambda = spec.number("lambda")
    let epsilon = spec.number("epsilon"), mining = spec.isOn("mining"), weighting = spec.isOn("weighting")
    let (i, j) = (c.i, c.j)
    var lines: [String] = []
    let mined = msMined(c, anchor: i, epsilon: epsilon, mining: mining)
    let kept = c.isPositive ? mined.positives.contains(j) : mined.negatives.contains(j)
    if mining {
        lines.append(miningLine(c, epsilon: epsilon, kept: kept))
    } else {
        lines.append("mining off: every pair of the anchor is kept")
    }
    guard kept else {
        lines.append("not mined: W = 0 (the loss never looks at its value)")
        return PairExplanation(lines: lines, weight: 0)
    }
    // c: 1/N (batch) or 1/#anchors with mined pairs (nonzero).
    let scale: Double, scaleText: String
    if spec.choice("reduction") == "nonzero" {
        let anchors = (0..<c.n).filter { a in
            let m = msMined(c, anchor: a, epsilon: epsilon, mining: mining)
            return !m.positives.isEmpty || !m.negatives.isEmpty
        }.count
        scale = anchors > 0 ? 1 / Double(anchors) : 0
        scaleText = "1/\(anchors) anchors with pairs"
    } else {
        scale = 1 / Double(c.n)
        scaleText = "1/N = 1/\(c.n)"
    }
    let set = c.isPositive ? mined.positives : mined.negatives
    let others = set.count - 1
    let kind = c.isPositive ? "positives" : "negatives"
    guard weighting else {
        let w = 1 / Double(set.count)
        let signed = (c.isPositive ? -1.0 : 1.0) * scale * w
        lines.append("weighting off: w = 1/|mined \(kind)| = 1/\(set.count) = \(Number.text(w)) (no S, no N)")
        lines.append("W = \(c.isPositive ? "-" : "+")c w, c = \(scaleText): W = \(Number.text(signed))")
        return PairExplanation(lines: lines, weight: signed)
    }
    // Terms z_k = beta (S_ik - lambda) for negatives, -alpha (S_ik - lambda) for positives.
    let scaleFactor = c.isPositive ? -alpha : beta
    let own = Elementary.exp(scaleFactor * (c.sij - lambda))
    var shared = 0.0
    for k in set where k != j { shared += Elementary.exp(scaleFactor * (c.s[i, k] - lambda)) }
    let w = own / (1 + own + shared)
    let signed = (c.isPositive ? -1.0 : 1.0) * scale * w
    let symbol = c.isPositive ? "-a" : "b", param = c.isPositive ? "alpha" : "beta"
    let setWord = mining ? "mined" : "kept"
    lines.append("weighting (S, N): w = e^{\(symbol)(S-l)} / (1 + sum_\(setWord) e^{\(symbol)(S_ik-l)})")
    lines.append("  = \(Number.text(own)) / (1 + \(Number.text(own)) + \(Number.text(shared))) = \(Number.text(w))"
                 + "   (\(param) \(formatNumber(abs(scaleFactor))), l = lambda \(formatNumber(lambda)))")
    lines.append("  S: its own term \(Number.text(own)) against the virtual pair's 1 at S = lambda")
    lines.append("  \(c.isPositive ? "relative" : "N"): shares the sum with \(others) other \(setWord) \(others == 1 ? String(kind.dropLast()) : kind) (their terms \(Number.text(shared)))")
    lines.append("W = \(c.isPositive ? "-" : "+")c w, c = \(scaleText): W = \(Number.text(signed))")
    return PairExplanation(lines: lines, weight: signed)
}

// MARK: - Contrastive, binomial, triplet, generalized lifted

private func explainContrastive(_ spec: LossSpec, _ c: Context) -> PairExplanation {
    let mPos = spec.number("pos-margin"), mNeg = spec.number("neg-margin")
    let active = c.isPositive ? c.sij < mPos : c.sij > mNeg
    let test = c.isPositive ? "S_ij \(Number.text(c.sij)) \(active ? "<" : ">=") m+ \(Number.text(mPos))"
        : "S_ij \(Number.text(c.sij)) \(active ? ">" : "<=") m- \(Number.text(mNeg))"
    var lines = ["hinge (S only): \(test): \(active ? "active" : "inactive, W = 0")"]
    guard active else { return PairExplanation(lines: lines, weight: 0) }
    let scale: Double, scaleText: String
    if spec.choice("reduction") == "nonzero" {
        var count = 0
        for a in 0..<c.n {
            for b in 0..<c.n where b != a && (c.labels[a] == c.labels[b]) == c.isPositive {
                if c.isPositive ? c.s[a, b] < mPos : c.s[a, b] > mNeg { count += 1 }
            }
        }
        scale = 1 / Double(count)
        scaleText = "1/\(count) active \(c.isPositive ? "positives" : "negatives")"
    } else {
        scale = 1 / Double(c.n)
        scaleText = "1/N = 1/\(c.n)"
    }
    let signed = (c.isPositive ? -1.0 : 1.0) * scale
    lines.append("W = \(c.isPositive ? "-" : "+")c, c = \(scaleText): W = \(Number.text(signed)); every active pair weighs the same")
    return PairExplanation(lines: lines, weight: signed)
}

private func explainBinomial(_ spec: LossSpec, _ c: Context) -> PairExplanation {
    let alpha = spec.number("alpha"), beta = spec.number("beta"), lambda = spec.number("lambda")
    let epsilon = spec.number("epsilon"), mining = spec.isOn("mining")
    var lines: [String] = []
    let mined = msMined(c, anchor: c.i, epsilon: epsilon, mining: mining)
    let set = c.isPositive ? mined.positives : mined.negatives
    if mining {
        lines.append(miningLine(c, epsilon: epsilon, kept: set.contains(c.j)))
        guard set.contains(c.j) else {
            lines.append("not mined: W = 0 (the loss never looks at its value)")
            return PairExplanation(lines: lines, weight: 0)
        }
    }
    let count = set.count
    let z = c.isPositive ? alpha * (lambda - c.sij) : beta * (c.sij - lambda)
    let sigma = Elementary.sigmoid(z)
    let k = c.isPositive ? alpha : beta
    let scale: Double, scaleText: String
    if spec.choice("reduction") == "nonzero" {
        // Every anchor with pairs has a softplus term > 0 (unless it underflows).
        let anchors = (0..<c.n).filter { a in
            let m = msMined(c, anchor: a, epsilon: epsilon, mining: mining)
            return !m.positives.isEmpty || !m.negatives.isEmpty
        }.count
        scale = anchors > 0 ? 1 / Double(anchors) : 0
        scaleText = "1/\(anchors) anchors" + (mining ? " with mined pairs" : "")
    } else {
        scale = 1 / Double(c.n)
        scaleText = "1/N = 1/\(c.n)"
    }
    let signed = (c.isPositive ? -1.0 : 1.0) * scale * k / Double(count) * sigma
    let name = c.isPositive ? "alpha" : "beta"
    let setName = (mining ? "|mined " : "|") + (c.isPositive ? "P_i|" : "N_i|")
    let inner = c.isPositive ? "sigma(alpha(l - S))" : "sigma(beta(S - l))"
    lines += [
        "S only: W = \(c.isPositive ? "-" : "+")c \(name)/\(setName) \(inner), l \(formatNumber(lambda))",
        "  c = \(scaleText); \(formatNumber(k))/\(count) = \(Number.text(k / Double(count))); sigma(\(Number.text(z))) = \(Number.text(sigma))",
        "W = \(c.isPositive ? "-" : "+")\(Number.text(scale)) x \(Number.text(k / Double(count))) x \(Number.text(sigma)) = \(Number.text(signed))",
    ]
    return PairExplanation(lines: lines, weight: signed)
}

/// The triplets `(p, n)` of anchor `a` that `triplets=` selects (TripletLoss's doc comment): all;
/// `hard`, the hardest positive and negative (first index on ties); `semihard`, `0 < S_ap − S_an ≤ m`.
private func selectedTriplets(_ c: Context, anchor a: Int, selection: String, margin: Double) -> [(p: Int, n: Int)] {
    let pos = c.positives(of: a), neg = c.negatives(of: a)
    switch selection {
    case "hard":
        guard var p = pos.first, var n = neg.first else { return [] }
        for k in pos where c.s[a, k] < c.s[a, p] { p = k }
        for k in neg where c.s[a, k] > c.s[a, n] { n = k }
        return [(p, n)]
    case "semihard":
        return pos.flatMap { p in neg.filter { n in c.s[a, p] - c.s[a, n] > 0 && c.s[a, p] - c.s[a, n] <= margin }.map { (p, $0) } }
    default:
        return pos.flatMap { p in neg.map { (p, $0) } }
    }
}

private func explainTriplet(_ spec: LossSpec, _ c: Context) -> PairExplanation {
    let margin = spec.number("margin"), selection = spec.choice("triplets")
    let isActive = { (a: Int, t: (p: Int, n: Int)) in c.s[a, t.n] - c.s[a, t.p] + margin > 0 }
    var total = 0, active = 0
    for a in 0..<c.n {
        let triplets = selectedTriplets(c, anchor: a, selection: selection, margin: margin)
        total += triplets.count
        active += triplets.filter { isActive(a, $0) }.count
    }
    // Selected, active triplets of row i that contain (i, j).
    let mine = selectedTriplets(c, anchor: c.i, selection: selection, margin: margin)
        .filter { (c.isPositive ? $0.p : $0.n) == c.j }
    let involved = mine.filter { isActive(c.i, $0) }.count
    let scale: Double, scaleText: String
    switch spec.choice("reduction") {
    case "all": scale = total > 0 ? 1 / Double(total) : 0; scaleText = "1/\(total) triplets"
    case "batch": scale = 1 / Double(c.n); scaleText = "1/N = 1/\(c.n)"
    default: scale = active > 0 ? 1 / Double(active) : 0; scaleText = "1/\(active) active triplets"
    }
    let signed = (c.isPositive ? -1.0 : 1.0) * scale * Double(involved)
    let rule = c.isPositive ? "negatives n with S_in > S_ij - m" : "positives p with S_ij > S_ip - m"
    var lines: [String] = []
    switch selection {
    case "hard": lines.append("hard: one triplet per anchor, its least similar positive and most similar negative")
    case "semihard": lines.append("semihard: triplets with 0 < S_ap - S_an <= m (m \(Number.text(margin)))")
    default: break
    }
    if selection != "all" && mine.isEmpty {
        lines.append("(\(c.i),\(c.j)) is in none of anchor \(c.i)'s selected triplets: W = 0")
        return PairExplanation(lines: lines, weight: 0)
    }
    lines.append("P: active \(selection == "all" ? "" : "selected ")triplets with this pair: \(involved) (\(rule), m \(Number.text(margin)))")
    lines.append("W = \(c.isPositive ? "-" : "+")c x \(involved), c = \(scaleText): W = \(Number.text(signed))")
    return PairExplanation(lines: lines, weight: signed)
}

/// Lifted structure (Song et al., PML's form): each ordered positive pair `(i, j)` has
/// `J_ij = log Z_ij + m⁺ − S_ij` with `Z_ij = Σ_{k∈N_i} e^{S_ik − m⁻} + Σ_{l∈N_j} e^{S_jl − m⁻}`;
/// `W_ij = −c [J_ij]_+`, and a negative `(i, k)` collects `c e^{S_ik − m⁻} (J_ij⁺ + J_ji⁺) / Z_ij`
/// from every positive `j` of its anchor (as the first row of `(i, j)` and the second of `(j, i)`).
private func explainLifted(_ spec: LossSpec, _ c: Context) -> PairExplanation {
    let mPos = spec.number("pos-margin"), mNeg = spec.number("neg-margin")
    let rowSum = { (a: Int) in c.negatives(of: a).reduce(0.0) { $0 + Elementary.exp(c.s[a, $1] - mNeg) } }
    let z = { (a: Int, b: Int) in rowSum(a) + rowSum(b) }
    let hinge = { (a: Int, b: Int) in max(0, Elementary.log(z(a, b)) + mPos - c.s[a, b]) }
    let pairCount = (0..<c.n).reduce(0) { $0 + c.positives(of: $1).count }
    let scale: Double, scaleText: String
    if spec.choice("reduction") == "pairs" {
        scale = pairCount > 0 ? 1 / Double(pairCount) : 0
        scaleText = "1/\(pairCount) ordered positive pairs"
    } else {
        scale = 1 / Double(c.n)
        scaleText = "1/N = 1/\(c.n)"
    }
    if c.isPositive {
        let zij = z(c.i, c.j), j = hinge(c.i, c.j)
        let signed = -scale * j
        return PairExplanation(lines: [
            "positive: J_ij = log Z + m+ - S_ij, Z = sum_{N_i, N_j} e^(S - m-)",
            "  = log \(Number.text(zij)) + \(formatNumber(mPos)) - \(Number.text(c.sij)) = "
                + Number.text(Elementary.log(zij) + mPos - c.sij) + (j > 0 ? "" : " <= 0: inactive"),
            "  N: the hardest negatives of both rows set Z; S_ij itself enters linearly",
            "W = -c J_ij+, c = \(scaleText): W = \(Number.text(signed))",
        ], weight: signed)
    }
    let own = Elementary.exp(c.sij - mNeg)
    let partners = c.positives(of: c.i)
    var sum = 0.0, active = 0
    for p in partners {
        let both = hinge(c.i, p) + hinge(p, c.i)
        if both > 0 { active += 1 }
        sum += both / z(c.i, p)
    }
    let signed = scale * own * sum
    return PairExplanation(lines: [
        "negative: W_ik = c e^(S_ik - m-) sum_{j in P_i} (J_ij+ + J_ji+) / Z_ij",
        "  e^(\(Number.text(c.sij)) - \(formatNumber(mNeg))) = \(Number.text(own)); \(active) of \(partners.count) positive pairs active; sum \(Number.text(sum))",
        "  N: its share of Z, relative to the other negatives of both rows",
        "W = c x \(Number.text(own)) x \(Number.text(sum)), c = \(scaleText): W = \(Number.text(signed))",
    ], weight: signed)
}

/// N-pair (PML's selection): each class with two samples or more gives one pair, its first sample
/// as anchor `a_r` and its second as positive `p_r`; the logits of `a_r` are `S(a_r, p_c)` over the
/// `M` chosen positives, and `W(a_r, p_c) = (softmax_c − [c = r]) / M`.
private func explainNPair(_ c: Context, selected: Bool) -> PairExplanation {
    var firstTwo: [Int: [Int]] = [:]
    for (index, label) in c.labels.enumerated() where (firstTwo[label]?.count ?? 0) < 2 { firstTwo[label, default: []].append(index) }
    let chosen = firstTwo.values.filter { $0.count == 2 }.map { (anchor: $0[0], positive: $0[1]) }.sorted { $0.anchor < $1.anchor }
    guard let row = chosen.firstIndex(where: { $0.anchor == c.i }), chosen.contains(where: { $0.positive == c.j }) else {
        return PairExplanation(lines: [
            "N-pair: each class's first two samples are (anchor, positive): \(chosen.count) pairs",
            "  (\(c.i),\(c.j)) is not (a chosen anchor, a chosen positive): W = 0" + (selected ? "" : ", never looked at"),
        ], weight: 0)
    }
    let m = Double(chosen.count)
    let logits = chosen.map { c.s[c.i, $0.positive] }
    let top = logits.max() ?? 0
    let total = logits.reduce(0.0) { $0 + Elementary.exp($1 - top) }
    let softmax = Elementary.exp(c.sij - top) / total
    let own = chosen[row].positive == c.j
    let signed = (softmax - (own ? 1 : 0)) / m
    return PairExplanation(lines: [
        "N-pair: anchor \(c.i)'s logits are its similarities to the \(chosen.count) chosen positives",
        "  softmax of S_ij = \(Number.text(c.sij)) among them: \(Number.text(softmax))"
            + (own ? " (its own positive: target 1)" : " (another class's positive: N, P)"),
        "W = \(own ? "(\(Number.text(softmax)) - 1)" : Number.text(softmax)) / M, M = \(chosen.count): W = \(Number.text(signed))",
    ], weight: signed)
}

/// Histogram loss (PML's form): unordered pairs `i < j`, each similarity split linearly between
/// the two nodes of its bin; a positive in bin `r` gets `−h⁻_r / (Δ|P|)`, a negative `+h⁺_{r+1} / (Δ|N|)`.
private func explainHistogram(_ spec: LossSpec, _ c: Context) -> PairExplanation {
    let bins = Int(spec.number("bins")), delta = 2 / Double(bins)
    guard c.i < c.j else {
        return PairExplanation(lines: ["histogram reads each unordered pair once, at (\(c.j),\(c.i)) in the upper triangle: W = 0 here"],
                               weight: 0)
    }
    let hasClassmate = { (a: Int) in !c.positives(of: a).isEmpty }
    func bin(_ v: Double) -> Int {
        let q = (v + 1) / delta
        return q.isNaN ? 0 : Int(min(max(q, 0), Double(bins - 1)))
    }
    var positive = [Double](repeating: 0, count: bins + 1), negative = positive
    var positives = 0, negatives = 0
    for a in 0..<c.n {
        for b in (a + 1)..<max(a + 1, c.n) where c.labels[a] == c.labels[b] || hasClassmate(a) || hasClassmate(b) {
            let v = c.s[a, b], r = bin(v)
            let upper = (v + 1 - Double(r) * delta) / delta, lower = (Double(r + 1) * delta - 1 - v) / delta
            if c.labels[a] == c.labels[b] {
                positive[r] += lower; positive[r + 1] += upper; positives += 1
            } else {
                negative[r] += lower; negative[r + 1] += upper; negatives += 1
            }
        }
    }
    guard c.isPositive || hasClassmate(c.i) || hasClassmate(c.j) else {
        return PairExplanation(lines: ["a negative pair of two classes with one sample each: never in a histogram, W = 0"], weight: 0)
    }
    guard positives > 0 && negatives > 0 else {
        return PairExplanation(lines: ["no \(positives == 0 ? "positive" : "negative") pairs: the loss is empty, W = 0"], weight: 0)
    }
    let r = bin(c.sij)
    let node = { (k: Int) in -1 + Double(k) * delta }
    var lines = ["histogram: S_ij = \(Number.text(c.sij)) in bin \(r) of \(bins), nodes \(Number.text(node(r))) .. \(Number.text(node(r + 1)))"]
    let signed: Double
    if c.isPositive {
        let mass = negative[r] / Double(negatives)
        signed = -mass / (delta * Double(positives))
        lines.append("  P's mirror: the negatives' share at node \(r): h-_r = \(Number.text(mass)) (of \(negatives) negative pairs)")
        lines.append("W = -h-_r / (delta |P|), |P| = \(positives): W = \(Number.text(signed))")
    } else {
        let mass = positive[r + 1] / Double(positives)
        signed = mass / (delta * Double(negatives))
        lines.append("  P: the positives' share at node \(r + 1): h+_(r+1) = \(Number.text(mass)) (of \(positives) positive pairs)")
        lines.append("W = +h+_(r+1) / (delta |N|), |N| = \(negatives): W = \(Number.text(signed))")
    }
    return PairExplanation(lines: lines, weight: signed)
}

private func explainGeneralizedLifted(_ spec: LossSpec, _ c: Context) -> PairExplanation {
    let mPos = spec.number("pos-margin"), mNeg = spec.number("neg-margin")
    func term(_ a: Int) -> Double {
        let pos = c.positives(of: a), neg = c.negatives(of: a)
        let p = pos.isEmpty ? 0 : Elementary.log(pos.reduce(0) { $0 + Elementary.exp(mPos - c.s[a, $1]) })
        let n = neg.isEmpty ? 0 : Elementary.log(neg.reduce(0) { $0 + Elementary.exp(c.s[a, $1] - mNeg) })
        return p + n
    }
    let ell = term(c.i)
    guard ell > 0 else {
        return PairExplanation(lines: ["hinge: l_i = \(Number.text(ell)) <= 0: the anchor is done, W = 0"], weight: 0)
    }
    let scale: Double, scaleText: String
    if spec.choice("reduction") == "nonzero" {
        let count = (0..<c.n).filter { term($0) > 0 }.count
        scale = 1 / Double(count)
        scaleText = "1/\(count) active anchors"
    } else {
        scale = 1 / Double(c.n)
        scaleText = "1/N = 1/\(c.n)"
    }
    let set = c.isPositive ? c.positives(of: c.i) : c.negatives(of: c.i)
    let denominator = set.reduce(0.0) { $0 + Elementary.exp(c.isPositive ? c.sij - c.s[c.i, $1] : c.s[c.i, $1] - c.sij) }
    let signed = (c.isPositive ? -1.0 : 1.0) * scale / denominator
    let exponent = c.isPositive ? "S_ij - S_ik" : "S_ik - S_ij"
    return PairExplanation(lines: [
        "N: a softmax over the anchor's \(c.isPositive ? "positives" : "negatives"); the margins cancel (hinge l_i = \(Number.text(ell)) > 0)",
        "W = \(c.isPositive ? "-" : "+")c / sum_k e^(\(exponent)), c = \(scaleText): \(Number.text(signed))",
    ], weight: signed)
}
