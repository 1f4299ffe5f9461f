/// A claim that a call of another library computes what gpw computes with `spec`: applied to the
/// raw embeddings and labels in float64, the same value, `∂L/∂S` and `∂L/∂x` (to 1e-6). Every claim
/// is replayed by the tests against fixtures the real library made (`scripts/reference/`).
public struct Reproduction: Sendable, Equatable {
    /// `pytorch-metric-learning`, or the authors' code whose semantics the fixtures re-implement.
    public var library: String
    /// The library's version (or commit).
    public var version: String
    /// The loss's constructor call, keyword arguments literal: `CircleLoss(m=0.4, gamma=80)`.
    public var call: String
    /// The miner's constructor call, when the loss is paired with one.
    public var miner: String?
    /// The gpw spec that reproduces it.
    public var spec: String
    /// Where the claim is narrower than "any raw embeddings", what it holds on (nil: no condition).
    public var condition: String?

    public init(library: String = Reproduction.pml, version: String = Reproduction.pmlVersion,
                call: String, miner: String? = nil, spec: String, condition: String? = nil) {
        self.library = library
        self.version = version
        self.call = call
        self.miner = miner
        self.spec = spec
        self.condition = condition
    }

    /// The library most claims are about.
    public static let pml = "pytorch-metric-learning"
    /// The version the fixtures were made with.
    public static let pmlVersion = "2.9.0"

    /// The call with its miner, as the fixtures name it: `Loss(...) + Miner(...)`.
    public var fixtureCall: String { miner.map { call + " + " + $0 } ?? call }
}
