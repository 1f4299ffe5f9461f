import MetricTraining
import TUICore

/// How one matrix cell is drawn: columns by rows.
public struct CellSize: Sendable, Equatable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(_ width: Int, _ height: Int) {
        self.width = width
        self.height = height
    }
    public var description: String { "\(width)x\(height)" }
}

/// The shape of one matrix panel on screen.
public struct PanelGeometry: Sendable, Equatable {
    /// True when each cell is a class block instead of a sample pair (the batch is too big).
    public var isClassBlocks: Bool
    /// Cells per side.
    public var side: Int
    /// Columns and rows of one cell.
    public var cell: CellSize
    /// Columns used: the row label (2), the cursor marker (1) and the cells, or the panel's text
    /// when that is wider (numbers are never cut, so a panel is as wide as its longest number).
    public var width: Int
    /// Rows used: title, column labels (and the column marker), the matrix, two value lines.
    public var height: Int { side * cell.height + 4 }
    /// Columns before the first cell.
    public static let matrixLeft = 3
    /// Rows before the first cell.
    public static let matrixTop = 2
    /// The narrowest text a panel must hold whole: a 5-letter name with a scale number
    /// (`▶ contr~ 9.99e-05`), `not selected`, `w -3.95e-09`, `L 1.23e-05`.
    public static let textWidth = 16

    init(isClassBlocks: Bool, side: Int, cell: CellSize) {
        self.isClassBlocks = isClassBlocks
        self.side = side
        self.cell = cell
        width = max(Self.matrixLeft + side * cell.width, Self.textWidth)
    }
}

/// What a panel shows.
public enum PanelKind: Sendable, Equatable, Hashable {
    case similarity
    /// The loss at this index of ``AppState/losses``.
    case loss(Int)
}

/// One panel on screen: what it shows and its top-left corner.
public struct PanelFrame: Sendable, Equatable {
    public var kind: PanelKind
    public var x: Int
    public var y: Int
}

/// Where a teaching view goes: beside the panels (the space they leave free) or instead of them.
public struct ViewArea: Sendable, Equatable {
    public var rect: Rect
    /// True when the panels are drawn too; false when the view replaces them (small screens).
    public var isBesidePanels: Bool
}

/// Where everything goes on a screen of a given size. Pure: render, the mouse and the paging
/// keys all read the same layout.
///
/// The panels are the similarity matrix (unless hidden with `m`) and one per loss. The cell size
/// is chosen (or fixed with `z`) so that as many panels as possible show, then so that a view the
/// user opened sits beside them, then so that the cells are as large as the screen allows. When
/// not every loss fits, the losses page (`<` `>`), the page always holding the focused loss; when
/// only one panel fits, it is the focused loss rather than S.
public struct Layout: Sendable, Equatable {
    public var panel: PanelGeometry
    /// The panels on screen, in drawing order.
    public var frames: [PanelFrame]
    /// The teaching view's area, if one is shown.
    public var view: ViewArea?
    /// The demo player's words (`gpw demo --play`), at the top of the view's place.
    public var caption: Rect?
    /// Blank columns between panels.
    public var gap: Int
    /// The losses on screen when not all fit: `lossesPerPage` of them from `firstLoss`.
    public var firstLoss: Int
    public var lossesPerPage: Int
    public var lossCount: Int
    public var isPaging: Bool { lossesPerPage < lossCount }

    /// Rows above the panels (header) and below them (legend, keys).
    static let headerRows = 2
    static let footerRows = 2
    /// Narrowest screen: the header, legend and footer need this much.
    static let minimumWidth = 60
    /// Smallest free space worth a view beside the panels.
    static let minimumViewSize = Size(width: 56, height: 14)
    /// The cell sizes `z` cycles through (after "auto"), smallest first.
    public static let zoomLevels = [CellSize(1, 1), CellSize(2, 1), CellSize(3, 1), CellSize(4, 2), CellSize(6, 3)]

    /// The layout for `state` on `size`, or nil when the screen is too small for even one panel.
    public static func arrange(_ state: AppState, size: Size) -> Layout? {
        WorkCounter.record(.layout)
        guard size.width >= minimumWidth else { return nil }
        let areaHeight = size.height - headerRows - footerRows
        let wantsView = state.selectedView != nil || state.caption != nil
        let levels = state.zoom.map { [zoomLevels[min($0, zoomLevels.count - 1)]] } ?? zoomLevels
        for blocks in [false, true] {
            let side = blocks ? classCount(state) : state.batchCount
            var best: (score: [Int], layout: Layout)?
            for cell in levels {
                let geometry = PanelGeometry(isClassBlocks: blocks, side: side, cell: cell)
                guard geometry.height <= areaHeight, geometry.width <= size.width else { continue }
                let gap = cell.width == 1 ? 1 : 2
                for reserve in wantsView ? [Reserve.right, .below] : [.none] {
                    var width = size.width, height = areaHeight
                    switch reserve {
                    case .right: width -= minimumViewSize.width + 1
                    case .below: height -= minimumViewSize.height + 1
                    case .none: break
                    }
                    let columns = (width + gap) / (geometry.width + gap), rows = (height + 1) / (geometry.height + 1)
                    guard columns >= 1, rows >= 1 else { continue }
                    let layout = place(state, geometry: geometry, gap: gap, columns: columns, capacity: columns * rows,
                                       size: size, showsView: wantsView || state.showsViewWhenRoom)
                    let hasView = layout.view != nil ? 1 : 0
                    let shown = layout.frames.count
                    let area = shown * geometry.side * geometry.side * cell.width * cell.height
                    // A view the user opened comes first; then panels; then an automatic view; then size.
                    let score = wantsView ? [hasView, shown, area] : [shown, hasView, area]
                    if best.map({ score.lexicographicallyPrecedes($0.score) == false && score != $0.score }) ?? true {
                        best = (score, layout)
                    }
                }
            }
            if var layout = best?.layout {
                if wantsView, layout.view == nil {
                    // No room beside: the view replaces the panels.
                    layout.frames = []
                    layout.view = ViewArea(rect: Rect(x: 0, y: headerRows, width: size.width, height: areaHeight),
                                           isBesidePanels: false)
                }
                if let caption = state.caption, let area = layout.view { layout.splitForCaption(caption, area, state: state) }
                return layout
            }
        }
        return nil
    }

    private enum Reserve { case none, right, below }

    /// Puts the panels of one page in a grid of `columns` and finds the free space for a view.
    private static func place(_ state: AppState, geometry: PanelGeometry, gap: Int, columns: Int, capacity: Int,
                              size: Size, showsView: Bool) -> Layout {
        let n = state.losses.count
        let showsSimilarity = state.showsSimilarity && (capacity >= 2 || n == 0)
        let slots = max(1, capacity - (showsSimilarity ? 1 : 0))
        let perPage = max(1, min(n, slots))
        let first = n <= perPage ? 0 : min(max(0, state.firstLoss), n - 1) / perPage * perPage
        var kinds: [PanelKind] = showsSimilarity ? [.similarity] : []
        kinds += (first..<min(n, first + perPage)).map(PanelKind.loss)
        let step = (x: geometry.width + gap, y: geometry.height + 1)
        let frames = kinds.enumerated().map { slot, kind in
            PanelFrame(kind: kind, x: (slot % columns) * step.x, y: headerRows + (slot / columns) * step.y)
        }
        var view: ViewArea?
        if showsView {
            let top = headerRows, bottom = size.height - footerRows
            let usedRows = max(1, (frames.count + columns - 1) / columns)
            let lastCount = frames.count - (usedRows - 1) * columns
            let widest = (usedRows > 1 ? columns : lastCount) * step.x
            let lastY = top + (usedRows - 1) * step.y
            let candidates = [
                Rect(x: widest, y: top, width: size.width - widest, height: bottom - top),
                Rect(x: lastCount * step.x, y: lastY, width: size.width - lastCount * step.x, height: bottom - lastY),
                Rect(x: 0, y: top + usedRows * step.y, width: size.width, height: bottom - top - usedRows * step.y),
            ].filter { $0.width >= minimumViewSize.width && $0.height >= minimumViewSize.height }
            if let best = candidates.max(by: { $0.width * $0.height < $1.width * $1.height }) {
                view = ViewArea(rect: best, isBesidePanels: true)
            }
        }
        return Layout(panel: geometry, frames: frames, view: view, gap: gap, firstLoss: first,
                      lossesPerPage: perPage, lossCount: n)
    }

    /// The smallest size that shows one panel (at class-block resolution).
    public static func minimumSize(_ state: AppState) -> Size {
        let geometry = PanelGeometry(isClassBlocks: true, side: classCount(state), cell: zoomLevels[0])
        return Size(width: max(minimumWidth, geometry.width), height: geometry.height + headerRows + footerRows)
    }

    /// Distinct classes in the batch, in order of first appearance.
    static func classCount(_ state: AppState) -> Int { classBlocks(state.session.batch.labels.labels).count }

    /// Sample indices of each class, classes in order of first appearance.
    static func classBlocks(_ labels: [Int]) -> [(label: Int, members: [Int])] {
        var order: [Int] = []
        var members: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() {
            if members[label] == nil { order.append(label) }
            members[label, default: []].append(i)
        }
        return order.map { ($0, members[$0] ?? []) }
    }
}

extension Layout {
    /// The caption takes the top of the view's place: all of it when no view is open, else the
    /// rows its words need up to half, the view keeping the rest (when that is worth drawing).
    mutating func splitForCaption(_ caption: LectureCaption, _ area: ViewArea, state: AppState) {
        var rect = area.rect
        if area.isBesidePanels { rect.x += 1; rect.width -= 1 }
        guard state.selectedView != nil else {
            self.caption = rect
            view = nil
            return
        }
        let needed = 1 + caption.lines(width: rect.width).count
        let rows = min(needed, max(4, rect.height / 2))
        self.caption = Rect(x: rect.x, y: rect.y, width: rect.width, height: rows)
        let rest = Rect(x: area.rect.x, y: rect.y + rows + 1, width: area.rect.width, height: rect.height - rows - 1)
        view = rest.height >= 6 ? ViewArea(rect: rest, isBesidePanels: area.isBesidePanels) : nil
    }
}

/// What a point of the screen is, for the mouse.
public enum ScreenTarget: Sendable, Equatable {
    /// A matrix cell of a panel, in the panel's coordinates (class blocks when the panel shows them).
    case cell(PanelKind, row: Int, column: Int)
    /// A panel's title row.
    case title(PanelKind)
    /// A teaching view's tab.
    case tab(TeachingView)
}

extension Layout {
    /// What is drawn at column `x`, row `y` (0-based), if it answers a click.
    public func target(x: Int, y: Int) -> ScreenTarget? {
        for frame in frames where x >= frame.x && x < frame.x + panel.width && y >= frame.y && y < frame.y + panel.height {
            if y == frame.y { return .title(frame.kind) }
            let column = (x - frame.x - PanelGeometry.matrixLeft), row = (y - frame.y - PanelGeometry.matrixTop)
            guard column >= 0, row >= 0, column < panel.side * panel.cell.width, row < panel.side * panel.cell.height
            else { return nil }
            return .cell(frame.kind, row: row / panel.cell.height, column: column / panel.cell.width)
        }
        if let view, let tab = Layout.viewTabs(in: view).first(where: { $0.rect.contains(x: x, y: y) }) {
            return .tab(tab.view)
        }
        return nil
    }

    /// The view tabs' places on the first row of `area`.
    static func viewTabs(in area: ViewArea) -> [(view: TeachingView, rect: Rect)] {
        var rect = area.rect
        if area.isBesidePanels { rect.x += 1; rect.width -= 1 }
        var x = rect.x
        var tabs: [(TeachingView, Rect)] = []
        for view in TeachingView.allCases {
            let width = Text.width(view.tabText)
            guard x + width <= rect.x + rect.width else { break }
            tabs.append((view, Rect(x: x, y: rect.y, width: width, height: 1)))
            x += width + 2
        }
        return tabs
    }
}
