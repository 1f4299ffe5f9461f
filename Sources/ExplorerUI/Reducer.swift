import PairWeighting
import TUICore

/// Applies one action to the state and returns the effects the run loop must perform. Every
/// action that changes what is shown goes in the key log (``AppState/keyLog``).
///
/// Pure: no clock, no I/O, no system RNG; the same state and actions always give the same state.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .keyPressed(let key):
        return press(key, on: &state)
    case .exported(let path):
        state.exportNotice = "saved " + path
    case .exportFailed(let reason):
        state.exportNotice = "export failed: " + reason
    case .resized(let size):
        if size != state.viewSize { state.keyLog.appendRun(action) }
        state.viewSize = size
    case .tick:
        guard !state.isShowingHelp, !state.isShowingExportMenu else { return [] }
        // Ticks train while running and advance a live comparison (`c`).
        if state.wantsTicks { state.keyLog.appendRun(action) }
        advanceCompare(&state)
        if state.isRunning { runningTick(&state) }
    case .datasetLoaded(let name, let split):
        // Answers to effects are not logged: the key that asked for them is.
        return datasetLoaded(name: name, split: split, into: &state)
    case .datasetFailed(let name, let message):
        state.message = "cannot load \(name): \(message)"
    case .recordingFailed(let reason):
        state.lecture.isRecording = false
        state.exportNotice = "recording failed: " + reason
    }
    return []
}

/// A key: the screen it was pressed on is laid out once, and that layout says which key table is
/// in force and what a click or a paging key points at.
private func press(_ key: Key, on state: inout AppState) -> [Effect] {
    let layout = Layout.arrange(state, size: state.viewSize)
    guard let command = command(for: key, in: state, layout: layout) else { return [] }
    let checkpoint = undoCheckpoint(for: command, key: key, in: state)
    let effects = perform(command, on: &state, layout: layout)
    if let (saved, command) = checkpoint, UndoFingerprint(saved) != UndoFingerprint(state) || command == .lecture(.promptType("0")) {
        state.lecture.undo.push(saved, what: undoName(command), keepsView: command != .lecture(.promptType("0")))
    }
    // Export keys and `F` are not logged: exports and recordings must not change what they reproduce.
    if !command.isExport && command != .lecture(.toggleRecording) { state.keyLog.appendRun(.keyPressed(key)) }
    return effects
}

/// What `key` asks for in `state`, laid out as `layout`: the key table's command, or for a
/// click, what is under it.
func command(for key: Key, in state: AppState, layout: Layout?) -> Command? {
    if key == .resize { return nil }
    if case .click(let x, let y) = key { return clickCommand(x: x, y: y, in: state, layout: layout) }
    return KeyMap.command(for: key, in: activeKeyTable(state, layout: layout))
}

/// A click on a matrix cell puts the cursor on that pair, on a panel title focuses that loss, on
/// a view tab opens the view; anywhere else (or over the help, a menu, a prompt) nothing.
private func clickCommand(x: Int, y: Int, in state: AppState, layout: Layout?) -> Command? {
    guard !state.isShowingHelp, !state.isShowingExportMenu, state.pairPrompt == nil,
          let layout, let target = layout.target(x: x, y: y)
    else { return nil }
    switch target {
    case .tab(let view): return .showView(view)
    case .title(.loss(let index)): return .focus(index)
    case .title(.similarity): return nil
    case .cell(_, let row, let column):
        guard layout.panel.isClassBlocks else { return .goToPair(PairIndex(row: row, column: column)) }
        // A class block: its first pair (the first two members when it is the diagonal block).
        let blocks = Layout.classBlocks(state.session.batch.labels.labels)
        guard blocks.indices.contains(row), blocks.indices.contains(column) else { return nil }
        let i = blocks[row].members[0]
        let j = row == column ? (blocks[column].members.dropFirst().first ?? i) : blocks[column].members[0]
        return .goToPair(PairIndex(row: i, column: j))
    }
}

/// The key table in force: help, too small, or main.
public func activeKeyTable(_ state: AppState, size: Size) -> [KeyBinding] {
    activeKeyTable(state, layout: Layout.arrange(state, size: size))
}

/// The key table in force on the screen laid out as `layout` (nil: too small).
func activeKeyTable(_ state: AppState, layout: Layout?) -> [KeyBinding] {
    if layout == nil { return KeyMap.tooSmall }
    if state.isShowingExportMenu { return KeyMap.exportMenu }
    if state.pairPrompt != nil { return KeyMap.pairPrompt }
    if let prompt = state.lecture.prompt { return LectureKeys.prompt(prompt.kind) }
    if state.caption != nil, !state.isShowingHelp { return KeyMap.player + KeyMap.main }
    return state.isShowingHelp ? KeyMap.help : KeyMap.main
}

/// Does what `command` asks: the one dispatch of every command, so the compiler checks that each
/// has a place (the teaching commands' work is in Controls.swift, the lecture's in
/// LectureControls.swift, the export keys' in ExportMenu.swift).
private func perform(_ command: Command, on state: inout AppState, layout: Layout?) -> [Effect] {
    state.exportNotice = nil
    // Export keys keep the message: the export shows the screen as it was when the key was pressed.
    if !command.isExport { state.message = nil }
    switch command {
    case .export(let export):
        return performExport(export, on: &state)
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
        // Clamped to the last page, so scrolling back answers at once.
        let last = max(0, helpLines(ascii: state.settings.ascii).count - helpVisibleLines(size: state.viewSize))
        state.helpOffset = min(last, max(0, state.helpOffset + delta * 5))
    case .step:
        state.trainFocused(steps: 1, batches: .same)
    case .toggleRun:
        state.isRunning.toggle()
        state.lecture.runTarget = nil
    case .newBatch:
        state.session.drawBatch()
        state.refreshWeights()
        state.message = "new batch"
    case .resetModel:
        state.isRunning = false
        state.modelBeforeStep = nil
        state.session.resetModel()
        state.refreshWeights()
        state.resetHistory()
        state.message = "model reset (seed \(state.session.configuration.seed))"
    case .moveCursor(let rows, let columns):
        let n = state.batchCount
        guard n > 0 else { break }
        if let blocks = cursorBlocks(state, layout: layout) {
            // Class blocks on screen: move a block at a time, to the same member of the next class.
            state.cursor.row = stepBlock(state.cursor.row, by: rows, blocks: blocks)
            state.cursor.column = stepBlock(state.cursor.column, by: columns, blocks: blocks)
        } else {
            state.cursor.row = min(n - 1, max(0, state.cursor.row + rows))
            state.cursor.column = min(n - 1, max(0, state.cursor.column + columns))
        }
    case .goToPair(let pair):
        let n = state.batchCount
        guard pair.row < n, pair.column < n else {
            state.message = "no pair (\(pair.row),\(pair.column)): the batch has rows 0-\(n - 1)"
            break
        }
        state.cursor = pair
    case .jumpColumn(let last):
        state.cursor.column = last ? max(0, state.batchCount - 1) : 0
    case .jumpHardest(let negative):
        jumpToHardest(negative: negative, on: &state)
    case .openPairPrompt:
        state.pairPrompt = ""
    case .promptType(let c):
        if var text = state.pairPrompt, text.count < 12 { text.append(c); state.pairPrompt = text }
    case .promptErase:
        if var text = state.pairPrompt, !text.isEmpty { text.removeLast(); state.pairPrompt = text }
    case .promptCancel:
        state.pairPrompt = nil
    case .promptSubmit:
        let text = state.pairPrompt ?? ""
        state.pairPrompt = nil
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let j = Int(parts[1]) else {
            state.message = "go to: type i,j (for example 3,12), then enter"
            break
        }
        return perform(.goToPair(PairIndex(row: i, column: j)), on: &state, layout: layout)
    case .focus(let index):
        guard state.losses.indices.contains(index) else { break }
        state.focus = index
        state.parameterIndex = 0
    case .focusNext, .focusPrevious:
        guard !state.losses.isEmpty else { break }
        let delta = command == .focusNext ? 1 : state.losses.count - 1
        state.focus = (state.focus + delta) % state.losses.count
        state.parameterIndex = 0
        state.firstLoss = state.focus
    case .nextPage, .previousPage:
        guard let layout, layout.isPaging else { break }
        let pages = (layout.lossCount + layout.lossesPerPage - 1) / layout.lossesPerPage
        let page = layout.firstLoss / layout.lossesPerPage + (command == .nextPage ? 1 : pages - 1)
        state.firstLoss = page % pages * layout.lossesPerPage
    case .toggleSimilarity:
        state.showsSimilarity.toggle()
        state.message = state.showsSimilarity ? "similarity panel shown" : "similarity panel hidden (m shows it)"
    case .zoom(let delta):
        let count = Layout.zoomLevels.count + 1   // auto, then each level
        let position = ((state.zoom.map { $0 + 1 } ?? 0) + delta % count + count) % count
        state.zoom = position == 0 ? nil : position - 1
        state.message = "cells " + (state.zoom.map { "\(Layout.zoomLevels[$0]) (z: bigger, Z: smaller)" } ?? "fit the screen (auto)")
    case .toggleLogScale:
        state.isLogScale.toggle()
        state.message = state.isLogScale ? "log scale: a level per decade below each panel's max"
                                         : "linear scale: quarters of each panel's max"
    case .nextBlock, .previousBlock:
        guard let caption = state.caption else { break }
        let target = caption.block + (command == .nextBlock ? 1 : -1)
        guard (0..<caption.blockCount).contains(target) else {
            state.message = target < 0 ? "this is the demo's first block" : "the demo ends here (q quits)"
            break
        }
        state.isRunning = false
        return [.showBlock(target)]
    case .scrollCaption(let delta):
        guard let caption = state.caption, let rect = layout?.caption else { break }
        // Clamped to the last page of words, so scrolling back answers at once.
        let last = max(0, caption.lines(width: rect.width).count - (rect.height - 1))
        state.caption?.offset = min(last, max(0, caption.offset + delta * 5))
    case .toggleDelta:
        // Off, then since the last step, then since each bookmark of this data's shape, then off.
        let digits = state.lecture.bookmarks.keys.sorted()
        let bases: [DeltaBase?] = [nil, .lastStep] + digits.map { DeltaBase.bookmark($0) }
        let here = bases.firstIndex(of: state.deltaBase) ?? 0
        state.deltaBase = bases[(here + 1) % bases.count]
        state.refreshWeights()
        if let base = state.deltaBase, case .bookmark = base, state.deltaModel == nil {
            state.message = "delta view: \(base.name) is another dataset or network shape; A goes on"
        } else {
            state.message = state.deltaBase.map { base in
                base == .lastStep && state.modelBeforeStep == nil ? "delta view: take a step (n) to see what it changes"
                    : "delta view: each panel is W now minus W at \(base.name), on this batch"
            } ?? "panels show the weights again"
        }
    case .cycleTheme:
        state.settings.theme = state.settings.theme.next
        state.message = "theme \(state.settings.theme.rawValue) (exports follow it)"
    case .scrollView(let delta):
        state.viewOffset = max(0, state.viewOffset + delta * 3)
    case .lecture(let lecture):
        return performLecture(lecture, on: &state)
    case .cycleView(let delta):
        showView(TeachingView.cycled(from: state.selectedView, by: delta), on: &state)
    case .showView(let view):
        showView(view, on: &state)
    case .selectParameter(let delta):
        selectParameter(by: delta, on: &state)
    case .adjustParameter(let delta):
        adjustParameter(by: delta, on: &state)
    case .nextPreset:
        stepPreset(by: 1, on: &state)
    case .previousPreset:
        stepPreset(by: -1, on: &state)
    case .addLoss:
        addLoss(&state)
    case .removeLoss:
        removeLoss(&state)
    case .nextSecondLoss:
        stepSecondLoss(by: 1, on: &state)
    case .previousSecondLoss:
        stepSecondLoss(by: -1, on: &state)
    case .stepClassesPerBatch(let delta):
        stepBatchShape(classes: true, delta: delta, on: &state)
    case .stepSamplesPerClass(let delta):
        stepBatchShape(classes: false, delta: delta, on: &state)
    case .stepSeed(let delta):
        stepSeed(by: delta, on: &state)
    case .stepLearningRate(let delta):
        stepLearningRate(by: delta, on: &state)
    case .stepDataset(let delta):
        return stepDataset(by: delta, on: &state)
    case .toggleCompare:
        toggleCompare(&state)
    case .stopCompare:
        stopCompare(&state)
    case .toggleUnseenEmbedding:
        state.embeddingShowsUnseen.toggle()
        state.selectedView = .embedding
    }
    return []
}

extension Command {
    /// An export key (`e`, `E`, the menu's keys).
    var isExport: Bool {
        if case .export = self { return true }
        return false
    }
}


/// The class blocks the panels show, when they show blocks.
private func cursorBlocks(_ state: AppState, layout: Layout?) -> [(label: Int, members: [Int])]? {
    guard let layout, layout.panel.isClassBlocks else { return nil }
    return Layout.classBlocks(state.session.batch.labels.labels)
}

/// Sample `index` moved `delta` class blocks, keeping its place within the block where it can.
private func stepBlock(_ index: Int, by delta: Int, blocks: [(label: Int, members: [Int])]) -> Int {
    guard delta != 0, let block = blocks.firstIndex(where: { $0.members.contains(index) }) else { return index }
    let target = min(blocks.count - 1, max(0, block + delta))
    let place = blocks[block].members.firstIndex(of: index) ?? 0
    let members = blocks[target].members
    return members[min(place, members.count - 1)]
}

/// `N` / `M`: the cursor row's most similar negative or least similar positive.
private func jumpToHardest(negative: Bool, on state: inout AppState) {
    let labels = state.session.batch.labels.labels
    let i = state.cursor.row
    guard labels.indices.contains(i) else { return }
    let others = labels.indices.filter { $0 != i && (labels[$0] == labels[i]) != negative }
    let s = state.similarity
    // Ties go to the lower index, as the inspector's hardness ranks them.
    let hardest = negative ? others.max { s[i, $0] < s[i, $1] || (s[i, $0] == s[i, $1] && $0 > $1) }
                           : others.min { s[i, $0] < s[i, $1] || (s[i, $0] == s[i, $1] && $0 < $1) }
    guard let j = hardest else {
        state.message = "row \(i) has no \(negative ? "negative" : "positive") pair"
        return
    }
    state.cursor.column = j
    state.message = "row \(i)'s hardest \(negative ? "negative" : "positive"): (\(i),\(j)), S \(NumberText.short(s[i, j]))"
}

/// The state to save for `U` before `action`, when the key it is changes what is trained, and
/// the command (a bookmark jump reads as `promptType("0")`: any digit).
private func undoCheckpoint(for command: Command, key: Key, in state: AppState) -> (AppState, Command)? {
    guard state.isUndoable(command) else { return nil }
    var saved = state.checkpoint()
    guard case .lecture(let lecture) = command else { return (saved, command) }
    // The second key of `t` or `J`: the prompt's line was showing, not a message of its own.
    saved.message = nil
    if case .promptType = lecture {
        guard state.lecture.bookmarks[Int(String(key.name)) ?? -1] != nil else { return nil }
        return (saved, .lecture(.promptType("0")))
    }
    return (saved, command)
}
