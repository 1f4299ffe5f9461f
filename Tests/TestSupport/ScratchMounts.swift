#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Directories that refuse writes, for testing that a failed write leaves no truncated file:
/// a full disk (a tiny tmpfs filled to the brim) and a read-only one (a read-only bind mount;
/// `chmod 555` does not stop root). Both need `mount`, so root in a sandbox that allows it;
/// otherwise the body is not run and the reason is returned, for the test to print a skip.
public enum ScratchMounts {
    /// Runs `body` with a directory on a full 64 KiB tmpfs. Returns nil when it ran, else why not.
    @discardableResult
    public static func withFullDisk(_ body: (String) throws -> Void) rethrows -> String? {
        guard let dir = makeDirectory("full") else { return "cannot create a scratch directory" }
        defer { rmdir(dir) }
        guard mountFilesystem(["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]) else { return "cannot mount a tmpfs (not root?)" }
        defer { unmount(dir) }
        // Fill it: write until ENOSPC.
        let filler = dir + "/filler"
        let fd = open(filler, O_WRONLY | O_CREAT, 0o600)
        if fd >= 0 {
            let block = [UInt8](repeating: 0, count: 4096)
            while block.withUnsafeBytes({ write(fd, $0.baseAddress, 4096) }) > 0 {}
            close(fd)
        }
        try body(dir)
        return nil
    }

    /// Runs `body` with a read-only directory (already holding `seed` files, name → contents).
    @discardableResult
    public static func withReadOnlyDirectory(seed: [String: String] = [:], _ body: (String) throws -> Void) rethrows -> String? {
        guard let dir = makeDirectory("ro") else { return "cannot create a scratch directory" }
        defer {
            for name in seed.keys { unlink(dir + "/" + name) }
            rmdir(dir)
        }
        for (name, text) in seed { _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(text.utf8)) }
        guard mountFilesystem(["--bind", "-o", "ro", dir, dir]) else { return "cannot bind-mount read-only (not root?)" }
        defer { unmount(dir) }
        try body(dir)
        return nil
    }

    private static func makeDirectory(_ kind: String) -> String? {
        let dir = NSTemporaryDirectory() + "gpw-\(kind)-\(getpid())-\(UUID().uuidString)"
        return mkdir(dir, 0o755) == 0 ? dir : nil
    }

    private static func mountFilesystem(_ arguments: [String]) -> Bool {
        guard getuid() == 0 else { return false }
        return run(["mount"] + arguments) == 0
    }

    private static func unmount(_ dir: String) { _ = run(["umount", dir]) }

    private static func run(_ argv: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
