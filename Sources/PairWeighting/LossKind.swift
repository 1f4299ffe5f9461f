/// A loss's catalogue entry: what `gpw losses` lists and how to build it.
public struct LossKind: Sendable {
    /// The name used in specs: `ms`, `contrastive`.
    public let name: String
    /// A display title: `Multi-similarity`.
    public let title: String
    /// Who introduced it.
    public let citation: String
    /// The similarity types it uses to weight a negative pair (the MS paper's table):
    /// a subset of `S` (self), `N` (negative relative), `P` (positive relative).
    public let similarityTypes: [String]
    /// The loss in similarity form, one line.
    public let equation: String
    /// The per-pair weight `∂L/∂S_ij`, one or two lines.
    public let weightFormula: String
    /// Every parameter, in spec order.
    public let parameters: [LossParameter]
    /// True when the loss selects pairs before weighting (its `mined` matrix means something).
    public let mines: Bool
    /// Builds the loss from a complete spec.
    public let make: @Sendable (LossSpec) -> any PairLoss

    public init(name: String, title: String, citation: String, similarityTypes: [String], equation: String,
                weightFormula: String, parameters: [LossParameter], mines: Bool,
                make: @escaping @Sendable (LossSpec) -> any PairLoss) {
        self.name = name
        self.title = title
        self.citation = citation
        self.similarityTypes = similarityTypes
        self.equation = equation
        self.weightFormula = weightFormula
        self.parameters = parameters
        self.mines = mines
        self.make = make
    }

    /// The spec with every parameter at its default.
    public var defaultSpec: LossSpec { LossSpec(kind: self) }
}
