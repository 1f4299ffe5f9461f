import Foundation
import Testing
import TestSupport

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
