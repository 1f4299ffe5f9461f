import Foundation
import Testing
import TestSupport
@testable import GPWCommands
import TUICore

/// The scratch mounts export tests rely on really refuse writes (so a test that an export
/// "failed cleanly" cannot pass because the write silently succeeded). Exports themselves are
/// tested where they are written; this checks the fixtures.
@Suite(.serialized) struct FilesReliabilityTests {
    @Test func fullDiskRefusesAWrite() {
        let skipped = ScratchMounts.withFullDisk { dir in
            let path = dir + "/export.txt"
            let ok = FileManager.default.createFile(atPath: path, contents: Data(repeating: 65, count: 8192))
            #expect(!ok, "an 8 KiB write succeeded on the full tmpfs")
        }
        if let skipped { print("skipped: \(skipped)") }
    }

    @Test func readOnlyDirectoryRefusesAWriteAndKeepsItsFiles() throws {
        let skipped = try ScratchMounts.withReadOnlyDirectory(seed: ["old.txt": "intact\n"]) { dir throws in
            #expect(!FileManager.default.createFile(atPath: dir + "/new.txt", contents: Data("x".utf8)))
            #expect(rename(dir + "/old.txt", dir + "/moved.txt") != 0 && errno == EROFS)
            #expect(try String(contentsOfFile: dir + "/old.txt", encoding: .utf8) == "intact\n")
        }
        if let skipped { print("skipped: \(skipped)") }
    }
}

/// Exports on a full disk and in a read-only directory: an error, never a truncated file, no
/// temporary file left, files already there intact, and the explorer goes on.
@Suite(.serialized) struct ExportFailureReliabilityTests {
    static func names(_ dir: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }

    @Test func fullDiskExportFailsWithoutLeavingAFile() {
        let skipped = ScratchMounts.withFullDisk { dir in
            let big = String(repeating: "0123456789abcdef\n", count: 1024)   // 17 KiB: cannot fit
            #expect(throws: ExportWriter.Failure.self) {
                try ExportWriter.save(big, directory: dir, base: "gpw-full", fileExtension: "txt")
            }
            do {
                _ = try ExportWriter.save(big, directory: dir, base: "gpw-full", fileExtension: "txt")
            } catch {
                #expect("\(error)".contains("No space left on device"), "\(error)")
            }
            #expect(Self.names(dir) == ["filler"], "left behind: \(Self.names(dir))")
        }
        if let skipped { print("skipped: \(skipped)") }
    }

    @Test func readOnlyDirectoryExportFailsAndKeepsEarlierExports() throws {
        let skipped = try ScratchMounts.withReadOnlyDirectory(seed: ["gpw-a.txt": "earlier export\n"]) { dir throws in
            do {
                _ = try ExportWriter.save("new", directory: dir, base: "gpw-a", fileExtension: "txt")
                Issue.record("wrote into a read-only directory")
            } catch {
                #expect("\(error)".contains("Read-only file system"), "\(error)")
            }
            #expect(Self.names(dir) == ["gpw-a.txt"])
            #expect(try String(contentsOfFile: dir + "/gpw-a.txt", encoding: .utf8) == "earlier export\n")
        }
        if let skipped { print("skipped: \(skipped)") }
    }

    @Test func explorerShowsTheFullDiskOnTheStatusLineAndGoesOn() throws {
        let skipped = try ScratchMounts.withFullDisk { dir throws in
            let (state, terminal) = try ExportTests.explore("n e n q", size: Size(width: 120, height: 30), directory: dir)
            let shown = terminal.frames.map { $0.text() }
            #expect(shown.contains { $0.contains("export failed: ") && $0.contains("No space left on device") })
            #expect(state.session.step == 2 && state.isFinished)
            #expect(Self.names(dir) == ["filler"])
        }
        if let skipped { print("skipped: \(skipped)") }
    }
}
