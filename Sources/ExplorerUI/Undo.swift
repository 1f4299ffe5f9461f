import MetricTraining

/// What `U` goes back to: whole states (values, so a level shares every buffer it did not
/// change with its neighbours), newest last, bounded by a count and by an estimate of the bytes
/// each level holds on its own.
public struct UndoStack: Sendable {
    /// The most levels kept.
    public static let maximumLevels = 100
    /// The most bytes the levels may hold by ``AppState/undoLevelBytes`` (the oldest go first).
    /// Estimates: 125 KB a level on letters 4x4, 650 KB on digits 10x8, about 1.9 MB at 80
    /// samples with a comparison running; so at least 50 levels always fit and the count, not
    /// the bytes, is the usual bound. Measured (RSS, release build, 100 levels against one):
    /// 22 KB a level on letters 4x4, 117 KB on leaves 4x4.
    public static let maximumBytes = 128 << 20

    struct Level: Sendable {
        var state: AppState
        var bytes: Int
        /// The key that changed the state (for the message).
        var what: String
        /// `U` keeps the cursor and views as they are now (false: a bookmark jump, which
        /// changed them, brings them back too).
        var keepsView = true
    }

    var levels: [Level] = []
    /// The sum of the levels' byte estimates.
    public private(set) var bytes = 0

    public var count: Int { levels.count }

    mutating func push(_ state: AppState, what: String, keepsView: Bool = true) {
        let size = state.undoLevelBytes
        levels.append(Level(state: state, bytes: size, what: what, keepsView: keepsView))
        bytes += size
        while levels.count > Self.maximumLevels || (bytes > Self.maximumBytes && levels.count > 1) {
            bytes -= levels.removeFirst().bytes
        }
    }

    mutating func pop() -> Level? {
        guard let level = levels.popLast() else { return nil }
        bytes -= level.bytes
        return level
    }
}

/// What decides whether a key changed the trained state (a level is pushed only then).
struct UndoFingerprint: Equatable {
    var step: Int
    var batch: [Int]
    var configuration: TrainingConfiguration
    var losses: [String]
    var dataset: String
    var isRunning: Bool
    var lossCount: Int
    var searching: Bool

    init(_ state: AppState) {
        step = state.session.step
        batch = state.session.batch.indices
        configuration = state.session.configuration
        losses = state.losses.map(\.text)
        dataset = state.settings.datasetName
        isRunning = state.isRunning
        lossCount = state.history.losses.count
        searching = state.datasetSearch != nil
    }
}

extension AppState {
    /// This state without what a saved level must not hold (the key log, the undo levels and
    /// the bookmarks, which belong to the session, not to a moment of it).
    func checkpoint() -> AppState {
        var saved = self
        saved.keyLog = []
        saved.lecture.undo = UndoStack()
        saved.lecture.bookmarks = [:]
        saved.lecture.prompt = nil
        return saved
    }

    /// Puts `saved` back: the model, batch, data, losses, history and comparison. The key log,
    /// the undo levels, the bookmarks, the pace and the recording stay; training stops. With
    /// `keepingView` (undo) the cursor, views, zoom, scale and theme stay as they are now, so
    /// `U` changes only what the key changed; without it (a bookmark) they come back too.
    mutating func restore(_ saved: AppState, keepingView: Bool) {
        var next = saved
        next.keyLog = keyLog
        next.lecture = lecture
        next.lecture.prompt = nil
        next.lecture.runTarget = nil
        next.viewSize = viewSize
        next.exportFormat = exportFormat
        next.exportNotice = nil
        next.isRunning = false
        next.isShowingHelp = false
        next.isShowingExportMenu = false
        next.pairPrompt = nil
        next.isFinished = isFinished
        next.settings.ascii = settings.ascii
        if keepingView {
            next.settings.theme = settings.theme
            next.cursor = cursor
            // Undoing a loss change brings back the page and second plot it changed.
            if next.losses.map(\.text) == losses.map(\.text) {
                next.firstLoss = firstLoss
                next.secondLoss = secondLoss
            }
            next.showsSimilarity = showsSimilarity
            next.zoom = zoom
            next.isLogScale = isLogScale
            next.showsViewWhenRoom = showsViewWhenRoom
            next.viewOffset = viewOffset
            next.selectedView = selectedView
            next.embeddingShowsUnseen = embeddingShowsUnseen
            next.helpOffset = helpOffset
            if next.deltaBase != deltaBase {
                next.deltaBase = deltaBase
                next.refreshWeights()
            }
            let n = next.batchCount
            next.cursor.row = min(max(0, next.cursor.row), max(0, n - 1))
            next.cursor.column = min(max(0, next.cursor.column), max(0, n - 1))
        }
        self = next
    }

    /// An estimate of the bytes one undo level holds on its own (an upper bound: buffers a
    /// level shares with its neighbours are counted in each). The model, the optimiser's two
    /// moment buffers and the three proposal buffers a step swaps, the batch, the cached
    /// similarity, embeddings and weights, the curves and a live comparison's models. The data
    /// set's features are shared by every level of the same dataset and are not counted.
    public var undoLevelBytes: Int {
        let parameters = session.model.parameterCount
        let n = batchCount
        let dimension = session.batch.features.columns
        let model = 6 * parameters * 8
        let batch = n * dimension * 8 + n * 8
        let caches = similarity.storage.count * 8 + embeddings.storage.count * 8
            + evaluations.reduce(0) { $0 + ($1.map { $0.gradient.storage.count * 9 } ?? 0) }
        let curves = history.losses.count * 8 + history.evaluations.count * 24
        let comparison = compare.map { run in
            run.lanes.reduce(0) { total, lane in
                total + 6 * lane.session.model.parameterCount * 8
                    + lane.session.batch.features.storage.count * 8 + lane.curve.count * 24
            }
        } ?? 0
        return 4096 + model + batch + caches + curves + comparison
    }
}

/// `U`: back to the state before the last state-changing key.
func undo(_ state: inout AppState) {
    guard let level = state.lecture.undo.pop() else {
        state.message = "nothing to undo"
        return
    }
    // The saved message comes back with the rest, so the screen is exactly the one before the
    // key (the footer and the step number say what happened).
    state.restore(level.state, keepingView: level.keepsView)
}

/// The word for what a key changed, for `undid ...`.
func undoName(_ command: Command) -> String {
    switch command {
    case .step: return "a step"
    case .toggleRun, .lecture(.promptSubmit): return "a run"
    case .newBatch: return "a new batch"
    case .resetModel: return "a reset"
    case .stepSeed: return "a seed change"
    case .stepDataset: return "a dataset change"
    case .stepClassesPerBatch, .stepSamplesPerClass: return "a batch shape change"
    case .stepLearningRate: return "a learning rate change"
    case .adjustParameter: return "a parameter change"
    case .nextPreset, .previousPreset, .addLoss, .removeLoss: return "a loss change"
    case .lecture(.promptType): return "a bookmark jump"
    case .moveCursor, .focusNext, .focusPrevious, .nextPage, .previousPage, .toggleHelp, .closeHelp, .scrollHelp,
         .quit, .cycleView, .showView, .toggleSimilarity, .zoom, .toggleLogScale, .jumpHardest, .goToPair, .focus,
         .jumpColumn, .openPairPrompt, .promptType, .promptErase, .promptSubmit, .promptCancel, .toggleDelta,
         .nextBlock, .previousBlock, .scrollCaption, .cycleTheme, .scrollView, .selectParameter, .nextSecondLoss,
         .previousSecondLoss, .toggleCompare, .stopCompare, .toggleUnseenEmbedding, .export, .lecture:
        return "a change"
    }
}
