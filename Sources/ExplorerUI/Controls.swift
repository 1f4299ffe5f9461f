import MetricTraining
import PairWeighting

/// The loss presets `p` and `a` pick from: the paper's losses, the MS ablations (MS without its
/// mining, without its weighting, and binomial's S-only weighting after MS's mining), the others.
public enum LossPresets {
    /// Spec texts, in cycle order.
    public static let all = ["contrastive", "triplet", "lifted", "binomial", "ms", "ms:mining=off",
                             "ms:weighting=off", "binomial:mining=on", "generalized-lifted", "npair", "histogram",
                             // The successors (issue 17), MS's direct descendant first.
                             "circle", "ntxent", "supcon", "margin", "tuplet-margin", "angular",
                             "fastap", "intra-pair-variance"]
}

/// The values the batch-shape, learning-rate and dataset keys cycle through.
public enum ControlLadders {
    public static let classesPerBatch = [2, 3, 4, 6, 8, 16]
    public static let samplesPerClass = [2, 3, 4, 5, 8]
    public static let learningRates = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1]
    public static let datasets = ["letters", "leaves", "digits", "digits-frozen", "synthetic"]
    /// Steps of a `c` comparison, and between its evaluations.
    public static let compareSteps = 200
    public static let compareEvery = 10
    /// Training steps between evaluations of the explorer's own model.
    public static let evaluateEvery = 10

    /// The largest batch the explorer trains on (its panels and inspector stay readable).
    public static let maximumBatch = 80

    /// The rungs of `ladder` in the order `delta` (+1 or -1) visits them from `current`: every
    /// other rung once, wrapping, so a refused rung never stops the cycle. A value off the ladder
    /// starts from where it would sit.
    static func candidates<T: Comparable>(from current: T, in ladder: [T], delta: Int) -> [T] {
        let upward = ladder.filter { $0 > current } + ladder.filter { $0 < current }
        let downward = ladder.filter { $0 < current }.reversed() + ladder.filter { $0 > current }.reversed()
        return delta >= 0 ? upward : Array(downward)
    }
}

extension AppState {
    /// Trains the focused loss `steps` steps on the batches `order` gives (MetricTraining's
    /// loop), records them in the history (unseen-class retrieval every
    /// ``ControlLadders/evaluateEvery`` steps), keeps the network before the last step for the
    /// delta view, then refreshes the weights once. False (and a message) when it cannot train.
    @discardableResult
    mutating func trainFocused(steps: Int, batches order: BatchOrder) -> Bool {
        guard let spec = focusedLoss?.spec else {
            // Running draws its batch before it finds there is nothing to train (as it always has).
            if order == .newEachStep {
                session.drawBatch()
                refreshWeights()
            }
            message = "cannot train \(focusedLoss?.text ?? "nothing"): \(focusedLoss?.problem ?? "no loss")"
            return false
        }
        var taken: [LoopStep] = []
        let error = session.train(spec.makeLoss(), steps: steps, batches: order,
                                  evaluating: EvaluationSchedule(every: ControlLadders.evaluateEvery)) { taken.append($0) }
        for step in taken {
            history.record(loss: step.report.loss)
            if let metrics = step.evaluation { history.record(step: step.report.step, metrics: metrics) }
        }
        if let last = taken.last { modelBeforeStep = last.modelBefore }
        refreshWeights()
        guard let error else { return true }
        message = "training stopped: \(error)"
        return false
    }

    /// A fresh history at the current step.
    mutating func resetHistory() {
        history = TrainingHistory()
        history.record(step: session.step, metrics: session.evaluate())
    }

    /// The focused loss's parameter that `+`/`-` change, if it has any.
    public var selectedParameter: (parameter: LossParameter, value: ParameterValue)? {
        guard let spec = focusedLoss?.spec, !spec.kind.parameters.isEmpty else { return nil }
        let index = min(parameterIndex, spec.kind.parameters.count - 1)
        return (spec.kind.parameters[index], spec.values[index])
    }
}

// The teaching commands: views, parameters, presets, batch shape, data, comparison. Each is
// one function, called from the reducer's one dispatch (``perform``).

/// `v` / `V` / `0`-`5`: the teaching view shown (nil: the panels alone).
func showView(_ view: TeachingView?, on state: inout AppState) {
    state.selectedView = view
    state.showsViewWhenRoom = view != nil
    state.viewOffset = 0
}

/// `[` / `]`: the focused loss's parameter that `+` / `-` change.
func selectParameter(by delta: Int, on state: inout AppState) {
    guard let count = state.focusedLoss?.spec?.kind.parameters.count, count > 0 else {
        state.message = "\(state.focusedLoss?.name ?? "this loss") has no parameter"
        return
    }
    state.parameterIndex = ((min(state.parameterIndex, count - 1) + delta) % count + count) % count
}

/// `p` / `O`: the focused panel shows the next (or previous) preset that no other panel shows
/// (a duplicate teaches nothing).
func stepPreset(by step: Int, on state: inout AppState) {
    guard state.losses.indices.contains(state.focus) else { return }
    let current = state.losses[state.focus].text, count = LossPresets.all.count
    let others = Set(state.losses.indices.filter { $0 != state.focus }.map { state.losses[$0].text })
    let here = LossPresets.all.firstIndex(of: current) ?? (step > 0 ? -1 : 0)
    let index = (1...count).map { ((here + step * $0) % count + count) % count }
        .first { !others.contains(LossPresets.all[$0]) } ?? ((here + step) % count + count) % count
    state.losses[state.focus] = LossEntry(LossPresets.all[index])
    state.settings.lossSpecs = state.losses.map(\.text)
    state.parameterIndex = 0
    state.refreshWeights()
    state.message = "panel \(state.focus + 1): \(LossPresets.all[index])"
}

/// `a`: a new panel with a preset not on screen.
func addLoss(_ state: inout AppState) {
    let onScreen = Set(state.losses.map(\.text))
    guard let text = LossPresets.all.first(where: { !onScreen.contains($0) }) else {
        state.message = "every preset is on screen already (x removes the focused panel)"
        return
    }
    state.losses.append(LossEntry(text))
    state.settings.lossSpecs = state.losses.map(\.text)
    state.focus = state.losses.count - 1
    state.parameterIndex = 0
    state.refreshWeights()
    state.firstLoss = state.focus
    state.message = "added \(text)"
}

/// `x`: the focused panel goes (the last one stays).
func removeLoss(_ state: inout AppState) {
    guard state.losses.count > 1 else {
        state.message = "the last loss stays (add another first: a)"
        return
    }
    let removed = state.losses.remove(at: state.focus)
    state.settings.lossSpecs = state.losses.map(\.text)
    state.focus = min(state.focus, state.losses.count - 1)
    state.secondLoss = nil
    state.parameterIndex = 0
    state.refreshWeights()
    state.firstLoss = state.focus
    state.message = "removed \(removed.text)"
}

/// `w` / `W`: the second loss of the weight-versus-similarity view, skipping the focused one.
func stepSecondLoss(by delta: Int, on state: inout AppState) {
    guard state.losses.count > 1 else { return }
    let n = state.losses.count, step = delta > 0 ? 1 : n - 1
    var next = ((state.shownSecondLoss ?? state.focus) + step) % n
    if next == state.focus { next = (next + step) % n }
    state.secondLoss = next
    state.message = "second plot: \(state.losses[next].name)"
}

/// `s` / `S`: the next / previous seed (a new model).
func stepSeed(by delta: Int, on state: inout AppState) {
    var configuration = state.session.configuration
    configuration.seed = delta >= 0 ? configuration.seed &+ 1 : configuration.seed &- 1
    rebuild(&state, configuration: configuration, split: state.session.split, what: "seed \(configuration.seed)")
}

/// `L` / `;`: the next / previous learning rate on the ladder; training goes on.
func stepLearningRate(by delta: Int, on state: inout AppState) {
    let current = state.session.configuration.learningRate
    let lr = ControlLadders.candidates(from: current, in: ControlLadders.learningRates, delta: delta).first ?? current
    state.session.setLearningRate(lr)   // the weights on screen do not change
    state.message = "learning rate \(formatNumber(lr)); training goes on from here"
}

/// `d` / `D`: load the next / previous dataset (the run loop loads it: ``Effect/loadDataset(_:)``).
func stepDataset(by delta: Int, on state: inout AppState) -> [Effect] {
    let datasets = ControlLadders.datasets
    let here = datasets.firstIndex(of: state.settings.datasetName) ?? (delta >= 0 ? -1 : 0)
    let name = datasets[((here + delta) % datasets.count + datasets.count) % datasets.count]
    guard name != state.settings.datasetName else { return [] }
    state.datasetSearch = DatasetSearch(start: state.settings.datasetName, delta: delta, skipped: [])
    state.message = "loading \(name)"
    return [.loadDataset(name)]
}

/// `c`: start a comparison, or stop the one running.
func toggleCompare(_ state: inout AppState) {
    if let run = state.compare, !run.isFinished {
        state.compare?.cancel()
        state.message = state.compare?.status
    } else {
        startCompare(&state)
    }
}

/// `esc`: stop the comparison running.
func stopCompare(_ state: inout AppState) {
    guard let run = state.compare, !run.isFinished else { return }
    state.compare?.cancel()
    state.message = state.compare?.status
}

/// One tick of a running comparison.
func advanceCompare(_ state: inout AppState) {
    guard var run = state.compare, !run.isFinished else { return }
    run.advance()
    state.compare = run
    if run.isFinished { state.message = run.status }
}

/// `+`/`-` on the chosen parameter: numbers move by the domain's step within its range, choices cycle.
func adjustParameter(by delta: Int, on state: inout AppState) {
    guard state.losses.indices.contains(state.focus), var spec = state.losses[state.focus].spec,
          let (parameter, value) = state.selectedParameter else {
        state.message = "\(state.focusedLoss?.name ?? "this loss") has no parameter to change"
        return
    }
    let newValue: ParameterValue
    switch (parameter.domain, value) {
    case (.number(let range, let step, let integer), .number(let v)):
        var x = v + Double(delta) * step
        x = (x / step).rounded() * step               // stay on the step grid
        x = (x * 1e9).rounded() / 1e9                 // 0.55, not 0.55000000000000004
        if integer { x = x.rounded() }
        x = min(range.upperBound, max(range.lowerBound, x))
        newValue = .number(x)
    case (.choice(let options), .choice(let c)):
        let i = options.firstIndex(of: c) ?? 0
        newValue = .choice(options[((i + delta) % options.count + options.count) % options.count])
    default:
        return
    }
    guard newValue != value else {
        // At a bound: say so, instead of `lambda 1 -> 1`.
        if case .number(let range, _, _) = parameter.domain, case .number(let v) = value {
            state.message = "\(parameter.name) is at its \(v >= range.upperBound ? "maximum" : "minimum") \(value)"
        }
        return
    }
    do {
        try spec.set(parameter.name, to: newValue)
    } catch {
        state.message = "\(error)"
        return
    }
    state.losses[state.focus] = LossEntry(spec.compactDescription)
    state.settings.lossSpecs = state.losses.map(\.text)
    state.refreshWeights()
    state.message = "\(spec.kind.name) \(parameter.name) \(value) -> \(newValue)"
}

/// `P` / `K` and their previous-value keys: the next batch shape on the ladder that this data can
/// fill (at most ``ControlLadders/maximumBatch`` samples). Shapes that do not fit are skipped and
/// named once in the message; when none fits, nothing changes (and nothing resets).
func stepBatchShape(classes: Bool, delta: Int, on state: inout AppState) {
    let current = state.session.configuration
    let values = classes
        ? ControlLadders.candidates(from: current.classesPerBatch, in: ControlLadders.classesPerBatch, delta: delta)
        : ControlLadders.candidates(from: current.samplesPerClass, in: ControlLadders.samplesPerClass, delta: delta)
    var skipped: [String] = []
    for value in values {
        var configuration = current
        if classes { configuration.classesPerBatch = value } else { configuration.samplesPerClass = value }
        let shape = "\(configuration.classesPerBatch)x\(configuration.samplesPerClass)"
        guard configuration.batchSize <= ControlLadders.maximumBatch else {
            skipped.append("\(shape): over \(ControlLadders.maximumBatch) samples")
            continue
        }
        do {
            let session = try TrainingSession(split: state.session.split, configuration: configuration)
            install(session, on: &state)
            state.message = "batch \(shape): model reset" + skippedNote(skipped)
            return
        } catch {
            skipped.append("\(shape): \(error)")
        }
    }
    let shape = "\(current.classesPerBatch)x\(current.samplesPerClass)"
    state.message = "batch stays \(shape): no other \(classes ? "P" : "K") fits" + skippedNote(skipped)
}

/// `(skipped 16x4: needs 16 classes, ...)`: the first refusal, and how many more.
private func skippedNote(_ skipped: [String]) -> String {
    guard let first = skipped.first else { return "" }
    return " (skipped " + first + (skipped.count > 1 ? "; and \(skipped.count - 1) more" : "") + ")"
}

/// Puts a new session in place (a new seed, shape or dataset): training stops, the history restarts.
private func install(_ session: TrainingSession, on state: inout AppState) {
    state.isRunning = false
    state.compare = nil
    state.replaceSession(session)
}

/// A new session for a changed seed, batch shape or dataset; on failure nothing changes.
@discardableResult
private func rebuild(_ state: inout AppState, configuration: TrainingConfiguration, split: DataSplit, what: String) -> Bool {
    do {
        install(try TrainingSession(split: split, configuration: configuration), on: &state)
        state.message = "\(what): model reset"
        return true
    } catch {
        state.message = "\(what): \(error)"
        return false
    }
}

/// Where a `d` / `D` search for a dataset that fits the batch shape started, and what it skipped.
struct DatasetSearch: Sendable, Equatable {
    var start: String
    var delta: Int
    var skipped: [String]
}

/// Installs a loaded dataset with the current batch shape and seed. When it cannot hold the batch
/// shape, the search goes on to the next dataset (skipping this one, once, with the reason); back
/// at the start, nothing has changed.
func datasetLoaded(name: String, split: DataSplit, into state: inout AppState) -> [Effect] {
    let search = state.datasetSearch
    state.datasetSearch = nil
    do {
        var configuration = state.session.configuration
        if configuration.startsAtIdentity {
            // From a user's embeddings to bundled features: the MLP they are meant for.
            let standard = TrainingConfiguration()
            (configuration.hidden, configuration.embedding, configuration.startsAtIdentity) = (standard.hidden, standard.embedding, false)
        }
        install(try TrainingSession(split: split, configuration: configuration), on: &state)
        state.settings.datasetName = name
        state.settings.classNames = split.train.classNames.merging(split.test.classNames) { a, _ in a }
        state.message = "\(name): model reset" + skippedNote(search?.skipped ?? [])
        return []
    } catch {
        guard var search else {
            state.message = "\(name): \(error)"
            return []
        }
        search.skipped.append("\(name): \(error)")
        let datasets = ControlLadders.datasets
        let here = datasets.firstIndex(of: name) ?? 0
        let next = datasets[((here + search.delta) % datasets.count + datasets.count) % datasets.count]
        let shape = "\(state.session.configuration.classesPerBatch)x\(state.session.configuration.samplesPerClass)"
        guard next != search.start else {
            state.message = "\(search.start) stays: no other dataset fits batch \(shape)" + skippedNote(search.skipped)
            return []
        }
        state.datasetSearch = search
        return [.loadDataset(next)]
    }
}
