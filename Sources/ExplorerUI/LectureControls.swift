import MetricTraining
import TUICore

/// The lecture controls (issue 15): pace, run until a step, the same batch again, undo,
/// bookmarks, the comparison's length and live recording. Everything here is pure state; the
/// run loop reads ``tickMilliseconds(_:)`` to wait between ticks and performs the recording
/// effects.
public struct LectureState: Sendable {
    /// Steps a second while running; nil: as fast as possible (one step per tick, no wait).
    public internal(set) var pace: Int?
    /// Running stops at this step (`t`).
    public internal(set) var runTarget: Int?
    /// Running trains on the current batch again instead of drawing a new one each step (`R`).
    public internal(set) var repeatsBatch = false
    /// A two-key command waiting for its second part (`t`, `C`, `B`, `J`).
    public internal(set) var prompt: LecturePrompt?
    /// What `U` restores, newest last.
    public internal(set) var undo = UndoStack()
    /// States marked with `B` and a digit (`J` and the digit return to them).
    public internal(set) var bookmarks: [Int: AppState] = [:]
    /// A live recording is running (`F`); the run loop holds the file.
    public internal(set) var isRecording = false
    /// Steps of a `c` comparison (`--compare-steps`, or `C`).
    public internal(set) var compareSteps = ControlLadders.compareSteps
    /// The batch shape of a `c` comparison (`--compare-batch`, or `C`); nil: the explorer's own.
    public internal(set) var compareShape: BatchShape?

    public init() {}

    /// The pace ladder `,` and `.` step along: steps a second, nil as fast as possible.
    public static let paces: [Int?] = [1, 2, 5, 10, 30, nil]
}

/// Classes per batch x samples per class.
public struct BatchShape: Sendable, Equatable, CustomStringConvertible {
    public var classes: Int
    public var samples: Int
    public init(classes: Int, samples: Int) {
        self.classes = classes
        self.samples = samples
    }
    /// `8x8`.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let p = Int(parts[0]), let k = Int(parts[1]), p >= 1, k >= 1 else { return nil }
        self.init(classes: p, samples: k)
    }
    public var description: String { "\(classes)x\(samples)" }
}

/// The second part a lecture key waits for.
public struct LecturePrompt: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `t`: a step number, then enter.
        case runUntil
        /// `C`: a number of steps and optionally a batch shape (`500 8x8`), then enter.
        case compare
        /// `B`: one digit marks the state.
        case mark
        /// `J`: one digit returns to a marked state.
        case jump
    }
    public var kind: Kind
    public var text = ""

    /// The header line while typing.
    var line: String {
        switch kind {
        case .runUntil: return "run to step: \(text)_  (enter runs, esc cancels)"
        case .compare: return "compare: steps [PxK]: \(text)_  (e.g. 500 8x8; enter, esc)"
        case .mark: return "bookmark: press a digit 0-9 to mark this state (esc cancels)"
        case .jump: return "go to bookmark: press its digit (esc cancels)"
        }
    }
}

/// What a lecture key asks for.
public enum LectureCommand: Sendable, Equatable, Hashable {
    /// `,` / `.`: slower / faster running.
    case pace(Int)
    /// `R`: train on the same batch while running, or a new batch each step.
    case toggleRepeatBatch
    /// `U`: undo the last state-changing key.
    case undo
    /// `t`, `C`, `B`, `J`: open a prompt.
    case openPrompt(LecturePrompt.Kind)
    case promptType(Character)
    case promptErase
    case promptSubmit
    case promptCancel
    /// `F`: start or stop recording the live session to a `.cast` file.
    case toggleRecording
}

/// The lecture keys on the main screen (inserted in ``KeyMap/main`` before `?`).
enum LectureKeys {
    static let main: [KeyBinding] = [
        KeyBinding([.character(",")], .lecture(.pace(-1)), label: "slower", footer: .never,
                   help: "run slower: 30, 10, 5, 2, 1 steps a second"),
        KeyBinding([.character(".")], .lecture(.pace(1)), label: "faster", footer: .never,
                   help: "run faster, up to as fast as possible (max)"),
        KeyBinding([.character("t")], .lecture(.openPrompt(.runUntil)), label: "run to", footer: .never,
                   help: "run until step K: type K, then enter"),
        KeyBinding([.character("R")], .lecture(.toggleRepeatBatch), label: "same batch", footer: .never,
                   help: "running: train on the same batch, or a new one per step"),
        KeyBinding([.character("U")], .lecture(.undo), label: "undo", footer: .never,
                   help: "undo the last step, reset, batch, seed, data, shape, loss"),
        KeyBinding([.character("B")], .lecture(.openPrompt(.mark)), label: "mark", footer: .never,
                   help: "bookmark: B then a digit marks this state"),
        KeyBinding([.character("J")], .lecture(.openPrompt(.jump)), label: "jump", footer: .never,
                   help: "J then a digit: back to that bookmark (U undoes it)"),
        KeyBinding([.character("C")], .lecture(.openPrompt(.compare)), label: "compare", footer: .never,
                   help: "compare with a length and shape: C 500 8x8 enter"),
        KeyBinding([.character("F")], .lecture(.toggleRecording), label: "record", footer: .never,
                   help: "start / stop recording the session to a .cast file"),
    ]

    /// Keys while a lecture prompt waits.
    static func prompt(_ kind: LecturePrompt.Kind) -> [KeyBinding] {
        let digits = Array("0123456789")
        switch kind {
        case .mark, .jump:
            return digits.map { c in
                KeyBinding([.character(c)], .lecture(.promptType(c)), label: String(c), footer: .never,
                           help: "bookmark \(c)")
            } + [KeyBinding([.escape], .lecture(.promptCancel), label: "cancel", keyLabel: "esc", help: "cancel")]
        case .runUntil, .compare:
            let extra: [Character] = kind == .compare ? ["x", " ", ","] : []
            return (digits + extra).map { c in
                KeyBinding([.character(c)], .lecture(.promptType(c)), label: String(c), footer: .never, help: "type \(c)")
            } + [
                KeyBinding([.enter], .lecture(.promptSubmit), label: kind == .compare ? "compare" : "run",
                           keyLabel: "enter", help: "start"),
                KeyBinding([.backspace], .lecture(.promptErase), label: "erase", footer: .never, help: "erase a character"),
                KeyBinding([.escape], .lecture(.promptCancel), label: "cancel", keyLabel: "esc", help: "cancel"),
            ]
        }
    }
}

/// How long the run loop waits for a key before the next tick, in milliseconds: a pure function
/// of the state, so the pace never enters the key log (ticks stay the logged unit and replay
/// runs them back to back). 100 when nothing advances; 10 at full speed or for a comparison.
public func tickMilliseconds(_ state: AppState) -> Int {
    guard state.wantsTicks else { return 100 }
    guard state.isRunning, !state.isShowingHelp, !state.isShowingExportMenu, let pace = state.lecture.pace else { return 10 }
    return max(1, 1000 / pace)
}

/// The header's lecture field, on the second line (nil at the defaults, so the screen is as
/// before): `rec · 5/s · to step 20 · same batch`, then shorter forms, longest first.
func lectureField(_ state: AppState) -> [String]? {
    let lecture = state.lecture
    let rec = lecture.isRecording ? ["rec"] : []
    let pace = lecture.pace.map { ["\($0)/s"] } ?? []
    let target = state.isRunning ? lecture.runTarget.map { ["to step \($0)"] } ?? [] : []
    let same = lecture.repeatsBatch ? ["same batch"] : []
    let parts = rec + pace + target + same
    guard !parts.isEmpty else { return nil }
    let forms = [parts, rec + pace + target, rec + pace, rec].map { $0.joined(separator: " ") }
    var unique: [String] = []
    for form in forms where !form.isEmpty && !unique.contains(form) { unique.append(form) }
    return unique + [""]
}

extension AppState {
    /// Whether `command` changes what is trained (so `U` can undo it).
    func isUndoable(_ command: Command) -> Bool {
        // Exhaustive on purpose: a new command must say whether it changes what is trained.
        switch command {
        case .step, .newBatch, .resetModel, .stepSeed, .stepDataset, .stepClassesPerBatch, .stepSamplesPerClass,
             .stepLearningRate, .adjustParameter, .nextPreset, .previousPreset, .addLoss, .removeLoss:
            return true
        case .toggleRun:
            return !isRunning
        case .lecture(let lecture):
            switch lecture {
            case .promptSubmit: return self.lecture.prompt?.kind == .runUntil
            case .promptType: return self.lecture.prompt?.kind == .jump
            case .pace, .toggleRepeatBatch, .undo, .openPrompt, .promptErase, .promptCancel, .toggleRecording: return false
            }
        case .moveCursor, .focusNext, .focusPrevious, .nextPage, .previousPage, .toggleHelp, .closeHelp, .scrollHelp,
             .quit, .cycleView, .showView, .toggleSimilarity, .zoom, .toggleLogScale, .jumpHardest, .goToPair, .focus,
             .jumpColumn, .openPairPrompt, .promptType, .promptErase, .promptSubmit, .promptCancel, .toggleDelta,
             .nextBlock, .previousBlock, .scrollCaption, .cycleTheme, .scrollView, .selectParameter, .nextSecondLoss,
             .previousSecondLoss, .toggleCompare, .stopCompare, .toggleUnseenEmbedding, .export:
            return false
        }
    }
}

/// One training tick while running: `stepsPerTick` steps, each on a new batch unless `R` holds
/// the batch; stops at the `t` target (after one step at least).
func runningTick(_ state: inout AppState) {
    var steps = state.settings.stepsPerTick
    if let target = state.lecture.runTarget { steps = max(1, min(steps, target - state.session.step)) }
    guard state.trainFocused(steps: steps, batches: state.lecture.repeatsBatch ? .same : .newEachStep) else {
        state.isRunning = false
        state.lecture.runTarget = nil
        return
    }
    if let target = state.lecture.runTarget, state.session.step >= target {
        state.isRunning = false
        state.lecture.runTarget = nil
        state.message = "reached step \(state.session.step)"
    }
}

/// The lecture commands.
func performLecture(_ command: LectureCommand, on state: inout AppState) -> [Effect] {
    switch command {
    case .pace(let delta):
        let paces = LectureState.paces
        let here = paces.firstIndex(of: state.lecture.pace) ?? paces.count - 1
        let next = min(paces.count - 1, max(0, here + delta))
        state.lecture.pace = paces[next]
        state.message = "pace: " + (paces[next].map { "\($0) steps a second" } ?? "as fast as possible")
            + (next == here ? (delta > 0 ? " (the fastest)" : " (the slowest)") : "")
    case .toggleRepeatBatch:
        state.lecture.repeatsBatch.toggle()
        state.message = state.lecture.repeatsBatch ? "running trains on this batch again and again (R: new batches)"
                                                   : "running draws a new batch every step"
    case .undo:
        undo(&state)
    case .openPrompt(let kind):
        state.lecture.prompt = LecturePrompt(kind: kind)
        state.message = state.lecture.prompt?.line
    case .promptType(let c):
        guard var prompt = state.lecture.prompt else { break }
        switch prompt.kind {
        case .mark:
            state.lecture.prompt = nil
            mark(&state, Int(String(c)) ?? 0)
        case .jump:
            state.lecture.prompt = nil
            jump(&state, Int(String(c)) ?? 0)
        case .runUntil, .compare:
            if prompt.text.count < 16 { prompt.text.append(c) }
            state.lecture.prompt = prompt
            state.message = prompt.line
        }
    case .promptErase:
        guard var prompt = state.lecture.prompt else { break }
        if !prompt.text.isEmpty { prompt.text.removeLast() }
        state.lecture.prompt = prompt
        state.message = prompt.line
    case .promptCancel:
        state.lecture.prompt = nil
    case .promptSubmit:
        guard let prompt = state.lecture.prompt else { break }
        state.lecture.prompt = nil
        if prompt.kind == .runUntil { runUntil(&state, text: prompt.text) } else { compare(&state, text: prompt.text) }
    case .toggleRecording:
        state.lecture.isRecording.toggle()
        return [state.lecture.isRecording ? .startRecording : .stopRecording]
    }
    return []
}

private func runUntil(_ state: inout AppState, text: String) {
    guard let target = Int(text), target <= 1_000_000 else {
        state.message = "run to step: type a step number, then enter"
        return
    }
    guard target > state.session.step else {
        state.message = "already at step \(state.session.step) (r resets to 0)"
        return
    }
    state.lecture.runTarget = target
    state.isRunning = true
}

/// `C`: `N` or `N PxK` sets the comparison's length and shape, then starts it.
private func compare(_ state: inout AppState, text: String) {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "," })
    guard let first = words.first, let steps = Int(first), (1...100_000).contains(steps), words.count <= 2 else {
        state.message = "compare: type the steps and a batch shape (500 8x8), then enter"
        return
    }
    var shape: BatchShape?
    if words.count == 2 {
        guard let parsed = BatchShape(parsing: String(words[1])) else {
            state.message = "compare: \(words[1]) is not a batch shape PxK (e.g. 8x8)"
            return
        }
        shape = parsed
    }
    state.lecture.compareSteps = steps
    state.lecture.compareShape = shape
    startCompare(&state)
    if state.compare != nil, state.message == nil {
        let configuration = state.compare?.lanes.first?.session.configuration ?? state.session.configuration
        state.message = "compare: \(steps) steps on \(configuration.classesPerBatch)x\(configuration.samplesPerClass) batches"
    }
}

/// Starts a `c` comparison of the losses on screen with the lecture's length and batch shape.
func startCompare(_ state: inout AppState) {
    var session = state.session
    if let shape = state.lecture.compareShape,
       shape.classes != session.configuration.classesPerBatch || shape.samples != session.configuration.samplesPerClass {
        var configuration = session.configuration
        configuration.classesPerBatch = shape.classes
        configuration.samplesPerClass = shape.samples
        guard configuration.batchSize <= ControlLadders.maximumBatch else {
            state.message = "compare \(shape): over \(ControlLadders.maximumBatch) samples"
            return
        }
        do {
            session = try TrainingSession(split: session.split, configuration: configuration)
        } catch {
            state.message = "compare \(shape): \(error)"
            return
        }
    }
    state.compare = CompareRun(session: session, losses: state.losses, total: state.lecture.compareSteps,
                               evaluateEvery: ControlLadders.compareEvery)
    state.selectedView = .curves
    state.message = nil
}

/// Sets the comparison's length and shape (the `--compare-steps` and `--compare-batch` flags).
extension AppState {
    public mutating func setCompare(steps: Int, shape: BatchShape?) {
        lecture.compareSteps = max(1, steps)
        lecture.compareShape = shape
    }
}

private func mark(_ state: inout AppState, _ digit: Int) {
    state.lecture.bookmarks[digit] = state.checkpoint()
    state.message = "bookmark \(digit): step \(state.session.step) (J \(digit) returns here)"
}

private func jump(_ state: inout AppState, _ digit: Int) {
    guard let saved = state.lecture.bookmarks[digit] else {
        let marked = state.lecture.bookmarks.keys.sorted().map(String.init).joined(separator: " ")
        state.message = "no bookmark \(digit)" + (marked.isEmpty ? " (B then a digit marks one)" : " (marked: \(marked))")
        return
    }
    state.restore(saved, keepingView: false)
    state.message = "bookmark \(digit): step \(state.session.step) (U goes back)"
}

extension AppState {
    /// Clears what a recording's frames must not show: the export notice and the `rec` mark.
    public mutating func hideRecordingMarks() {
        exportNotice = nil
        isShowingExportMenu = false
        lecture.isRecording = false
    }
}
