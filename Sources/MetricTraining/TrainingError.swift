/// Why training could not start or go on.
public enum TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The loss, the embeddings or the parameters stopped being finite at this step (1-based).
    case diverged(step: Int)
    /// The batch shape cannot be drawn from the training split (the message names the numbers).
    case impossibleBatch(String)
    /// The split asks for classes or rows the data does not have, or leaves a side empty.
    case invalidSplit(String)
    /// A configuration value is out of range (a zero width, a negative learning rate).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .diverged(let step): return "training diverged at step \(step) (loss is NaN)"
        case .impossibleBatch(let message), .invalidSplit(let message), .invalidConfiguration(let message):
            return message
        }
    }
}
