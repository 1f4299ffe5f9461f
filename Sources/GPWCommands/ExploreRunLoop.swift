import DataIO
import ExplorerUI
import TUICore

/// The explorer's loop, the same for ncurses and for tests: draw, wait for a key (or a tick),
/// reduce. Running training advances `stepsPerTick` steps per tick, so keys act between ticks.
///
/// - Parameters:
///   - stopRequested: polled every iteration (a signal arrived).
///   - maxIterations: a safety bound for scripted runs; nil for none.
///   - exports: where `e` writes and how the reproduction line is made; nil ignores `e`.
func runExplorer<T: Terminal>(_ state: inout AppState, on terminal: inout T, maxIterations: Int? = nil,
                              exports: ExportContext? = nil, stopRequested: () -> Bool = { false }) throws {
    var iterations = 0
    while !state.isFinished, !stopRequested() {
        if let maxIterations, iterations >= maxIterations { break }
        iterations += 1
        let size = terminal.size
        if size != state.viewSize { _ = reduce(&state, .resized(size)) }
        try terminal.draw(render(state, size: size))
        let key = try terminal.nextKey(timeout: state.wantsTicks ? 10 : 100)
        let action: Action
        switch key {
        case nil: action = .tick
        case .resize?: action = .resized(terminal.size)
        case let key?: action = .keyPressed(key)
        }
        performEffects(reduce(&state, action), on: &state, exports: exports)
    }
}
