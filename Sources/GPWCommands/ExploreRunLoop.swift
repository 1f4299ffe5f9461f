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
    let clock = ContinuousClock()
    var lastTick = clock.now
    defer { exports?.recorder.abandon() }
    while !state.isFinished, !stopRequested() {
        if let maxIterations, iterations >= maxIterations { break }
        iterations += 1
        let size = terminal.size
        if size != state.viewSize { _ = reduce(&state, .resized(size)) }
        try terminal.draw(render(state, size: size))
        exports?.recorder.capture(state)
        // The pace is the model's (a pure function of the state); the clock only holds it
        // against the time drawing and training took, so ticks stay the logged unit.
        let wait = tickMilliseconds(state)
        let spent = clock.now - lastTick
        let spentMilliseconds = Int(spent.components.seconds) * 1000 + Int(spent.components.attoseconds / 1_000_000_000_000_000)
        let timeout = state.wantsTicks ? max(0, wait - spentMilliseconds) : wait
        let key = try terminal.nextKey(timeout: timeout)
        let action: Action
        switch key {
        case nil:
            action = .tick
            lastTick = clock.now
        case .resize?: action = .resized(terminal.size)
        case let key?: action = .keyPressed(key)
        }
        performEffects(reduce(&state, action), on: &state, exports: exports)
    }
}
