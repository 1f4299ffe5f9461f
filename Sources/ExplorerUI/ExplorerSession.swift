import MetricTraining

/// The session type the explorer drives: MetricTraining's model, optimiser and batch stream.
public typealias ExplorerSession = TrainingSession
