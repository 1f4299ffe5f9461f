import MetricTraining
import PairWeighting
import TUICore

/// What the delta view subtracts: the weights before the last training step, or under a
/// bookmark's network (both on the batch on screen).
public enum DeltaBase: Sendable, Equatable {
    case lastStep
    case bookmark(Int)

    /// `the last step`, `bookmark 2`.
    public var name: String {
        switch self {
        case .lastStep: return "the last step"
        case .bookmark(let digit): return "bookmark \(digit)"
        }
    }
}

/// A pair of the batch: anchor row `row`, other sample `column`.
public struct PairIndex: Sendable, Equatable, Hashable {
    public var row: Int
    public var column: Int
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// Everything the explorer shows, as a value. Changed only by ``reduce(_:_:)``; drawn by
/// ``render(_:size:)``.
public struct AppState: Sendable {
    /// The model, optimiser and current batch. Whoever changes it calls ``refreshWeights()``
    /// once the change is complete (the panels show the weights that refresh computes).
    public internal(set) var session: TrainingSession
    /// Data name, loss list, glyph set.
    public internal(set) var settings: ExplorerSettings
    /// One entry per loss panel (`a`, `x`, `p` and the parameter keys change them).
    public internal(set) var losses: [LossEntry]
    /// The loss that trains (an index into ``losses``).
    public internal(set) var focus = 0
    /// The pair under the cursor.
    public internal(set) var cursor = PairIndex(row: 0, column: 1)
    /// Continuous training is on.
    public internal(set) var isRunning = false
    /// The help overlay is open.
    public internal(set) var isShowingHelp = false
    /// The first loss shown when not every loss panel fits (the layout rounds it to its page).
    public internal(set) var firstLoss = 0
    /// The similarity panel is drawn (`m` hides it to make room for losses).
    public internal(set) var showsSimilarity = true
    /// The cell size: an index into ``Layout/zoomLevels``, or nil to fit the screen (`z`).
    public internal(set) var zoom: Int?
    /// Weight levels by decade below the panel's max instead of quarters (`o`).
    public internal(set) var isLogScale = false
    /// With no view chosen, the inspector fills the space the panels leave (`0` turns this off).
    public internal(set) var showsViewWhenRoom = true
    /// The first line shown of a teaching view's text (the mouse wheel scrolls the inspector).
    public internal(set) var viewOffset = 0
    /// What the delta view (`A`) compares with: nil shows the weights themselves.
    public internal(set) var deltaBase: DeltaBase?
    /// Panels show how each loss's weights changed, not the weights.
    public var isShowingDelta: Bool { deltaBase != nil }
    /// The network before the last training step: the delta view weighs the current batch with it.
    var modelBeforeStep: MLP?
    /// Each loss's weights on the current batch under ``deltaModel`` (the delta view only).
    public private(set) var earlierEvaluations: [PairWeights?] = []
    /// The demo block's words while `gpw demo --play` runs (nil in the plain explorer).
    public var caption: LectureCaption?
    /// The digits typed after `g` (go to pair `i,j`); nil when not typing.
    public internal(set) var pairPrompt: String?
    /// The terminal size the last frame was laid out for.
    public internal(set) var viewSize: Size
    /// Set by `q`.
    public internal(set) var isFinished = false
    /// One line for the header: what just happened or what went wrong.
    public internal(set) var message: String?
    /// Where the last export went (or why it failed); shown on the legend row until the next key.
    /// Never part of an export itself, so that exports stay reproducible from the key log.
    public internal(set) var exportNotice: String?
    /// The export format menu (`E`) is open.
    public internal(set) var isShowingExportMenu = false
    /// The format `e` writes (`--export-format`).
    public var exportFormat: ExportFormat = .plain
    /// Every action that changed what is shown, oldest first, repeats run-length encoded (an
    /// hour of running is one entry): bound keys (export keys aside), training ticks and size
    /// changes. Replaying it through ``reduce(_:_:)`` from the same start gives the same screen
    /// (see ``ActionScript``).
    public internal(set) var keyLog: [ActionRun] = []
    /// The view size before the first logged action.
    public let initialViewSize: Size
    /// The teaching view chosen with `v` / `1`-`5`; nil: the panels alone (small screens).
    public internal(set) var selectedView: TeachingView?
    /// The focused loss's parameter that `+` / `-` change (an index into its parameters).
    public internal(set) var parameterIndex = 0
    /// The second loss of the weight-versus-similarity view (an index into ``losses``); `w` cycles.
    /// Nil: the first loss that is not focused.
    public internal(set) var secondLoss: Int?

    /// The second loss actually shown: ``secondLoss`` unless it is the focused one or gone.
    public var shownSecondLoss: Int? {
        if let secondLoss, secondLoss != focus, losses.indices.contains(secondLoss) { return secondLoss }
        return losses.indices.first { $0 != focus }
    }
    /// Training loss and unseen-class retrieval over the steps of this model.
    public internal(set) var history = TrainingHistory()
    /// A live `c` comparison, running or finished.
    public internal(set) var compare: CompareRun?
    /// The embedding view shows the unseen-class evaluation subset instead of the batch (`u`).
    public internal(set) var embeddingShowsUnseen = false
    /// A `d` / `D` search for a dataset that fits the batch shape, while it loads.
    var datasetSearch: DatasetSearch?
    /// Pace, undo levels, bookmarks, the comparison's length, recording (issue 15).
    public internal(set) var lecture = LectureState()
    /// The first help line shown (the help scrolls on small screens).
    public internal(set) var helpOffset = 0

    /// The current batch's similarity under the current model (kept by ``refreshWeights()``).
    public var similarity: Matrix { weighed.similarity }
    /// The batch's L2-normalised embeddings `[N, E]` (the embedding view projects them).
    public private(set) var embeddings: Matrix
    /// One evaluation per entry of ``losses`` (nil where the loss could not be built).
    public private(set) var evaluations: [PairWeights?]
    /// What ``similarity`` and ``evaluations`` were computed from, with each loss's weights.
    private var weighed: BatchWeights
    /// The same under ``deltaModel`` (the delta view only).
    private var weighedBefore: BatchWeights?

    public init(session: TrainingSession, settings: ExplorerSettings, viewSize: Size = Size(width: 80, height: 24)) {
        self.session = session
        self.settings = settings
        self.losses = settings.lossSpecs.map(LossEntry.init)
        if self.settings.classNames.isEmpty {
            self.settings.classNames = session.split.train.classNames.merging(session.split.test.classNames) { a, _ in a }
        }
        self.viewSize = viewSize
        self.initialViewSize = viewSize
        weighed = BatchWeights(model: session.model, batch: session.batch)
        embeddings = CosineSimilarity.normalize(weighed.embeddings).unit
        evaluations = []
        refreshWeights()
        history.record(step: session.step, metrics: session.evaluate())
    }

    /// The name of class `label`: the data's own (`N`, `deodar`) or the number.
    public func className(_ label: Int) -> String { settings.classNames[label] ?? String(label) }

    /// A class name for a two-column axis: the data's name when it is that short, else the
    /// number (labels of 100 and more keep their last two digits).
    public func axisName(_ label: Int) -> String {
        if let name = settings.classNames[label], name.unicodeScalars.count <= 2 { return name }
        return String(label % 100)
    }

    /// The network the delta view weighs the current batch with: the one before the last step,
    /// or a bookmark's, when it has this data's shape (another dataset's network cannot read it).
    var deltaModel: MLP? {
        switch deltaBase {
        case nil: return nil
        case .lastStep: return modelBeforeStep
        case .bookmark(let digit):
            guard let marked = lecture.bookmarks[digit], marked.session.split.train.dimension == session.split.train.dimension,
                  marked.session.configuration.hidden == session.configuration.hidden,
                  marked.session.configuration.embedding == session.configuration.embedding else { return nil }
            return marked.session.model
        }
    }

    /// Number of samples in the batch.
    public var batchCount: Int { session.batch.labels.count }

    /// The focused loss entry, if any.
    public var focusedLoss: LossEntry? { losses.indices.contains(focus) ? losses[focus] : nil }

    /// Brings the panels' weights up to date with the model, the batch, the losses and the delta
    /// view: the similarity is computed again only when the model or the batch changed, and a
    /// loss is evaluated only when its weights on that similarity are not known already. After a
    /// step on the same batch, the weights before it are the delta view's (nothing is evaluated
    /// twice). Called once at the end of every change that needs it.
    mutating func refreshWeights() {
        let previous = weighed
        if !weighed.holds(session.model, session.batch) {
            weighed = BatchWeights(model: session.model, batch: session.batch)
            embeddings = CosineSimilarity.normalize(weighed.embeddings).unit
        }
        evaluations = weighed.weights(of: losses)
        if let before = deltaModel {
            if weighedBefore?.holds(before, session.batch) != true {
                weighedBefore = previous.holds(before, session.batch) ? previous : BatchWeights(model: before, batch: session.batch)
            }
            earlierEvaluations = weighedBefore?.weights(of: losses) ?? []
        } else {
            weighedBefore = nil
            earlierEvaluations = []
        }
        let n = batchCount
        cursor.row = min(max(0, cursor.row), max(0, n - 1))
        cursor.column = min(max(0, cursor.column), max(0, n - 1))
    }

    /// True while something advances on every tick (training or a comparison): the run loop then
    /// polls keys with a short timeout.
    public var wantsTicks: Bool { isRunning || (compare.map { !$0.isFinished } ?? false) }

    /// Replaces the session (new seed, batch shape or data); the history restarts.
    mutating func replaceSession(_ new: TrainingSession) {
        session = new
        modelBeforeStep = nil
        refreshWeights()
        history = TrainingHistory()
        history.record(step: session.step, metrics: session.evaluate())
    }
}

/// One network's weights on one batch: its raw embeddings, `S`, and each loss's weights (by spec
/// text) as they are asked for.
struct BatchWeights: Sendable {
    let model: MLP
    let batch: Batch
    /// Raw embeddings `[N, E]`.
    let embeddings: Matrix
    let similarity: Matrix
    private var byLoss: [String: PairWeights] = [:]

    init(model: MLP, batch: Batch) {
        self.model = model
        self.batch = batch
        embeddings = model.forward(batch.features)
        similarity = CosineSimilarity.forward(embeddings).similarity
    }

    /// True when these are `model`'s weights on `batch`.
    func holds(_ model: MLP, _ batch: Batch) -> Bool { self.batch == batch && self.model == model }

    /// Each entry's weights (nil where the loss could not be built), evaluating only those not
    /// known; afterwards only these losses' weights are kept.
    mutating func weights(of losses: [LossEntry]) -> [PairWeights?] {
        var kept: [String: PairWeights] = [:]
        let weights = losses.map { entry -> PairWeights? in
            guard let spec = entry.spec else { return nil }
            if let known = kept[entry.text] ?? byLoss[entry.text] {
                kept[entry.text] = known
                return known
            }
            WorkCounter.record(.lossEvaluation)
            let evaluated = spec.makeLoss().evaluate(similarity: similarity, labels: batch.labels)
            kept[entry.text] = evaluated
            return evaluated
        }
        byLoss = kept
        return weights
    }
}
