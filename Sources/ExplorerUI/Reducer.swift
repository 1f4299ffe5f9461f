import PairWeighting
import TUICore

/// Applies one action to the state and returns the effects the run loop must perform.
///
/// Pure: no clock, no I/O, no system RNG; the same state and actions always give the same state.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    let logged = loggedAction(action, in: state)
    let effects = apply(action, to: &state)
    if let logged { state.keyLog.appendRun(logged) }
    return effects
}

private func apply(_ action: Action, to state: inout AppState) -> [Effect] {
    switch action {
    case .exported(let path):
        state.exportNotice = "saved " + path
        return []
    case .exportFailed(let reason):
        state.exportNotice = "export failed: " + reason
        return []
    case .resized(let size):
        state.viewSize = size
        state.firstPanel = Layout.clampedFirstPanel(state.firstPanel, state: state, size: size)
        return []
    case .tick:
        guard !state.isShowingHelp, !state.isShowingExportMenu else { return [] }
        advanceCompare(&state)
        guard state.isRunning else { return [] }
        for _ in 0..<state.settings.stepsPerTick {
            state.updateSession { $0.drawBatch() }
            guard trainFocused(&state) else {
                state.isRunning = false
                break
            }
        }
        return []
    case .datasetLoaded(let name, let split):
        datasetLoaded(name: name, split: split, into: &state)
        return []
    case .datasetFailed(let name, let message):
        state.message = "cannot load \(name): \(message)"
        return []
    case .keyPressed(let key):
        if key == .resize { return [] }
        let table = activeKeyTable(state, size: state.viewSize)
        guard let command = KeyMap.command(for: key, in: table) else { return [] }
        return perform(command, on: &state)
    }
}

/// The key table in force: help, too small, or main.
public func activeKeyTable(_ state: AppState, size: Size) -> [KeyBinding] {
    if !Layout.fits(state, size: size) { return KeyMap.tooSmall }
    if state.isShowingExportMenu { return KeyMap.exportMenu }
    return state.isShowingHelp ? KeyMap.help : KeyMap.main
}

private func perform(_ command: Command, on state: inout AppState) -> [Effect] {
    state.exportNotice = nil
    // Export keys keep the message: the export shows the screen as it was when the key was pressed.
    switch command {
    case .export:
        return [.export(state.exportFormat)]
    case .openExportMenu:
        state.isShowingExportMenu = true
        return []
    case .closeExportMenu:
        state.isShowingExportMenu = false
        return []
    case .exportAs(let format):
        state.isShowingExportMenu = false
        return [.export(format)]
    default:
        break
    }
    state.message = nil
    switch command {
    case .export, .openExportMenu, .closeExportMenu, .exportAs:
        break
    case .quit:
        state.isFinished = true
        state.isRunning = false
        return [.quit]
    case .toggleHelp:
        state.isShowingHelp.toggle()
        state.helpOffset = 0
    case .closeHelp:
        state.isShowingHelp = false
    case .scrollHelp(let delta):
        state.helpOffset = max(0, state.helpOffset + delta * 5)
    case .step:
        _ = trainFocused(&state)
    case .toggleRun:
        state.isRunning.toggle()
    case .newBatch:
        state.updateSession { $0.drawBatch() }
        state.message = "new batch"
    case .resetModel:
        state.isRunning = false
        state.updateSession { $0.resetModel() }
        state.resetHistory()
        state.message = "model reset (seed \(state.session.configuration.seed))"
    case .moveCursor(let rows, let columns):
        let n = state.batchCount
        guard n > 0 else { break }
        state.cursor.row = min(n - 1, max(0, state.cursor.row + rows))
        state.cursor.column = min(n - 1, max(0, state.cursor.column + columns))
    case .focusNext, .focusPrevious:
        guard !state.losses.isEmpty else { break }
        let delta = command == .focusNext ? 1 : state.losses.count - 1
        state.focus = (state.focus + delta) % state.losses.count
        state.parameterIndex = 0
        state.firstPanel = Layout.firstPanelShowing(panel: state.focus + 1, state: state, size: state.viewSize)
    case .nextPage, .previousPage:
        let perPage = Layout.panelsPerPage(state, size: state.viewSize)
        let total = Layout.panelCount(state)
        let target = state.firstPanel + (command == .nextPage ? perPage : -perPage)
        state.firstPanel = min(max(0, target), max(0, total - 1))
        state.firstPanel = Layout.clampedFirstPanel(state.firstPanel, state: state, size: state.viewSize)
    default:
        return performTeaching(command, on: &state)
    }
    return []
}

/// One step with the focused loss; false (and a message) when it cannot train.
func trainFocused(_ state: inout AppState) -> Bool {
    guard let entry = state.focusedLoss, let spec = entry.spec else {
        state.message = "cannot train \(state.focusedLoss?.text ?? "nothing"): \(state.focusedLoss?.problem ?? "no loss")"
        return false
    }
    do {
        let report = try state.updateSession { session in try session.trainStep(loss: spec.makeLoss()) }
        state.recordStep(loss: report.loss)
        return true
    } catch {
        state.message = "training stopped: \(error)"
        return false
    }
}
