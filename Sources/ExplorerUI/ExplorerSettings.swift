import TUICore
import PairWeighting

/// What the command line chose: data name, losses and glyphs. The batch shape and seed live in
/// the session's configuration.
public struct ExplorerSettings: Sendable, Equatable {
    /// The dataset's display name (`letters`, `synthetic:demo`).
    public var datasetName: String
    /// The loss specs, one panel each, in order. The first is focused (trained) at start.
    public var lossSpecs: [String]
    /// Draw with ASCII glyphs only.
    public var ascii: Bool
    /// Training steps per tick while running: bounded so keys stay responsive.
    public var stepsPerTick: Int
    /// The colour scheme (`--theme`, `T` cycles); exports follow it.
    public var theme: Theme = .dark
    /// Readable class names by label (`N` for letters' 13), where the data has them.
    public var classNames: [Int: String] = [:]

    public init(datasetName: String, lossSpecs: [String] = LossCatalog.defaultSpecNames,
                ascii: Bool = false, stepsPerTick: Int = 1) {
        self.datasetName = datasetName
        self.lossSpecs = lossSpecs
        self.ascii = ascii
        self.stepsPerTick = max(1, stepsPerTick)
    }
}
