import TUICore

/// What a key asks the explorer to do.
public enum Command: Sendable, Equatable, Hashable {
    case step
    case toggleRun
    case newBatch
    case resetModel
    case moveCursor(rows: Int, columns: Int)
    case focusNext
    case focusPrevious
    case nextPage
    case previousPage
    case toggleHelp
    case closeHelp
    case scrollHelp(Int)
    case quit
    /// `v` / `V`: the next / previous teaching view; `0`-`5`: one view (nil: the panels alone).
    case cycleView(Int)
    case showView(TeachingView?)
    /// `m`: show or hide the similarity panel.
    case toggleSimilarity
    /// `z` / `Z`: the next / previous cell size (auto, then ``Layout/zoomLevels``).
    case zoom(Int)
    /// `o`: weight levels by decade (log) or by quarter of the max.
    case toggleLogScale
    /// `N` / `M`: the cursor row's hardest negative (most similar) / hardest positive (least similar).
    case jumpHardest(negative: Bool)
    /// Put the cursor on this pair (a click on a matrix cell, or `g` then `i,j`).
    case goToPair(PairIndex)
    /// Focus the loss at this index (a click on its panel's title).
    case focus(Int)
    /// `home` / `end`: the row's first / last column.
    case jumpColumn(last: Bool)
    /// `g`: type a pair `i,j` to go to; the prompt's keys.
    case openPairPrompt
    case promptType(Character)
    case promptErase
    case promptSubmit
    case promptCancel
    /// `A`: panels show the change of each weight with the last step (after minus before).
    case toggleDelta
    /// The demo player: the next / previous block; scroll its words.
    case nextBlock
    case previousBlock
    case scrollCaption(Int)
    /// `T`: the next colour scheme (dark, light, mono).
    case cycleTheme
    /// The mouse wheel over a view: scroll its text.
    case scrollView(Int)
    /// `[` / `]`: the previous / next parameter of the focused loss.
    case selectParameter(Int)
    /// `-` / `+`: one step down / up (a choice cycles).
    case adjustParameter(Int)
    /// `p`: the focused panel shows the next preset loss.
    case nextPreset
    /// `O`: the previous preset (O is left of p).
    case previousPreset
    /// `a`: a new panel with a preset not on screen; `x`: the focused panel goes.
    case addLoss
    case removeLoss
    /// `w`: the second loss of the weight-versus-similarity view.
    case nextSecondLoss
    /// `W`: the previous second loss.
    case previousSecondLoss
    /// `P` `)` / `(`: the next / previous classes per batch; `K` `}` / `{`: samples per class.
    case stepClassesPerBatch(Int)
    case stepSamplesPerClass(Int)
    /// `d` / `D`: the next / previous dataset; `L` / `;`: learning rate; `s` / `S`: seed.
    case stepDataset(Int)
    case stepLearningRate(Int)
    case stepSeed(Int)
    /// `c`: start or stop a live comparison; `esc` stops it.
    case toggleCompare
    case stopCompare
    /// `u`: the embedding view shows the batch or the unseen evaluation subset.
    case toggleUnseenEmbedding
    /// `e`, `E` and the export menu's keys (``ExportCommand``).
    case export(ExportCommand)
    /// Pace, undo, bookmarks, the comparison's length, recording (``LectureCommand``).
    case lecture(LectureCommand)
}

/// When a binding appears in the footer.
public enum FooterRule: Sendable, Equatable {
    /// Always (in its mode).
    case always
    /// Only when the panels do not all fit on one screen.
    case whenPaging
    /// Only when the footer has room after the `.always` entries.
    case whenRoom
    /// Never: listed in the help only.
    case never
}

/// One row of the key table: the keys, what they do, and how the footer and help show them.
public struct KeyBinding: Sendable, Equatable {
    /// The keys that trigger the command (the first is the one shown when `keyLabel` is nil).
    public var keys: [Key]
    public var command: Command
    /// The key text for the footer (`←↓↑→`); nil shows the first key's name. The help lists every key.
    public var keyLabel: String?
    /// The same in ASCII mode.
    public var asciiKeyLabel: String?
    /// A word or two for the footer (`step`); while running, `runningLabel` replaces it.
    public var label: String
    public var runningLabel: String?
    /// A sentence for the help overlay.
    public var help: String
    public var footer: FooterRule

    init(_ keys: [Key], _ command: Command, label: String, runningLabel: String? = nil, keyLabel: String? = nil,
         asciiKeyLabel: String? = nil, footer: FooterRule = .always, help: String) {
        self.keys = keys
        self.command = command
        self.label = label
        self.runningLabel = runningLabel
        self.keyLabel = keyLabel
        self.asciiKeyLabel = asciiKeyLabel
        self.help = help
        self.footer = footer
    }
}

/// The explorer's keys: one table per mode. The footer, the help overlay and the reducer all
/// read these tables and nothing else.
public enum KeyMap {
    /// Keys on the main screen.
    public static let main: [KeyBinding] = [
        KeyBinding([.character("n")], .step, label: "step",
                   help: "one training step on the current batch with the focused loss"),
        KeyBinding([.character(" ")], .toggleRun, label: "run", runningLabel: "pause",
                   help: "run / pause continuous training (a new batch every step)"),
        KeyBinding([.character("b")], .newBatch, label: "batch", footer: .whenRoom, help: "draw a new batch"),
        KeyBinding([.character("r")], .resetModel, label: "reset",
                   help: "reset the model and the batch sampler (same seed, step 0)"),
        KeyBinding([.left, .character("h")], .moveCursor(rows: 0, columns: -1), label: "pair",
                   keyLabel: "←↓↑→", asciiKeyLabel: "arrows", help: "move the pair cursor left (other j - 1)"),
        KeyBinding([.down, .character("j")], .moveCursor(rows: 1, columns: 0), label: "pair", footer: .never,
                   help: "move the pair cursor down (anchor i + 1)"),
        KeyBinding([.up, .character("k")], .moveCursor(rows: -1, columns: 0), label: "pair", footer: .never,
                   help: "move the pair cursor up (anchor i - 1)"),
        KeyBinding([.right, .character("l")], .moveCursor(rows: 0, columns: 1), label: "pair", footer: .never,
                   help: "move the pair cursor right (other j + 1)"),
        KeyBinding([.character("N")], .jumpHardest(negative: true), label: "hardest", footer: .never,
                   help: "the row's hardest negative (most similar other class)"),
        KeyBinding([.character("M")], .jumpHardest(negative: false), label: "hardest", footer: .never,
                   help: "the row's hardest positive (least similar same class)"),
        KeyBinding([.home], .jumpColumn(last: false), label: "first", footer: .never, help: "go to the row's first column"),
        KeyBinding([.end], .jumpColumn(last: true), label: "last", footer: .never, help: "go to the row's last column"),
        KeyBinding([.character("g")], .openPairPrompt, label: "go to", footer: .never,
                   help: "go to a pair: type i,j then enter (esc cancels)"),
        KeyBinding([.tab], .focusNext, label: "loss",
                   help: "focus the next loss: the focused loss is the one that trains"),
        KeyBinding([.backTab], .focusPrevious, label: "loss", footer: .never, help: "focus the previous loss"),
        KeyBinding([.character(">"), .pageDown], .nextPage, label: "panels", keyLabel: "<>",
                   footer: .whenPaging, help: "show the next panels when not all fit"),
        KeyBinding([.character("<"), .pageUp], .previousPage, label: "panels", footer: .never,
                   help: "show the previous panels"),
        KeyBinding([.character("v")], .cycleView(1), label: "view",
                   help: "next teaching view (1 inspector ... 5 embedding, then none)"),
        KeyBinding([.character("V")], .cycleView(-1), label: "view", footer: .never, help: "previous teaching view"),
        KeyBinding([.character("1")], .showView(.inspector), label: "view", footer: .never,
                   help: "inspector: every loss's W on the cursor pair, and why"),
        KeyBinding([.character("2")], .showView(.weights), label: "view", footer: .never,
                   help: "W vs S: every pair a point (focused loss and a second one)"),
        KeyBinding([.character("3")], .showView(.distributions), label: "view", footer: .never,
                   help: "histograms of positive / negative S, margins marked"),
        KeyBinding([.character("4")], .showView(.curves), label: "view", footer: .never,
                   help: "curves: loss, unseen MAP@R / Recall@1, the c comparison"),
        KeyBinding([.character("5")], .showView(.embedding), label: "view", footer: .never,
                   help: "embedding: the batch in 2-D (PCA), a letter per class"),
        KeyBinding([.character("u")], .toggleUnseenEmbedding, label: "unseen", footer: .never,
                   help: "embedding view: the batch or unseen-class test rows"),
        KeyBinding([.character("0")], .showView(nil), label: "view", footer: .never,
                   help: "panels only: no view, at every size"),
        KeyBinding([.character("m")], .toggleSimilarity, label: "S", footer: .never,
                   help: "hide / show the similarity panel S (room for one more loss)"),
        KeyBinding([.character("z")], .zoom(1), label: "zoom", footer: .never,
                   help: "bigger cells (auto, 1x1 ... 6x3 columns x rows, then auto)"),
        KeyBinding([.character("Z")], .zoom(-1), label: "zoom", footer: .never, help: "smaller cells"),
        KeyBinding([.character("A")], .toggleDelta, label: "delta", footer: .never,
                   help: "delta: W now minus before the last step; again: bookmarks"),
        KeyBinding([.character("T")], .cycleTheme, label: "theme", footer: .never,
                   help: "next colour scheme: dark, light (projectors, print), mono"),
        KeyBinding([.character("o")], .toggleLogScale, label: "log", footer: .never,
                   help: "weight levels by decade below the max (log) or by quarter"),
        KeyBinding([.character("]")], .selectParameter(1), label: "param", keyLabel: "[]+-", footer: .whenRoom,
                   help: "choose the focused loss's next parameter"),
        KeyBinding([.character("[")], .selectParameter(-1), label: "param", footer: .never,
                   help: "choose the focused loss's previous parameter"),
        KeyBinding([.character("+"), .character("=")], .adjustParameter(1), label: "param", footer: .never,
                   help: "raise the chosen parameter a step (choices cycle); re-weighs"),
        KeyBinding([.character("-"), .character("_")], .adjustParameter(-1), label: "param", footer: .never,
                   help: "lower the chosen parameter one step"),
        KeyBinding([.character("p")], .nextPreset, label: "preset", footer: .whenRoom,
                   help: "next preset not on another panel (losses, MS ablations)"),
        KeyBinding([.character("a")], .addLoss, label: "add", footer: .never, help: "add a panel: a preset not on screen"),
        KeyBinding([.character("x")], .removeLoss, label: "remove", footer: .never, help: "remove the focused panel"),
        KeyBinding([.character("O")], .previousPreset, label: "preset", footer: .never,
                   help: "previous preset not on another panel"),
        KeyBinding([.character("W")], .previousSecondLoss, label: "2nd", footer: .never,
                   help: "the previous second loss of W vs S"),
        KeyBinding([.character("w")], .nextSecondLoss, label: "2nd", footer: .never,
                   help: "the second loss of the weight vs similarity view"),
        KeyBinding([.character("P"), .character(")")], .stepClassesPerBatch(1), label: "P", footer: .never,
                   help: "more classes per batch P (one that fits): model reset"),
        KeyBinding([.character("(")], .stepClassesPerBatch(-1), label: "P", footer: .never,
                   help: "fewer classes per batch P: model reset"),
        KeyBinding([.character("K"), .character("}")], .stepSamplesPerClass(1), label: "K", footer: .never,
                   help: "more samples per class K (one that fits): model reset"),
        KeyBinding([.character("{")], .stepSamplesPerClass(-1), label: "K", footer: .never,
                   help: "fewer samples per class K: model reset"),
        KeyBinding([.character("d")], .stepDataset(1), label: "data", footer: .never,
                   help: "next bundled or synthetic dataset that fits the batch"),
        KeyBinding([.character("D")], .stepDataset(-1), label: "data", footer: .never, help: "previous dataset"),
        KeyBinding([.character("L")], .stepLearningRate(1), label: "lr", footer: .never,
                   help: "next learning rate (1e-4 ... 0.1, wraps); training goes on"),
        KeyBinding([.character(";")], .stepLearningRate(-1), label: "lr", footer: .never, help: "previous learning rate"),
        KeyBinding([.character("s")], .stepSeed(1), label: "seed", footer: .never, help: "next seed: model reset"),
        KeyBinding([.character("S")], .stepSeed(-1), label: "seed", footer: .never, help: "previous seed: model reset"),
        KeyBinding([.character("c")], .toggleCompare, label: "compare", runningLabel: nil, footer: .whenRoom,
                   help: "compare the losses on screen from one start: MAP@R live"),
        KeyBinding([.escape], .stopCompare, label: "stop", footer: .never, help: "stop the comparison"),
        KeyBinding([.wheelDown], .scrollView(1), label: "scroll", footer: .never, help: "mouse wheel: scroll the inspector"),
        KeyBinding([.wheelUp], .scrollView(-1), label: "scroll", footer: .never, help: "mouse wheel: scroll the inspector back"),
    ] + LectureKeys.main + [
        KeyBinding([.character("?"), .function(1)], .toggleHelp, label: "help", help: "this help"),
        KeyBinding([.character("q")], .quit, label: "quit", help: "quit (the terminal is restored)"),
        KeyBinding([.character("e")], .export(.save), label: "export", footer: .whenRoom,
                   help: "export the screen to a file, gpw-DATE-TIME.txt"),
        KeyBinding([.character("E")], .export(.openMenu), label: "export as", footer: .never,
                   help: "export as ascii, markdown, ansi, html or svg (a menu)"),
    ]

    /// Keys while the export format menu is open: `1`...`6` pick a format, enter the default.
    public static let exportMenu: [KeyBinding] =
        ExportFormat.allCases.enumerated().map { index, format in
            KeyBinding([.character(Character(String(index + 1)))], .export(.saveAs(format)), label: format.name,
                       help: "export as \(format.name) (.\(format.fileExtension))")
        } + [
            KeyBinding([.escape, .character("E")], .export(.closeMenu), label: "cancel", keyLabel: "esc",
                       help: "close the menu"),
            KeyBinding([.character("q")], .quit, label: "quit", footer: .never, help: "quit"),
        ]

    /// Keys while the help overlay is open.
    public static let help: [KeyBinding] = [
        KeyBinding([.character("?"), .escape, .function(1)], .closeHelp, label: "close help", keyLabel: "? esc",
                   help: "close this help"),
        KeyBinding([.down, .character("j"), .pageDown, .character(" "), .wheelDown], .scrollHelp(1), label: "more", keyLabel: "↓",
                   asciiKeyLabel: "down", help: "scroll the help down"),
        KeyBinding([.up, .character("k"), .pageUp, .wheelUp], .scrollHelp(-1), label: "back", keyLabel: "↑", asciiKeyLabel: "up",
                   help: "scroll the help up"),
        KeyBinding([.character("q")], .quit, label: "quit", help: "quit"),
    ]

    /// Keys of the demo player, ahead of the main table while a demo plays (they take `→`,
    /// `space` and `←` from the cursor and running; `h` `l` still move the cursor).
    public static let player: [KeyBinding] = [
        KeyBinding([.right, .character(" ")], .nextBlock, label: "next", keyLabel: "→", asciiKeyLabel: "right",
                   help: "the demo's next block"),
        KeyBinding([.left], .previousBlock, label: "back", keyLabel: "←", asciiKeyLabel: "left",
                   help: "the demo's previous block, as it was first shown"),
        KeyBinding([.pageDown], .scrollCaption(1), label: "words", footer: .never, help: "scroll the block's words down"),
        KeyBinding([.pageUp], .scrollCaption(-1), label: "words", footer: .never, help: "scroll the block's words up"),
    ]

    /// Keys while typing a pair after `g`.
    public static let pairPrompt: [KeyBinding] =
        (Array("0123456789") + [","]).map { c in
            KeyBinding([.character(c)], .promptType(c), label: String(c), footer: .never, help: "type \(c)")
        } + [
            KeyBinding([.enter], .promptSubmit, label: "go", keyLabel: "enter", help: "go to the pair i,j"),
            KeyBinding([.backspace], .promptErase, label: "erase", footer: .never, help: "erase a character"),
            KeyBinding([.escape], .promptCancel, label: "cancel", keyLabel: "esc", help: "cancel"),
        ]

    /// Keys on the "too small" screen.
    public static let tooSmall: [KeyBinding] = [
        KeyBinding([.character("q")], .quit, label: "quit", help: "quit"),
    ]

    /// The command `key` triggers in `table`, if any.
    public static func command(for key: Key, in table: [KeyBinding]) -> Command? {
        table.first { $0.keys.contains(key) }?.command
    }
}
