import DataIO
import ExplorerUI
import Foundation
@testable import GPWCommands
import MetricTraining
import Testing
import TUICore

/// Seeded, repeatable fuzzing of every command's option parsing and of key scripts: random
/// argument vectors built from real flags, extreme numbers and junk. Each vector is accepted or
/// refused with a usage error that names a flag; nothing traps, nothing runs long.
/// `GPW_FUZZ_ITERATIONS` raises the budget (default 2000 vectors per command).
@Suite struct FlagFuzzReliabilityTests {
    static var iterations: Int {
        if let text = ProcessInfo.processInfo.environment["GPW_FUZZ_ITERATIONS"], let n = Int(text) { return n }
        return 2000
    }

    static let trainFlags = ["--data", "--labels", "--train-classes", "--test-classes", "--batch", "--optimizer", "--lr",
                             "--weight-decay", "--momentum", "--hidden", "--embedding", "--seed", "--eval-subset", "--steps",
                             "--eval-every", "--full-eval", "--json", "--timings", "--loss"]
    static let exploreFlags = ["--data", "--batch", "--seed", "--loss", "--no-color", "--ascii"]
    static let weightsFlags = ["--data", "--labels", "--loss", "--format", "--sample", "--seed"]
    static let snapshotFlags = exploreFlags + ["--size", "--keys", "--format", "-o", "--output"]
    static let values = ["0", "1", "-1", "2", "1e6", "1e-13", "1e308", "-0", "nan", "inf", "-inf", "0.5", "10000",
                         "99999999999999999999", "9223372036854775807", "-9223372036854775808", "2147483648", "",
                         "2x2", "1x1", "0x0", "16x5", "100x100", "-2x3", "2x", "x2", "3X3", "4x4x4", "8x8", "9999999999x2",
                         "none", "64", "128,64", "0,1", "1,,2", "4096,4096", "4096,4096,4096,4096", "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
                         "adam", "sgd", "ADAM", "ms", "ms:beta=10000", "ms:lambda=-1", "contrastive:pos-margin=5", "ms:epsilon=5",
                         "triplet:margin=nan", "nosuch", "letters", "synthetic", "synthetic:demo,classes=100000",
                         "0-12", "13-25", "0-99999999999", "5-1", "a-b", "json", "csv", "table", "é", "--", "-", "=", " ",
                         // Overflow values (issue 21): products and sides past Int.max, repeats past the caps.
                         "9223372036854775807x2", "4611686018427387904x4", "3037000500x3037000500", "2x9223372036854775807",
                         "9223372036854775808x1", "1x-9223372036854775808", "18446744073709551616", "9223372036854775808",
                         "80x9223372036854775807", "1000x1000", "1001x1", "n*9223372036854775807", "n*100000 n*100000",
                         "resize=9223372036854775807x2", "resize=100000x100000", "tick*100000", "\u{1B}[2J"]

    /// A random argument vector from `flags` and ``values``, with `--flag=value` forms, stray
    /// words, repeats and missing values.
    static func vector(_ rng: inout FuzzSource, flags: [String]) -> [String] {
        var out: [String] = []
        for _ in 0..<rng.below(7) {
            let flag = rng.below(12) == 0 ? ["--nope", "-x", "stray", "--lr=", "--Data"][rng.below(5)] : flags[rng.below(flags.count)]
            switch rng.below(5) {
            case 0: out.append(flag)                                       // maybe missing its value
            case 1: out.append("\(flag)=\(values[rng.below(values.count)])")
            default: out += [flag, values[rng.below(values.count)]]
            }
        }
        return out
    }

    /// A usage error must say which flag (or word) it is about (`-o` is the one short flag).
    static func namesAFlag(_ error: CommandError, in argv: [String]) -> Bool {
        error.status == .usage && (error.message.contains("--") || error.message.contains("unknown option -")
            || error.message.contains("unexpected argument") || error.message.hasPrefix("-o"))
    }

    /// A tiny split instead of loading `--data` (the loaders have their own fuzz test).
    static let tinySplit: DataSplit? = {
        var p = SyntheticParameters()
        p.classes = 20
        p.samplesPerClass = 10
        return try? DataSplit(p.generate(name: "tiny"), rule: .halvesOfClasses)
    }()

    /// `gpw train`'s parsing path with `split` in place of the data.
    static func parseTrain(_ argv: [String], split: DataSplit) -> Result<TrainingOptions, CommandError> {
        Result { () throws(CommandError) -> TrainingOptions in
            var arguments = Arguments(argv, command: "gpw train")
            for spec in try arguments.values("--loss") { _ = try TrainingOptions.loss(spec) }
            let options = try TrainingOptions.read(&arguments, loadSplit: { _, _, _, _ throws(CommandError) in split })
            try arguments.finish()
            return options
        }
    }

    @Test func trainAndCompareOptions() throws {
        let split = try #require(Self.tinySplit)
        var rng = FuzzSource(seed: 0x7A41)
        var accepted = 0, sessions = 0, refused = 0
        for _ in 0..<Self.iterations {
            let argv = ["--data", "x"] + Self.vector(&rng, flags: Self.trainFlags)
            switch Self.parseTrain(argv, split: split) {
            case .success(let options):
                #expect(options.steps >= 0 && options.evaluateEvery >= 1)
                #expect(options.configuration.learningRate > 0 && options.configuration.learningRate.isFinite)
                accepted += 1
                // Sessions on the tiny split: refused batch shapes must name --batch.
                if TrainingOptions.parameterCount(inputs: split.train.features.columns, hidden: options.configuration.hidden,
                                                  embedding: options.configuration.embedding) < 200_000 {
                    switch Result(catching: { () throws(CommandError) in try options.makeSession() }) {
                    case .success: sessions += 1
                    case .failure(let error): #expect(Self.namesAFlag(error, in: argv), "\(argv): \(error.message)")
                    }
                }
            case .failure(let error):
                refused += 1
                #expect(Self.namesAFlag(error, in: argv), "\(argv): \(error.message)")
            }
        }
        #expect(accepted > 50 && refused > 50 && sessions > 10, "accepted \(accepted), refused \(refused), sessions \(sessions)")
    }

    @Test func exploreOptions() {
        var rng = FuzzSource(seed: 0xE4B1)
        var accepted = 0
        for _ in 0..<Self.iterations {
            let argv = Self.vector(&rng, flags: Self.exploreFlags)
            var arguments = Arguments(argv, command: "gpw explore")
            do {
                let options = try ExploreOptions.parse(&arguments)
                #expect(options.classes >= 2 && options.samples >= 1 && options.classes * options.samples <= 80)
                accepted += 1
            } catch {
                #expect(Self.namesAFlag(error, in: argv), "\(argv): \(error.message)")
            }
        }
        #expect(accepted > 50)
    }

    @Test func weightsOptions() {
        var rng = FuzzSource(seed: 0x3E16)
        var accepted = 0
        for _ in 0..<Self.iterations {
            let argv = ["--data", "letters"] + Self.vector(&rng, flags: Self.weightsFlags)
            var arguments = Arguments(argv, command: "gpw weights")
            do {
                let options = try WeightsCommand.parse(&arguments)
                _ = try WeightsCommand.parseSpecs(options.specTexts)
                accepted += 1
            } catch {
                #expect(Self.namesAFlag(error, in: argv), "\(argv): \(error.message)")
            }
        }
        #expect(accepted > 50)
    }

    /// `gpw snapshot`'s (and so `gpw demo`'s) parsing, with the overflow values: refused naming
    /// a flag, or accepted within every cap.
    @Test func snapshotOptions() {
        var rng = FuzzSource(seed: 0x5A9F)
        var accepted = 0
        for _ in 0..<Self.iterations {
            let argv = Self.vector(&rng, flags: Self.snapshotFlags).filter { $0 != "--data" && !$0.hasPrefix("--data=") }
            var arguments = Arguments(argv, command: "gpw snapshot")
            do {
                let request = try SnapshotCommand.parse(&arguments)
                #expect(request.size.width <= 1000 && request.size.height <= 1000)
                #expect(request.actions.count <= ActionScript.maximumActions)
                #expect(request.options.classes * request.options.samples <= 80)
                accepted += 1
            } catch {
                #expect(Self.namesAFlag(error, in: argv), "\(argv): \(error.message)")
            }
        }
        #expect(accepted > 50)
    }

    /// Key scripts: random words and mutated key names. What parses names itself back; what
    /// does not is refused naming the word.
    @Test func keyScripts() {
        var rng = FuzzSource(seed: 0x4E75)
        let words = ["n", "space", "tab", "shift-tab", "esc", "escape", "f1", "f12", "f13", "f0", "F5", "pgdn", "PageUp", "?",
                     "é", "⣿", "resize", "enter", "return", "home", "end", "up", "LEFT", "backtab", "q"]
        var parsed = 0
        for _ in 0..<(Self.iterations * 2) {
            var text = (0..<rng.below(8)).map { _ in words[rng.below(words.count)] }.joined(separator: [" ", ",", "\n", "\t"][rng.below(4)])
            var scalars = Array(text.unicodeScalars)
            for _ in 0..<rng.below(3) {
                let junk = Unicode.Scalar(UInt32(rng.below(0x3000))) ?? "x"
                scalars.insert(junk, at: rng.below(scalars.count + 1))
            }
            text = String(String.UnicodeScalarView(scalars))
            do {
                let keys = try Key.script(text)
                for key in keys { #expect(Key(name: key.name) == key, "\(key.name) does not read back") }
                parsed += 1
            } catch {
                #expect(text.contains(error.word) && !error.word.isEmpty && error.description.contains(error.word))
            }
        }
        #expect(parsed > 50)
    }
}

/// The fuzz vectors' draws: the product's ``SplitMix64`` (no system RNG), reduced with `%`. The
/// slight bias of `%` does not matter to a fuzzer; it is kept (not `integer(below:)`) so the
/// vectors stay the ones every earlier run tried.
struct FuzzSource {
    var generator: SplitMix64
    init(seed: UInt64) { generator = SplitMix64(seed: seed) }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(generator.next() % UInt64(n)) }
}
