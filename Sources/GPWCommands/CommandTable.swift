import DataIO

/// Every command gpw has, with the options each takes: the one table the usage lines, `--help`,
/// `gpw help --man`, the completions and ``Arguments``' checks are all generated from.
enum CommandTable {
    typealias O = Options

    /// The explorer's own options (`gpw explore`, `gpw snapshot`, each demo block).
    static let explorerOptions = [O.data, O.labels, O.head, O.explorerBatch, O.seed, O.loss, O.noColor, O.ascii, O.theme, O.noMouse,
                                  O.compareSteps, O.compareBatch]
    /// What `gpw train` and `gpw compare` share.
    static let trainingOptions = [O.labels, O.trainClasses, O.testClasses, O.batch, O.steps, O.optimizer, O.learningRate,
                                  O.weightDecay, O.momentum, O.hidden, O.embedding, O.seed, O.hardBatches, O.evalEvery, O.evalSubset,
                                  O.fullEval, O.json, O.timings]

    static let explore = CommandInfo(
        name: "explore",
        summary: "The interactive explorer (also plain `gpw`): a live batch, every loss's pair weights side by side, n trains one step.",
        forms: [.init(optional: explorerOptions + [O.keys, O.exportDir, O.exportFormat]),
                .init(required: [O.from], optional: [O.keys, O.noColor, O.exportDir, O.exportFormat])],
        details: """
        Defaults: letters, batch 4x4, seed 1, the paper's losses. Press ? inside for every key.
        The mouse: a click on a cell picks that pair, on a title that loss, on a tab that view.

        With your own embeddings (--data x.npy --labels y.npy, or a .npz) the explorer shows
        their pair weights as they are; n trains a small MLP head on top of them, r goes back.

        e saves the screen (gpw-DATE-TIME.txt, with the gpw snapshot line that redraws it),
        E picks another format, F starts and stops a recording (asciinema v2).
        --from FILE opens on an export: its options come from the file's gpw snapshot line.
        """)

    static let losses = CommandInfo(
        name: "losses",
        summary: "Every loss, its parameters, defaults and weight formula, and what it reproduces.",
        forms: [.init(optional: [O.json])],
        details: "--json prints {\"losses\": [...]}: parameters, similarity types, equation and reproduces claims.")

    static let weights = CommandInfo(
        name: "weights",
        summary: "The loss value, per-pair weights dL/dS and dL/dx of one batch, for every loss asked.",
        forms: [.init(required: [O.data], optional: [O.labels, O.loss, O.weightsFormat, O.output, O.sample, O.seed])],
        details: """
        The batch is the whole file (at most \(WeightsCommand.maximumBatch) rows), or --sample PxK rows drawn
        with --seed. npz holds similarity, labels, rows, and gradient_K, mined_K, active_K and
        embedding_gradient_K for the K-th --loss (0-based); it needs -o FILE.
        """)

    static let train = CommandInfo(
        name: "train",
        summary: "Train an MLP embedding with one loss; unseen-class MAP@R and R@1/2/4/8 before and after.",
        forms: [.init(required: [O.data, O.loss], optional: trainingOptions)],
        details: "Defaults: 500 steps, batch 8x8, adam. Splits: letters classes 0-12 -> 13-25, leaves 0-15 -> 16-31,\ndigits rows 0-999 -> 1000-1796, others the lower half of the classes -> the upper half.")

    static let compare = CommandInfo(
        name: "compare",
        summary: "One model per loss from the same initial weights on the same batches; their retrieval side by side.",
        forms: [.init(required: [O.data, O.loss], optional: trainingOptions + [O.seeds, O.baseline]),
                .init(required: [O.data, O.ablation], optional: trainingOptions + [O.seeds, O.baseline, O.loss])],
        details: """
        Give --loss once per loss (at least two make a comparison). With --seeds every loss is
        trained once per seed; within a seed every loss starts from the same weights and sees the
        same batches, so the difference to the baseline is paired by seed. The interval is
        Student's t at 95 % over the seeds; a difference is called better or worse only when its
        interval excludes 0. Seeds run on both cores.
        """)

    static let snapshot = CommandInfo(
        name: "snapshot",
        summary: "The explorer's screen after a key script, without a terminal.",
        forms: [.init(optional: explorerOptions + [O.size, O.keys, O.snapshotFormat, O.output])],
        details: "Keys as in the explorer's help, plus tick, resize=WxH and KEY*N. cast records every frame\n(0.5 s a key, 0.1 s a tick).")

    static let demo = CommandInfo(
        name: "demo",
        summary: "The lecture demos: played live in the explorer, or turned into handouts of snapshots.",
        forms: [.init(required: [O.play], optional: [O.noMouse, O.noColor, O.theme, O.ascii, O.exportDir, O.exportFormat]),
                .init(optional: [O.handoutFormat, O.size, O.ascii, O.theme, O.all, O.output], positional: "DEMO..."),
                .init(required: [O.list])],
        details: "DEMO is a number from gpw demo --list or a Markdown file (demos/README.md has the format).\nPlaying: right or space: next block, left: back, q quits.")

    static let bench = CommandInfo(
        name: "bench",
        summary: "Timings (median, 10th-90th percentile) of every loss, a training step, explorer frames, MAP@R, start-up.",
        forms: [.init(optional: [O.json, O.quick, O.firstFrame])],
        details: "")

    static let eval = CommandInfo(
        name: "eval",
        summary: "Retrieval quality of given embeddings by cosine: MAP@R, R-precision, precision@1, Recall@1/2/4/8.",
        forms: [.init(required: [O.evalData], optional: [O.labels, O.evalFormat, O.output]),
                .init(required: [O.query, O.reference], optional: [O.queryLabels, O.referenceLabels, O.evalFormat, O.output])],
        details: """
        With --data every row queries all the others, itself left out (pytorch-metric-learning's
        ref_includes_query=True); with --query and --reference the queries search the reference
        rows. R is the number of reference rows of the query's class; a query whose class has none
        is not counted. Ties in similarity go to the lower reference row. The rows are used as they
        are (normalised, not standardised); train, compare and the explorer report the same metrics
        from the same code.
        """)

    static let completions = CommandInfo(
        name: "completions",
        summary: "A shell completion script for commands, options, dataset names and loss names.",
        forms: [.init(positional: "bash|zsh|fish")],
        details: """
        bash:  gpw completions bash > ~/.local/share/bash-completion/completions/gpw
        zsh:   gpw completions zsh > ~/.zfunc/_gpw   (with fpath+=~/.zfunc before compinit)
        fish:  gpw completions fish > ~/.config/fish/completions/gpw.fish
        """)

    static let help = CommandInfo(
        name: "help",
        summary: "gpw's help, one command's help, or the manual page.",
        forms: [.init(positional: "[COMMAND]"), .init(required: [O.man])],
        details: "Install the manual page: gpw help --man > ~/.local/share/man/man1/gpw.1 (then man gpw).")

    static let version = CommandInfo(name: "version", summary: "gpw's version and the kernels this CPU runs.",
                                     forms: [.init()], details: "")

    /// Every command, in the order the help lists them.
    static let all = [explore, losses, weights, train, compare, eval, snapshot, demo, bench, completions, help, version]

    /// The command called `name` (`weights` or `gpw weights`).
    static func command(named name: String) -> CommandInfo? {
        let bare = name.hasPrefix("gpw ") ? String(name.dropFirst(4)) : name
        return all.first { $0.name == bare } ?? (bare == "gpw" ? explore : nil)
    }

    /// What `--data` and the completions know besides paths.
    static var datasetNames: [String] { DatasetSelection.knownNames }
}
