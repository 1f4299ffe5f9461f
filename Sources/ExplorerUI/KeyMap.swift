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
    /// `v`: the next teaching view; `0`-`5`: one view (nil: the panels alone).
    case nextView
    case showView(TeachingView?)
    /// `[` / `]`: the previous / next parameter of the focused loss.
    case selectParameter(Int)
    /// `-` / `+`: one step down / up (a choice cycles).
    case adjustParameter(Int)
    /// `p`: the focused panel shows the next preset loss.
    case nextPreset
    /// `a`: a new panel with a preset not on screen; `x`: the focused panel goes.
    case addLoss
    case removeLoss
    /// `w`: the second loss of the weight-versus-similarity view.
    case nextSecondLoss
    /// `P` / `K`: the next classes per batch / samples per class.
    case nextClassesPerBatch
    case nextSamplesPerClass
    /// `d`: the next dataset; `L`: the next learning rate; `s`: the next seed.
    case nextDataset
    case nextLearningRate
    case nextSeed
    /// `c`: start or stop a live comparison; `esc` stops it.
    case toggleCompare
    case stopCompare
    /// `u`: the embedding view shows the batch or the unseen evaluation subset.
    case toggleUnseenEmbedding
    /// Write the screen to a file in the default export format.
    case export
    /// Open the export format menu.
    case openExportMenu
    /// Write the screen in this format (from the menu).
    case exportAs(ExportFormat)
    /// Close the export menu without exporting.
    case closeExportMenu
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
        KeyBinding([.tab], .focusNext, label: "loss",
                   help: "focus the next loss: the focused loss is the one that trains"),
        KeyBinding([.backTab], .focusPrevious, label: "loss", footer: .never, help: "focus the previous loss"),
        KeyBinding([.character(">"), .pageDown], .nextPage, label: "panels", keyLabel: "<>",
                   footer: .whenPaging, help: "show the next panels when not all fit"),
        KeyBinding([.character("<"), .pageUp], .previousPage, label: "panels", footer: .never,
                   help: "show the previous panels"),
        KeyBinding([.character("v")], .nextView, label: "view",
                   help: "next teaching view (1 inspector ... 5 embedding, 0 none)"),
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
                   help: "panels only (small screens)"),
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
        KeyBinding([.character("w")], .nextSecondLoss, label: "2nd", footer: .never,
                   help: "the second loss of the weight vs similarity view"),
        KeyBinding([.character("P")], .nextClassesPerBatch, label: "P", footer: .never,
                   help: "next batch shape P (classes per batch): model reset"),
        KeyBinding([.character("K")], .nextSamplesPerClass, label: "K", footer: .never,
                   help: "next batch shape K (samples per class): model reset"),
        KeyBinding([.character("d")], .nextDataset, label: "data", footer: .never,
                   help: "next dataset (letters, leaves, digits, synthetic): reset"),
        KeyBinding([.character("L")], .nextLearningRate, label: "lr", footer: .never,
                   help: "next learning rate (1e-4 ... 0.1, wraps); training goes on"),
        KeyBinding([.character("s")], .nextSeed, label: "seed", footer: .never, help: "next seed: model reset"),
        KeyBinding([.character("c")], .toggleCompare, label: "compare", runningLabel: nil, footer: .whenRoom,
                   help: "compare the losses on screen from one start: MAP@R live"),
        KeyBinding([.escape], .stopCompare, label: "stop", footer: .never, help: "stop the comparison"),
        KeyBinding([.character("?"), .function(1)], .toggleHelp, label: "help", help: "this help"),
        KeyBinding([.character("q")], .quit, label: "quit", help: "quit (the terminal is restored)"),
        KeyBinding([.character("e")], .export, label: "export", footer: .whenRoom,
                   help: "export the screen to a file, gpw-DATE-TIME.txt"),
        KeyBinding([.character("E")], .openExportMenu, label: "export as", footer: .never,
                   help: "export as ascii, markdown, ansi, html or svg (a menu)"),
    ]

    /// Keys while the export format menu is open: `1`...`6` pick a format, enter the default.
    public static let exportMenu: [KeyBinding] =
        ExportFormat.allCases.enumerated().map { index, format in
            KeyBinding([.character(Character(String(index + 1)))], .exportAs(format), label: format.name,
                       help: "export as \(format.name) (.\(format.fileExtension))")
        } + [
            KeyBinding([.escape, .character("E")], .closeExportMenu, label: "cancel", keyLabel: "esc",
                       help: "close the menu"),
            KeyBinding([.character("q")], .quit, label: "quit", footer: .never, help: "quit"),
        ]

    /// Keys while the help overlay is open.
    public static let help: [KeyBinding] = [
        KeyBinding([.character("?"), .escape, .function(1)], .closeHelp, label: "close help", keyLabel: "? esc",
                   help: "close this help"),
        KeyBinding([.down, .character("j"), .pageDown, .character(" ")], .scrollHelp(1), label: "more", keyLabel: "↓",
                   asciiKeyLabel: "down", help: "scroll the help down"),
        KeyBinding([.up, .character("k"), .pageUp], .scrollHelp(-1), label: "back", keyLabel: "↑", asciiKeyLabel: "up",
                   help: "scroll the help up"),
        KeyBinding([.character("q")], .quit, label: "quit", help: "quit"),
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
