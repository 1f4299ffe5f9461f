import TUICore

/// The shape of one matrix panel on screen.
public struct PanelGeometry: Sendable, Equatable {
    /// True when each cell is a class block instead of a sample pair (the batch is too big).
    public var isClassBlocks: Bool
    /// Cells per side.
    public var side: Int
    /// Columns used: 2 for the row label, 1 for the cursor marker, 2 per cell.
    public var width: Int { 3 + 2 * side }
    /// Rows used: title, column labels, the matrix, the cursor-column marker, the cursor value.
    public var height: Int { side + 4 }
}

/// Where everything goes on a screen of a given size. Pure.
public struct Layout: Sendable, Equatable {
    public var panel: PanelGeometry
    /// Panels per row and rows of panels.
    public var columns: Int
    public var rows: Int
    public var perPage: Int { columns * rows }

    /// Rows above the panels (header) and below them (legend, keys).
    static let headerRows = 2
    static let footerRows = 2
    /// Blank columns between panels.
    static let gap = 2
    /// Narrowest screen: the header, legend and footer need this much.
    static let minimumWidth = 60

    /// The layout for `state` on `size`, or nil when the screen is too small for even one panel.
    public static func arrange(_ state: AppState, size: Size) -> Layout? {
        guard size.width >= minimumWidth else { return nil }
        let areaHeight = size.height - headerRows - footerRows
        for blocks in [false, true] {
            let geometry = PanelGeometry(isClassBlocks: blocks, side: blocks ? classCount(state) : state.batchCount)
            let columns = (size.width + gap) / (geometry.width + gap)
            let rows = (areaHeight + 1) / (geometry.height + 1)
            if columns >= 1, rows >= 1 { return Layout(panel: geometry, columns: columns, rows: rows) }
        }
        return nil
    }

    /// The smallest size that shows one panel (at class-block resolution).
    public static func minimumSize(_ state: AppState) -> Size {
        let geometry = PanelGeometry(isClassBlocks: true, side: classCount(state))
        return Size(width: max(minimumWidth, geometry.width), height: geometry.height + headerRows + footerRows)
    }

    /// True when something can be drawn.
    public static func fits(_ state: AppState, size: Size) -> Bool { arrange(state, size: size) != nil }

    /// Similarity panel plus one per loss.
    public static func panelCount(_ state: AppState) -> Int { 1 + state.losses.count }

    /// How many panels one screen shows.
    public static func panelsPerPage(_ state: AppState, size: Size) -> Int {
        arrange(state, size: size).map { min($0.perPage, panelCount(state)) } ?? 1
    }

    /// `first` moved to the start of its page.
    static func clampedFirstPanel(_ first: Int, state: AppState, size: Size) -> Int {
        let perPage = max(1, panelsPerPage(state, size: size))
        let clamped = min(max(0, first), panelCount(state) - 1)
        return clamped / perPage * perPage
    }

    /// The first panel of the page that shows `panel`.
    static func firstPanelShowing(panel: Int, state: AppState, size: Size) -> Int {
        clampedFirstPanel(panel, state: state, size: size)
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

/// Where a teaching view goes: beside the panels (the space they leave free) or instead of them.
public struct ViewArea: Sendable, Equatable {
    public var rect: Rect
    /// True when the panels are drawn too; false when the view replaces them (small screens).
    public var isBesidePanels: Bool
}

extension Layout {
    /// Smallest free space worth a view beside the panels.
    static let minimumViewSize = Size(width: 56, height: 14)

    /// The teaching view's area: the larger free rectangle the panels leave (right of the last
    /// panel row, or below the panels) when it is at least ``minimumViewSize``; else, when a view
    /// is `selected`, the whole panel area; else nil.
    public static func viewArea(_ state: AppState, size: Size, selected: TeachingView?) -> ViewArea? {
        guard let layout = arrange(state, size: size) else { return nil }
        let top = headerRows, bottom = size.height - footerRows
        let shown = max(1, min(layout.perPage, panelCount(state) - clampedFirstPanel(state.firstPanel, state: state, size: size)))
        let usedRows = (shown + layout.columns - 1) / layout.columns
        let lastCount = shown - (usedRows - 1) * layout.columns
        let rowHeight = layout.panel.height + 1
        let belowY = top + usedRows * rowHeight
        let below = Rect(x: 0, y: belowY, width: size.width, height: bottom - belowY)
        let rightX = lastCount * (layout.panel.width + gap)
        let rightY = top + (usedRows - 1) * rowHeight
        let right = Rect(x: rightX, y: rightY, width: size.width - rightX, height: bottom - rightY)
        let candidates = [below, right].filter { $0.width >= minimumViewSize.width && $0.height >= minimumViewSize.height }
        if let best = candidates.max(by: { $0.width * $0.height < $1.width * $1.height }) {
            return ViewArea(rect: best, isBesidePanels: true)
        }
        guard selected != nil else { return nil }
        return ViewArea(rect: Rect(x: 0, y: top, width: size.width, height: bottom - top), isBesidePanels: false)
    }
}
