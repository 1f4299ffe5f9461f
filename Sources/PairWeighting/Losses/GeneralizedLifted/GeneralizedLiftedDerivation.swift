/// The inspector's account of one pair under this loss, from the reference's numbers.
extension GeneralizedLiftedReference {
    /// The anchor's hinge, then the pair's softmax share within its part: relative (N).
    public func derivation(anchor i: Int, other j: Int) -> PairDerivation {
        let sij = similarity[i, j], isPositive = labels.labels[i] == labels.labels[j]
        let ell = terms[i]
        guard ell > 0 else {
            return PairDerivation(["hinge: l_i = \(value: ell) <= 0: the anchor is done, W = 0"], weight: 0)
        }
        let scaleText = settings.reduction == .nonzero
            ? "1/\(terms.filter { $0 > 0 }.count) active anchors" : "1/N = 1/\(labels.count)"
        let set = isPositive ? labels.positives(of: i) : labels.negatives(of: i)
        let denominator = set.reduce(0.0) { $0 + Elementary.exp(isPositive ? sij - similarity[i, $1] : similarity[i, $1] - sij) }
        let signed = (isPositive ? -1.0 : 1.0) * scale / denominator
        let exponent = isPositive ? "S_ij - S_ik" : "S_ik - S_ij"
        return PairDerivation([
            "N: a softmax over the anchor's \(isPositive ? "positives" : "negatives"); the margins cancel (hinge l_i = \(value: ell) > 0)",
            "W = \(isPositive ? "-" : "+")c / sum_k e^(\(exponent)), c = \(scaleText): \(value: signed)",
        ], weight: signed)
    }
}
