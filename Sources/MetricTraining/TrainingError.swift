/// Why training could not start or go on.
public enum TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The loss, the embeddings or the parameters stopped being finite at this step (1-based).
    case diverged(step: Int)
    /// The update at this step (1-based) moved the parameters by more than their own size
    /// (`ratio = ‖Δθ‖ / ‖θ‖ > 1`). With L2-normalised embeddings the loss cannot overflow, so
    /// this is how a far too large learning rate shows up; the step is not applied.
    case unstableUpdate(step: Int, ratio: Double)
    /// The batch shape cannot be drawn from the training split (the message names the numbers).
    case impossibleBatch(String)
    /// The split asks for classes or rows the data does not have, or leaves a side empty.
    case invalidSplit(String)
    /// A configuration value is out of range (a zero width, a negative learning rate).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .diverged(let step): return "training diverged at step \(step) (loss is NaN)"
        case .unstableUpdate(let step, let ratio):
            let shown = ratio < 10 ? String(Double(Int(ratio * 10)) / 10) : String(Int(ratio))
            return "training diverged at step \(step) (the update was \(shown)x the size of the weights; lower the learning rate)"
        case .impossibleBatch(let message), .invalidSplit(let message), .invalidConfiguration(let message):
            return message
        }
    }
}
