/// The inspector's account of one pair under this loss, from the reference's numbers.
extension LiftedStructureReference {
    /// A positive: its hinge `J_ij`. A negative `(i, k)`: its share of `Z` in every positive pair
    /// of its anchor, as the first row of `(i, j)` and the second of `(j, i)`.
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let sij = similarity[i, j], isPositive = labels.labels[i] == labels.labels[j]
        let mPos = settings.positiveMargin, mNeg = settings.negativeMargin
        let scaleText = settings.reduction == .pairs ? "1/\(pairs.count) ordered positive pairs" : "1/N = 1/\(labels.count)"
        if isPositive {
            let pair = pair(i, j), hinge = max(0, pair.term)
            let signed = -scale * hinge
            return PairDerivation([
                "positive: J_ij = log Z + m+ - S_ij, Z = sum_{N_i, N_j} e^(S - m-)",
                "  = log \(value: pair.z) + \(formatNumber(mPos)) - \(value: sij) = \(value: pair.term)" + (hinge > 0 ? "" : " <= 0: inactive"),
                "  N: the hardest negatives of both rows set Z; S_ij itself enters linearly",
                "W = -c J_ij+, c = \(scaleText): W = \(value: signed)",
            ], weight: signed)
        }
        let own = Elementary.exp(sij - mNeg)
        let partners = labels.positives(of: i)
        var sum = 0.0, active = 0
        for p in partners {
            let both = max(0, pair(i, p).term) + max(0, pair(p, i).term)
            if both > 0 { active += 1 }
            sum += both / pair(i, p).z
        }
        let signed = scale * own * sum
        return PairDerivation([
            "negative: W_ik = c e^(S_ik - m-) sum_{j in P_i} (J_ij+ + J_ji+) / Z_ij",
            "  e^(\(value: sij) - \(formatNumber(mNeg))) = \(value: own); \(active) of \(partners.count) positive pairs active; sum \(value: sum)",
            "  N: its share of Z, relative to the other negatives of both rows",
            "W = c x \(value: own) x \(value: sum), c = \(scaleText): W = \(value: signed)",
        ], weight: signed)
    }
}
