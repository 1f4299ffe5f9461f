/// Every loss gpw knows, in the order `gpw losses` and the explorer list them.
public enum LossCatalog {
    /// All losses.
    public static let all: [LossKind] = [
        ContrastiveLoss.kind,
        TripletLoss.kind,
        LiftedStructureLoss.kind,
        GeneralizedLiftedLoss.kind,
        BinomialDevianceLoss.kind,
        MultiSimilarityLoss.kind,
        NPairLoss.kind,
        HistogramLoss.kind,
        CircleLoss.kind,
        NTXentLoss.kind,
        SupConLoss.kind,
        TupletMarginLoss.kind,
        MarginLoss.kind,
        AngularLoss.kind,
        FastAPLoss.kind,
        IntraPairVarianceLoss.kind,
    ]

    /// Their spec names.
    public static var names: [String] { all.map(\.name) }

    /// The entry named `name`, if any.
    public static func kind(named name: String) -> LossKind? { all.first { $0.name == name } }

    /// The explorer's default panel set: the paper's losses.
    public static let defaultSpecNames = ["contrastive", "triplet", "lifted", "binomial", "ms"]
}
