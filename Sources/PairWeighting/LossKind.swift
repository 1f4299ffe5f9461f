/// A loss's catalogue entry: what `gpw losses` lists and how to build it. What depends on the
/// setting (similarity types, mining, landmarks) is the built loss's to say (``PairLoss``).
public struct LossKind: Sendable {
    /// The name used in specs: `ms`, `contrastive`.
    public let name: String
    /// A display title: `Multi-similarity`.
    public let title: String
    /// Who introduced it.
    public let citation: String
    /// The loss in similarity form, one line.
    public let equation: String
    /// The per-pair weight `∂L/∂S_ij`, one or two lines.
    public let weightFormula: String
    /// Every parameter, in spec order.
    public let parameters: [LossParameter]
    /// Calls of other libraries this loss reproduces, each with its spec (checked by the tests).
    public let reproduces: [Reproduction]
    /// Builds the loss from a complete spec.
    public let make: @Sendable (LossSpec) -> any PairLoss

    public init(name: String, title: String, citation: String, equation: String,
                weightFormula: String, parameters: [LossParameter], reproduces: [Reproduction],
                make: @escaping @Sendable (LossSpec) -> any PairLoss) {
        self.name = name
        self.title = title
        self.citation = citation
        self.equation = equation
        self.weightFormula = weightFormula
        self.parameters = parameters
        self.reproduces = reproduces
        self.make = make
    }

    /// The spec with every parameter at its default.
    public var defaultSpec: LossSpec { LossSpec(kind: self) }

    /// The loss with every parameter at its default (what `gpw losses` describes: its similarity
    /// types and whether it mines are the loss's own answers for that setting).
    public var defaultLoss: any PairLoss { make(defaultSpec) }
}
