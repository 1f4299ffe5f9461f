import Foundation
import Testing
import TestSupport

/// Issue 21: the fifteen causes a hostile user found, each through the real binary (a trap
/// there is an exit status here, not a crash of the test process). Every case must end with a
/// one-line message and the documented status: 64 command line, 65 bad data, 66 missing input,
/// 73 cannot write, 1 runtime; never 132/133/134/139.
///
/// `GPW_TEST_BINARY=/path/to/old/gpw swift test --filter HostileInputTests` runs them against
/// another build (each of these failed on the code before the fix).
@Suite struct HostileInputTests {
    static let digits = GPWProcess.packageRoot() + "/Sources/CBundledData/csv/digits.csv"
    static let trapStatuses: Set<Int32> = [132, 133, 134, 139]

    /// A scratch directory, removed after `body`.
    static func inScratch<T>(_ body: (String) throws -> T) throws -> T {
        let dir = NSTemporaryDirectory() + "gpw-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }

    /// `sh -c script` with `$GPW` set to the binary; stdout and stderr through files.
    static func sh(_ script: String, in dir: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["GPW"] = GPWProcess.binaryPath
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = dir + "/sh.out", err = dir + "/sh.err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        let decode = { (path: String) in String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data(), as: UTF8.self) }
        return (process.terminationStatus, decode(out), decode(err))
    }

    /// One `error: …` line.
    static func isOneErrorLine(_ stderr: String) -> Bool {
        stderr.hasPrefix("error: ") && stderr.filter { $0 == "\n" }.count == 1
    }

    /// A CSV of `rows` rows of 3 features, values scaled by `scale`, 2 classes.
    static func csv(rows: Int = 8, scale: Double) -> String {
        "label,a,b,c\n" + (0..<rows).map { i in
            "\(i % 2),\(Double(i + 1) * scale),\(Double(2 * i - 3) * scale),\(scale)"
        }.joined(separator: "\n") + "\n"
    }

    // MARK: 1. gpw weights has a batch-size limit

    @Test func weightsRefusesABatchTooLargeNamingTheSizeAndSample() throws {
        let r = try GPWProcess.run(["weights", "--data", "letters", "--loss", "contrastive"])
        #expect(r.status == 64, "\(r.status): \(r.stderr.prefix(300))")
        #expect(Self.isOneErrorLine(r.stderr) && r.stderr.contains("20000") && r.stderr.contains("3.2 GB")
                && r.stderr.contains("--sample"), "\(r.stderr.prefix(300))")
        #expect(r.stdout.isEmpty)
        let sampled = try GPWProcess.run(["weights", "--data", "digits", "--sample", "40x40", "--loss", "ms"])
        #expect(sampled.status == 64 && sampled.stderr.contains("--sample 40x40") && sampled.stderr.contains("1000"),
                "\(sampled.status): \(sampled.stderr)")
        // Memory grows with the losses too: 1000 samples with seven losses is over the budget.
        let manyLosses = try GPWProcess.run(["weights", "--data", "digits", "--sample", "10x100"] + Array(repeating: ["--loss", "ms"], count: 7).flatMap { $0 })
        #expect(manyLosses.status == 64 && manyLosses.stderr.contains("7 losses") && manyLosses.stderr.contains("--loss"),
                "\(manyLosses.status): \(manyLosses.stderr)")
    }

    // MARK: 2. huge but finite embeddings: no trap in the table, no nulls in JSON

    @Test(arguments: ["table", "json", "csv"])
    func hugeFiniteEmbeddingsAreRefusedNotTrappedOrNulled(_ format: String) throws {
        try Self.inScratch { dir in
            try Self.csv(scale: 1e170).write(toFile: dir + "/huge.csv", atomically: true, encoding: .utf8)
            let r = try GPWProcess.run(["weights", "--data", dir + "/huge.csv", "--loss", "ms", "--format", format])
            #expect(r.status == 65, "\(format): \(r.status) \(r.stderr.prefix(300))")
            #expect(Self.isOneErrorLine(r.stderr) && r.stderr.contains("huge.csv:2:") && r.stderr.contains("1e+150"),
                    "\(r.stderr.prefix(300))")
            #expect(!r.stdout.contains("null") && !r.stdout.contains("nan"))
        }
    }

    // MARK: 3. failed writes to stdout and stderr

    @Test func failedWritesEndWithAStatusNotATrap() throws {
        try Self.inScratch { dir in
            let full = try Self.sh("\"$GPW\" losses > /dev/full", in: dir)
            #expect(full.status == 73 && full.stderr == "error: cannot write to standard output: No space left on device\n",
                    "\(full.status): \(full.stderr.prefix(300))")
            let closed = try Self.sh("\"$GPW\" losses >&-", in: dir)
            #expect(closed.status == 73 && closed.stderr.contains("Bad file descriptor"), "\(closed.status): \(closed.stderr.prefix(300))")
            // The error message itself cannot be written: still the status, no trap.
            let noStderr = try Self.sh("\"$GPW\" losses > /dev/full 2>&-", in: dir)
            #expect(noStderr.status == 73, "\(noStderr.status)")
            let usageNoStderr = try Self.sh("\"$GPW\" nosuch 2>&-", in: dir)
            #expect(usageNoStderr.status == 64, "\(usageNoStderr.status)")
            // A closed pipe: the conventional SIGPIPE death (141 in a shell), silently, even
            // when the parent ignores SIGPIPE.
            let pipe = try Self.sh("trap '' PIPE; ( \"$GPW\" weights --data digits --sample 10x50 --format json; echo \"status=$?\" >&2 ) | head -c 1 > /dev/null",
                                   in: dir)
            #expect(pipe.stderr == "status=141\n", "\(pipe.stderr.prefix(300))")
        }
    }

    // MARK: 4. integer overflow in command-line numbers, also through gpw demo

    @Test(arguments: [["snapshot", "--batch", "9223372036854775807x2"],
                      ["snapshot", "--batch", "3037000500x3037000500"],
                      ["explore", "--batch", "4611686018427387904x4"],
                      ["train", "--data", "synthetic", "--batch", "9223372036854775807x9223372036854775807", "--steps", "1"],
                      ["weights", "--data", "digits", "--sample", "9223372036854775807x3"],
                      ["snapshot", "--keys", "resize=100000x100000"],
                      ["snapshot", "--keys", "n*9223372036854775808"]])
    func overflowingNumbersAreUsageErrors(_ argv: [String]) throws {
        let r = try GPWProcess.run(argv)
        #expect(r.status == 64 && Self.isOneErrorLine(r.stderr), "\(argv): \(r.status) \(r.stderr.prefix(300))")
    }

    @Test func overflowingNumbersInADemoAreDataErrors() throws {
        try Self.inScratch { dir in
            let demo = "# overflow\n\n```gpw-snapshot\n--batch 9223372036854775807x2 --size 80x24\n```\n"
            try demo.write(toFile: dir + "/demo.md", atomically: true, encoding: .utf8)
            let r = try GPWProcess.run(["demo", dir + "/demo.md"])
            #expect(r.status == 65 && r.stderr.contains("demo.md:3") && r.stderr.contains("--batch"),
                    "\(r.status): \(r.stderr.prefix(300))")
        }
    }

    // MARK: 8. file content in messages: escaped and cut

    @Test func messagesEscapeControlCharactersAndCutFileContent() throws {
        try Self.inScratch { dir in
            try "label,a\n1,\u{1B}]0;owned\u{07}\u{1B}[31mred\n".write(toFile: dir + "/esc.csv", atomically: true, encoding: .utf8)
            let r = try GPWProcess.run(["weights", "--data", dir + "/esc.csv"])
            #expect(r.status == 65 && Self.isOneErrorLine(r.stderr), "\(r.status): \(r.stderr)")
            #expect(!r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(r.stderr.debugDescription)")
            #expect(r.stderr.contains("\\x1B[31mred"), "\(r.stderr)")
            // 100 kB of binary garbage without a line break: a short message.
            var garbage = [UInt8](repeating: 0, count: 100_000)
            var x: UInt32 = 12345
            for i in garbage.indices { x = x &* 1_103_515_245 &+ 12345; garbage[i] = UInt8(truncatingIfNeeded: x >> 16) | 0x80 }
            _ = FileManager.default.createFile(atPath: dir + "/garbage.csv", contents: Data(garbage))
            let g = try GPWProcess.run(["weights", "--data", dir + "/garbage.csv"])
            #expect(g.status == 65 && Self.isOneErrorLine(g.stderr) && g.stderr.count < 300, "\(g.status): \(g.stderr.count) characters")
            // A control character in a command-line word is escaped too.
            let word = try GPWProcess.run(["snapshot", "--keys", "n \u{1B}[2J"])
            #expect(word.status == 64 && !word.stderr.contains("\u{1B}"), "\(word.stderr.debugDescription)")
        }
    }

    // MARK: 9. snapshot and explore: 66 for a missing file, 65 for a malformed one

    @Test(arguments: ["snapshot", "explore"])
    func snapshotAndExploreUseTheDataStatuses(_ command: String) throws {
        try Self.inScratch { dir in
            let missing = try GPWProcess.run([command, "--data", dir + "/missing.csv"])
            #expect(missing.status == 66 && missing.stderr.contains("missing.csv: cannot read"), "\(missing.status): \(missing.stderr)")
            try "label,a\n1,x\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
            let bad = try GPWProcess.run([command, "--data", dir + "/bad.csv"])
            #expect(bad.status == 65 && bad.stderr.contains("bad.csv:2:"), "\(bad.status): \(bad.stderr)")
        }
    }

    // MARK: 10. file names that are not UTF-8

    @Test func aLatin1FileNameIsFoundAndPrintedEscaped() throws {
        try Self.inScratch { dir in
            let name = "caf$(printf '\\351').csv"
            let found = try Self.sh("cp '\(Self.digits)' \"\(name)\" && \"$GPW\" weights --data \"\(name)\" --sample 2x2 --loss ms --format csv",
                                    in: dir)
            #expect(found.status == 0 && found.stdout.hasPrefix("loss,anchor"), "\(found.status): \(found.stderr)")
            let missing = try Self.sh("\"$GPW\" weights --data \"no$(printf '\\351').csv\"", in: dir)
            #expect(missing.status == 66 && missing.stderr == "error: no\\xE9.csv: cannot read: no such file\n", "\(missing.stderr)")
        }
    }

    // MARK: 11. extreme but finite scales of rows

    @Test(arguments: [1e200, 1e-200, 1e-13])
    func extremeRowScalesAreRefusedWithTheReason(_ scale: Double) throws {
        try Self.inScratch { dir in
            try Self.csv(scale: scale).write(toFile: dir + "/scaled.csv", atomically: true, encoding: .utf8)
            let r = try GPWProcess.run(["weights", "--data", dir + "/scaled.csv", "--loss", "ms", "--format", "json"])
            #expect(r.status == 65 && Self.isOneErrorLine(r.stderr) && r.stderr.contains("scaled.csv:2:")
                    && r.stderr.contains(scale > 1 ? "scale the data down" : "scale the data up"), "\(scale): \(r.status) \(r.stderr)")
            #expect(r.stdout.isEmpty)
            let train = try GPWProcess.run(["train", "--data", dir + "/scaled.csv", "--steps", "1", "--batch", "1x2"])
            #expect(train.status == 65 && train.stderr.contains("scaled.csv:2:"), "\(train.status): \(train.stderr)")
        }
    }

    @Test func moderateScalesGiveTheSameSimilarities() throws {
        try Self.inScratch { dir in
            var outputs: [String] = []
            for scale in [1.0, 1e100, 1e-9] {
                try Self.csv(scale: scale).write(toFile: dir + "/s.csv", atomically: true, encoding: .utf8)
                let r = try GPWProcess.run(["weights", "--data", dir + "/s.csv", "--loss", "ms", "--format", "table"])
                #expect(r.status == 0, "\(scale): \(r.stderr)")
                outputs.append(r.stdout.components(separatedBy: "\nms").first ?? "")
            }
            #expect(outputs[0].contains("similarity") && outputs.allSatisfy { $0 == outputs[0] }, "\(outputs)")
        }
    }

    // MARK: 12. a UTF-8 byte-order mark

    @Test func aByteOrderMarkIsAccepted() throws {
        try Self.inScratch { dir in
            let text = try String(contentsOfFile: Self.digits, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: dir + "/bom.csv", contents: Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)))
            let withBOM = try GPWProcess.run(["weights", "--data", dir + "/bom.csv", "--sample", "3x2", "--format", "csv"])
            let without = try GPWProcess.run(["weights", "--data", Self.digits, "--sample", "3x2", "--format", "csv"])
            #expect(withBOM.status == 0 && withBOM.stdout == without.stdout && !without.stdout.isEmpty, "\(withBOM.status): \(withBOM.stderr)")
        }
    }

    // MARK: found on the way: -o to a device

    /// `-o /dev/null` renamed a temporary file over the device: as root that replaced /dev/null
    /// with a regular file for the whole machine. Checked on a private device node (the null
    /// device, 1:3, made with mknod in a scratch directory), never on /dev/null itself.
    @Test func outputToADeviceWritesThroughIt() throws {
        try Self.inScratch { dir in
            let node = dir + "/null"
            guard mknod(node, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 else {
                print("skipped: cannot mknod a device node (not root?)")
                return
            }
            for argv in [["snapshot", "--data", "digits", "-o", node],
                         ["demo", GPWProcess.packageRoot() + "/demos/01-gpw-idea.md", "--output", node]] {
                let r = try GPWProcess.run(argv)
                var info = stat()
                #expect(r.status == 0 && stat(node, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR,
                        "\(argv[0]): \(r.status) \(r.stderr); still a device: \(info.st_mode & S_IFMT == S_IFCHR)")
            }
            let intoDirectory = try GPWProcess.run(["snapshot", "--data", "digits", "-o", dir])
            #expect(intoDirectory.status == 73 && intoDirectory.stderr.contains("is a directory"), "\(intoDirectory.stderr)")
        }
    }

    // MARK: 15. -o and --output together

    @Test(arguments: ["snapshot", "demo"])
    func outputGivenTwiceIsRefused(_ command: String) throws {
        try Self.inScratch { dir in
            let extra = command == "demo" ? [GPWProcess.packageRoot() + "/demos/01-gpw-idea.md"] : []
            let r = try GPWProcess.run([command] + extra + ["-o", dir + "/a.txt", "--output", dir + "/b.txt"])
            #expect(r.status == 64 && r.stderr.contains("-o and --output"), "\(r.status): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/a.txt") && !FileManager.default.fileExists(atPath: dir + "/b.txt"))
        }
    }
}
