import Foundation
import MetricTraining
@testable import GPWCommands
import PairWeighting
import Testing
import TestSupport

/// Issue 19, items 1 and 2: one option table behind every command's usage, help, validation,
/// man page and completions, so they cannot drift.
@Suite struct CommandLineTests {
    static let commands = CommandTable.all.map(\.name)

    /// `gpw CMD --help`, `gpw CMD -h` and `gpw help CMD` print the same generated help, exit 0,
    /// list every option the command takes and fit 78 columns.
    @Test(arguments: commands)
    func everyCommandHasHelp(_ name: String) throws {
        let viaFlag = try GPWProcess.run([name, "--help"])
        let viaShort = try GPWProcess.run([name, "-h"])
        let viaHelp = try GPWProcess.run(["help", name])
        #expect(viaFlag.status == 0 && viaShort.status == 0 && viaHelp.status == 0, "\(viaFlag.stderr)\(viaHelp.stderr)")
        #expect(viaFlag.stdout == viaHelp.stdout && viaShort.stdout == viaHelp.stdout)
        #expect(viaFlag.stdout.hasPrefix("usage: gpw \(name)"))
        let info = try #require(CommandTable.command(named: name))
        for option in info.options where !option.hidden {
            #expect(viaFlag.stdout.contains(option.usage), "\(name) --help does not show \(option.usage)")
        }
        for line in viaFlag.stdout.split(separator: "\n") {
            #expect(line.count <= 78, "\(name) --help: \(line.count) columns: \(line)")
        }
    }

    @Test func theOverviewFits78ColumnsAndNamesEveryCommandAndPreset() throws {
        let run = try GPWProcess.run(["help"])
        #expect(run.status == 0)
        for line in run.stdout.split(separator: "\n") { #expect(line.count <= 78, "\(line)") }
        for name in Self.commands { #expect(run.stdout.contains("gpw \(name) ")) }
        for preset in SyntheticPreset.allCases { #expect(run.stdout.contains(preset.rawValue), "\(preset)") }
    }

    @Test func helpOfNoCommandSuggestsOne() throws {
        let run = try GPWProcess.run(["help", "weigts"])
        #expect(run.status == 64 && run.stderr.contains("did you mean weights?"), "\(run.stderr)")
        let unknown = try GPWProcess.run(["trian"])
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown command 'trian'; did you mean train?"), "\(unknown.stderr)")
    }

    /// A misspelt option is reported before anything is read (not as a missing `--data`), with the
    /// nearest spelling and the command's valid options.
    @Test(arguments: [
        (["train", "--setps", "3"], "unknown option --setps; did you mean --steps?"),
        (["train", "--data", "digits", "--loss", "ms", "--sede", "3"], "did you mean --seed?"),
        (["weights", "--sampel", "2x2"], "did you mean --sample?"),
        (["compare", "--full-evla"], "did you mean --full-eval?"),
        (["snapshot", "--szie", "80x24"], "did you mean --size?"),
    ])
    func misspeltOptionsGetTheNearestAndTheValidOnes(_ words: [String], _ text: String) throws {
        let run = try GPWProcess.run(words)
        #expect(run.status == 64 && run.stderr.contains(text), "\(words): \(run.stderr)")
        #expect(run.stderr.contains("valid options: ") && run.stderr.contains("gpw \(words[0]) --help"), "\(run.stderr)")
        #expect(!run.stderr.contains("needs --data"))
    }

    /// The same option has one range and one message in every command that takes it.
    @Test(arguments: ["weights", "train", "compare", "snapshot"])
    func seedIsOneOptionEverywhere(_ command: String) throws {
        let base: [String] = [command, "--data", "digits"] + (["train", "compare"].contains(command) ? ["--loss", "ms"] : [])
        let negative = try GPWProcess.run(base + ["--seed", "-1"])
        #expect(negative.status == 64 && negative.stderr.contains("--seed -1: out of range; expected a whole number in 0...18446744073709551615"),
                "\(command): \(negative.stderr)")
        let word = try GPWProcess.run(base + ["--seed", "one"])
        #expect(word.status == 64 && word.stderr.contains("--seed one: not a whole number"), "\(command): \(word.stderr)")
    }

    /// Every all-pairs allocation a user's input sizes has a stated limit (README, Robustness).
    @Test func batchesHaveTheirStatedLimits() throws {
        let train = try GPWProcess.run(["train", "--data", "letters", "--loss", "ms", "--batch", "13x400"])
        #expect(train.status == 64 && train.stderr.contains("--batch 13x400: 5200 samples; at most 4096"), "\(train.stderr)")
        let explore = try GPWProcess.run(["snapshot", "--batch", "9x9"])
        #expect(explore.status == 64 && explore.stderr.contains("--batch 9x9: 81 samples; at most 80"), "\(explore.stderr)")
    }

    @Test func aNonNumberIsCalledANonNumber() throws {
        let lr = try GPWProcess.run(["train", "--data", "digits", "--loss", "ms", "--lr", "fast"])
        #expect(lr.status == 64 && lr.stderr.contains("--lr fast: not a number"), "\(lr.stderr)")
        let beta = try GPWProcess.run(["weights", "--data", "digits", "--sample", "2x2", "--loss", "ms:beta=abc"])
        #expect(beta.status == 64 && beta.stderr.contains("beta=abc is not a number") && !beta.stderr.contains("out of range"), "\(beta.stderr)")
        let keys = try GPWProcess.run(["snapshot", "--keys", "n*1000000"])
        #expect(keys.status == 64 && keys.stderr.contains("'n*1000000': the repeat N of WORD*N must be in 1...100000") && !keys.stderr.contains("unknown key"), "\(keys.stderr)")
    }

    /// `--loss a,b` is two losses; `key=value` pieces stay with the loss before them.
    @Test func lossListsSplitAtLossNames() throws {
        #expect(LossSpec.splitList("ms,triplet:margin=0.1,triplets=hard,npair") == ["ms", "triplet:margin=0.1,triplets=hard", "npair"])
        #expect(LossSpec.splitList("ms:beta=40,lambda=1") == ["ms:beta=40,lambda=1"])
        #expect(LossSpec.splitList("contrastive:pos-margin=1,margin:margin=0.2") == ["contrastive:pos-margin=1", "margin:margin=0.2"])
        #expect(LossSpec.splitList("ms:beta=40,lambda") == ["ms:beta=40,lambda"])
        let listed = try GPWProcess.run(["weights", "--data", "digits", "--sample", "2x2", "--loss", "ms,triplet", "--format", "json"])
        let repeated = try GPWProcess.run(["weights", "--data", "digits", "--sample", "2x2", "--loss", "ms", "--loss", "triplet", "--format", "json"])
        #expect(listed.status == 0 && listed.stdout == repeated.stdout, "\(listed.stderr)")
        let malformed = try GPWProcess.run(["weights", "--data", "digits", "--sample", "2x2", "--loss", "ms:beta=40,lambda"])
        #expect(malformed.status == 64 && malformed.stderr.contains("'lambda' is not key=value"), "\(malformed.stderr)")
    }

    @Test func manPageIsRoffWithEveryCommand() throws {
        let run = try GPWProcess.run(["help", "--man"])
        #expect(run.status == 0 && run.stdout.hasPrefix(".TH GPW 1"), "\(run.stderr)")
        for name in Self.commands { #expect(run.stdout.contains("gpw \(name)") || run.stdout.contains("gpw\\ \(name)") || run.stdout.contains(name)) }
        for option in ["--sample", "--full-eval", "--export-format"] { #expect(run.stdout.contains(option.replacingOccurrences(of: "-", with: "\\-"))) }
    }

    /// The bash script parses (`bash -n`), and sourced in bash it completes commands, options,
    /// loss names and dataset names.
    @Test func bashCompletionParsesAndCompletes() throws {
        let script = try GPWProcess.run(["completions", "bash"])
        #expect(script.status == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("gpw.bash").path
        try script.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try Shell.run("bash", ["-n", file]).status == 0)
        func complete(_ words: [String]) throws -> [String] {
            let array = words.map { "'\($0)'" }.joined(separator: " ")
            let program = "source \(file); COMP_WORDS=(\(array)); COMP_CWORD=\(words.count - 1); _gpw; printf '%s\\n' \"${COMPREPLY[@]}\""
            let run = try Shell.run("bash", ["-c", program], currentDirectory: dir.path)
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try complete(["gpw", "we"]) == ["weights"])
        #expect(try complete(["gpw", "train", "--st"]) == ["--steps"])
        #expect(Set(try complete(["gpw", "weights", "--loss", "tri"])) == ["triplet"])
        #expect(try complete(["gpw", "train", "--data", "lea"]).contains("leaves"))
        #expect(try complete(["gpw", "weights", "--format", ""]).contains("npz"))
    }

    @Test func zshAndFishScriptsNameEveryCommandAndLoss() throws {
        for shell in ["zsh", "fish"] {
            let run = try GPWProcess.run(["completions", shell])
            #expect(run.status == 0)
            for name in Self.commands + ["ms", "intra-pair-variance", "synthetic:low-dim"] {
                #expect(run.stdout.contains(name), "\(shell) lacks \(name)")
            }
        }
        let bad = try GPWProcess.run(["completions", "tcsh"])
        #expect(bad.status == 64 && bad.stderr.contains("bash, zsh, fish"))
    }
}
