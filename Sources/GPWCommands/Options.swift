import DataIO
import ExplorerUI
import PairWeighting
import MetricTraining
import TUICore

/// Every option of every command, declared once. A command lists the ones it takes in
/// ``CommandTable``; two commands that take `--seed` take the same `--seed`.
enum Options {
    // MARK: Data and batch

    static let data = Option(name: "--data", value: .text, placeholder: "NAME|PATH",
                             help: "letters, leaves, digits, synthetic[:PRESET][,key=value...], a .csv with a label column, a .npy (with --labels) or a .npz (x/embeddings, y/labels)")
    static let labels = Option(name: "--labels", value: .path, placeholder: "FILE",
                               help: "the labels of a .npy (or .npz without them): a .npy of integers or one label a line")
    /// Training batches: every loss keeps a few `N x N` matrices, about 36 bytes a pair in all
    /// (measured: 0.6 GB at 13x315 = 4095 samples), so 4096 samples stay under 1 GB.
    static let batch = Option(name: "--batch", value: .shape(maximumSamples: TrainingOptions.maximumBatch), placeholder: "PxK",
                              help: "P classes x K samples a batch")
    /// The explorer's batch: every pair is a cell on screen.
    static let explorerBatch = Option(name: "--batch", value: .shape(maximumSamples: 80), placeholder: "PxK",
                                      help: "P classes x K samples a batch (P, K >= 2; the paper's 16x5 at most)")
    static let sample = Option(name: "--sample", value: .shape(maximumSamples: WeightsCommand.maximumBatch), placeholder: "PxK",
                               help: "draw one batch of P classes x K samples from the file (the rows drawn are in the JSON's rows)")
    static let seed = Option(name: "--seed", value: .unsigned, placeholder: "S",
                             help: "the seed of every random choice (batches, initial weights, --sample)")
    static let hardBatches = Option(name: "--hard-batches", value: .flag, placeholder: "",
                                    help: "each batch: a random class and its P-1 nearest classes (class-mean cosine on the training features)")
    static let seeds = Option(name: "--seeds", value: .text, placeholder: "LIST",
                              help: "run every loss once per seed (1-5, or 1,4,9) and report means, sd, 95% intervals and paired differences")
    static let baseline = Option(name: "--baseline", value: .text, placeholder: "SPEC",
                                 help: "with --seeds: the loss the others are compared with, seed by seed (default: the first --loss)")
    static let ablation = Option(name: "--ablation", value: .choice(["ms"]), placeholder: "LOSS",
                                 help: "the paper's ablation of MS: MS, without mining, without weighting, binomial, binomial with MS's mining, lifted, contrastive; with --seeds")
    static let trainClasses = Option(name: "--train-classes", value: .text, placeholder: "LIST",
                                     help: "the classes trained on, e.g. 0-12 or 0,2,5-7")
    static let testClasses = Option(name: "--test-classes", value: .text, placeholder: "LIST",
                                    help: "the unseen classes evaluated on")

    // MARK: Losses

    static let loss = Option(name: "--loss", value: .text, placeholder: "SPEC",
                             help: "a loss, NAME[:key=value,...] (gpw losses lists them); repeat it, or give a comma list (ms,triplet:margin=0.1,npair)",
                             repeatable: true)

    // MARK: Training

    private static let defaults = TrainingConfiguration()

    static let steps = Option(name: "--steps", value: .integer(0...10_000_000), placeholder: "N",
                              help: "training steps (default \(TrainingOptions.defaultSteps))")
    static let optimizer = Option(name: "--optimizer", value: .choice(OptimizerKind.allCases.map(\.rawValue)), placeholder: "NAME",
                                  help: "adam (default) or sgd")
    static let learningRate = Option(name: "--lr", value: .number(1e-12...1e6), placeholder: "X",
                                     help: "learning rate (default \(formatNumber(defaults.learningRate)))")
    static let weightDecay = Option(name: "--weight-decay", value: .number(0...10), placeholder: "X",
                                    help: "L2 weight decay (default \(formatNumber(defaults.weightDecay)))")
    static let momentum = Option(name: "--momentum", value: .number(0...0.999999), placeholder: "X",
                                 help: "SGD momentum (default \(formatNumber(defaults.momentum)))")
    static let hidden = Option(name: "--hidden", value: .text, placeholder: "W,...|none",
                               help: "hidden layer widths, e.g. 128,64, or none for a linear map (default \(defaults.hidden.map(String.init).joined(separator: ",")))")
    static let embedding = Option(name: "--embedding", value: .integer(1...4096), placeholder: "D",
                                  help: "embedding width (default \(defaults.embedding), or the synthetic preset's)")
    static let evalEvery = Option(name: "--eval-every", value: .integer(1...10_000_000), placeholder: "K",
                                  help: "evaluate every K steps (default steps/5)")
    static let evalSubset = Option(name: "--eval-subset", value: .integer(2...100_000), placeholder: "N",
                                   help: "samples per unseen class in the periodic evaluations (default \(defaults.evaluationSubsetPerClass))")
    static let fullEval = Option(name: "--full-eval", value: .flag, placeholder: "",
                                 help: "evaluate on every unseen sample, not a subset")
    static let timings = Option(name: "--timings", value: .flag, placeholder: "", help: "report where the time went")

    // MARK: Output

    static let json = Option(name: "--json", value: .flag, placeholder: "", help: "print JSON instead of a table")
    static let output = Option(name: "--output", aliases: ["-o"], value: .path, placeholder: "FILE",
                               help: "write to FILE instead of standard output")
    static let weightsFormat = Option(name: "--format", value: .choice(WeightsCommand.Format.allCases.map(\.rawValue)), placeholder: "F",
                                      help: "table (default), json, csv, or npz (with -o)")
    static let snapshotFormat = Option(name: "--format", value: .choice(ExportFormat.allCases.map(\.name) + ["cast"]), placeholder: "F",
                                       help: "plain (default), ascii, markdown, ansi, html, svg, or cast (an asciinema v2 recording)")
    static let handoutFormat = Option(name: "--format", value: .choice(DemoCommand.HandoutFormat.allCases.map(\.rawValue)), placeholder: "F",
                                      help: "a handout as markdown (default) or html (one page for print)")

    // MARK: The explorer and its screens

    static let size = Option(name: "--size", value: .text, placeholder: "WxH", help: "the screen size, e.g. 120x40")
    static let keys = Option(name: "--keys", value: .text, placeholder: "SCRIPT",
                             help: "a key script replayed first, e.g. \"n*20 tab\" (keys as in the explorer's ?, plus tick and resize=WxH)",
                             repeatable: true)
    static let noColor = Option(name: "--no-color", value: .flag, placeholder: "", help: "no colour (NO_COLOR does the same)")
    static let ascii = Option(name: "--ascii", value: .flag, placeholder: "", help: "ASCII glyphs only")
    static let head = Option(name: "--head", value: .choice(ExploreOptions.Head.allCases.map(\.rawValue)), placeholder: "H",
                             help: "raw: the embeddings as they are, n trains a linear head from the identity (default for .npy and .npz); mlp: the MLP on standardised features (default otherwise)")
    static let evalData = Option(name: "--data", value: .path, placeholder: "NAME|PATH",
                                 help: "the embeddings (or features) to evaluate, each row querying all the others: a .npy (with --labels), .npz, CSV, or a bundled or synthetic name")
    static let query = Option(name: "--query", value: .path, placeholder: "FILE",
                              help: "the query embeddings (.npy, .npz or CSV), searched in --reference")
    static let reference = Option(name: "--reference", value: .path, placeholder: "FILE",
                                  help: "the gallery the queries search (no row is left out)")
    static let queryLabels = Option(name: "--query-labels", value: .path, placeholder: "FILE",
                                    help: "the labels of a --query .npy")
    static let referenceLabels = Option(name: "--reference-labels", value: .path, placeholder: "FILE",
                                        help: "the labels of a --reference .npy")
    static let evalFormat = Option(name: "--format", value: .choice(EvalCommand.Format.allCases.map(\.rawValue)), placeholder: "F",
                                   help: "table (default) or json")
    static let theme = Option(name: "--theme", value: .choice(Theme.allCases.map(\.rawValue)), placeholder: "T",
                              help: "colour theme: dark (default), light or mono")
    static let noMouse = Option(name: "--no-mouse", value: .flag, placeholder: "",
                                help: "leave clicks to the terminal (to select text)")
    static let exportDir = Option(name: "--export-dir", value: .directory, placeholder: "DIR",
                                  help: "where e saves screens and F recordings (default .)")
    static let exportFormat = Option(name: "--export-format", value: .choice(ExportFormat.allCases.map(\.name)), placeholder: "F",
                                     help: "what e writes: plain (default), ascii, markdown, ansi, html, svg")
    static let compareSteps = Option(name: "--compare-steps", value: .integer(1...100_000), placeholder: "N",
                                     help: "the length of a c comparison (default \(ControlLadders.compareSteps))")
    static let compareBatch = Option(name: "--compare-batch", value: .shape(maximumSamples: 80), placeholder: "PxK",
                                     help: "the batch shape of a c comparison")
    static let from = Option(name: "--from", value: .path, placeholder: "FILE",
                             help: "open on an export: the screen its gpw snapshot line redraws")

    // MARK: Demos

    static let play = Option(name: "--play", value: .text, placeholder: "DEMO", help: "play a demo live in the explorer")
    static let list = Option(name: "--list", value: .flag, placeholder: "", help: "the demos compiled into gpw")
    static let all = Option(name: "--all", value: .flag, placeholder: "", help: "every demo")

    // MARK: Bench and help

    static let quick = Option(name: "--quick", value: .flag, placeholder: "", help: "a smoke test: few repeats")
    static let firstFrame = Option(name: "--first-frame", value: .flag, placeholder: "",
                                   help: "the child process of the start-up measurement", hidden: true)
    static let man = Option(name: "--man", value: .flag, placeholder: "", help: "print the manual page (roff)")
    static let help = Option(name: "--help", aliases: ["-h"], value: .flag, placeholder: "", help: "this command's help")
}
