import DataIO
import ExplorerUI
import TUICore

/// Performs the reducer's effects outside the model and feeds the answers back through the
/// reducer (an answer may ask for more). The run loop and `gpw snapshot` share it, so a key
/// script replays exactly as it ran.
///
/// - Parameter exports: where `e` writes; nil ignores exports (headless replay).
func performEffects(_ effects: [Effect], on state: inout AppState, exports: ExportContext?) {
    var pending = effects
    while !pending.isEmpty {
        switch pending.removeFirst() {
        case .quit:
            break  // the state is finished; the loop ends
        case .loadDataset(let name):
            let answer: Action
            do {
                answer = .datasetLoaded(name: name, split: try DatasetSelection.split(name))
            } catch {
                answer = .datasetFailed(name: name, message: error.description)
            }
            pending += reduce(&state, answer)
        case .export(let format):
            guard let exports else { continue }
            pending += reduce(&state, ExportContext.perform(exports, state: state, format: format))
        case .showBlock(let index):
            guard let player = exports?.player else { continue }
            do {
                state = try player.state(block: index, size: state.viewSize)
            } catch {
                pending += reduce(&state, .datasetFailed(name: "block \(index + 1)", message: "\(error)"))
            }
        case .startRecording:
            guard let exports else {
                pending += reduce(&state, .recordingFailed("no terminal here: nothing to record"))
                continue
            }
            pending += ExportContext.startRecording(exports, state: &state)
        case .stopRecording:
            guard let exports else { continue }
            pending += reduce(&state, ExportContext.stopRecording(exports, state: state))
        }
    }
}

/// Replays `actions` from `state` as the explorer would, without a terminal: every action
/// through the reducer, every effect performed (datasets load) except exports; stops at `q`.
/// `afterEach` sees every action replayed and the state it left (a recording's frames).
func replayHeadless(_ actions: [Action], on state: inout AppState, afterEach: ((Action, AppState) -> Void)? = nil) {
    for action in actions where action != .keyPressed(.resize) {
        if state.isFinished { break }
        performEffects(reduce(&state, action), on: &state, exports: nil)
        afterEach?(action, state)
    }
}
