import MetricTraining
import TUICore

/// Something that happened: a key, a tick of the clock, a new terminal size.
public enum Action: Sendable, Equatable {
    /// A key was pressed.
    case keyPressed(Key)
    /// The input timed out: running training advances, nothing else changes.
    case tick
    /// The terminal is now this size.
    case resized(Size)
    /// The run loop loaded the dataset a ``Effect/loadDataset(_:)`` asked for.
    case datasetLoaded(name: String, split: DataSplit)
    /// The dataset could not be loaded: why.
    case datasetFailed(name: String, message: String)
    /// The run loop wrote an export to this path (shown on the status line).
    case exported(path: String)
    /// An export could not be written: why (shown on the status line; nothing else changes).
    case exportFailed(String)
    /// A live recording could not be started or written: why (the recording is off).
    case recordingFailed(String)
}

/// Work the reducer asks the run loop to do outside the model.
public enum Effect: Sendable, Equatable {
    /// Leave the explorer.
    case quit
    /// Load the named dataset (I/O: the run loop does it) and answer with
    /// ``Action/datasetLoaded(name:split:)`` or ``Action/datasetFailed(name:message:)``.
    case loadDataset(String)
    /// Show block `n` of the demo playing (the player builds its state: ``AppState/caption``).
    case showBlock(Int)
    /// Write the current screen to a file in this format (the run loop reads the clock and
    /// answers with ``Action/exported(path:)`` or ``Action/exportFailed(_:)``).
    case export(ExportFormat)
    /// Start recording the live session to a `.cast` file (the run loop holds it; `F`).
    case startRecording
    /// Stop recording and save the file (answered with ``Action/exported(path:)`` or
    /// ``Action/recordingFailed(_:)``).
    case stopRecording
}
