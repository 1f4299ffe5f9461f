import Foundation

/// Writes export files: a fresh name (`gpw-YYYYMMDD-HHMMSS.txt`, then `-2`, `-3` ...), never
/// overwriting, and atomically: the bytes go to a temporary file in the same directory, which is
/// then hard-linked to the final name (`link` fails instead of replacing an existing file) and
/// removed. A full or read-only disk leaves no partial file and no temporary file behind.
enum ExportWriter {
    /// Why an export could not be written.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `gpw-20261124-004930` for the local time `date`.
    static func baseName(at date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "gpw-\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
    }

    /// Saves `contents` to `directory/base.ext` (or `base-2.ext`, `base-3.ext` ... when taken)
    /// and returns the path written, relative to `directory` as given.
    static func save(_ contents: String, directory: String, base: String, fileExtension: String) throws(Failure) -> String {
        let (fd, temporary) = try temporaryFile(in: directory)
        defer { unlink(temporary) }
        var failure = writeAll(fd, Array(contents.utf8))
        if failure == nil, fsync(fd) != 0, errno != EINVAL { failure = lastError() }
        if close(fd) != 0, failure == nil { failure = lastError() }
        if let failure { throw Failure(description: "cannot write in \(directory.isEmpty ? "." : directory): \(failure)") }
        return try publish(temporary, directory: directory, base: base, fileExtension: fileExtension)
    }

    /// A new temporary file in `directory` (`.gpw-export-XXXXXX`), open for writing: its
    /// descriptor and path. The caller writes, closes, then ``publish(_:directory:base:fileExtension:)``
    /// and unlinks it.
    static func temporaryFile(in directory: String) throws(Failure) -> (Int32, String) {
        let dirPath = directory.isEmpty ? "." : directory
        var template = Array((dirPath + "/.gpw-export-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot write in \(dirPath): \(lastError())") }
        return (fd, template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// Writes every byte to `fd` (retrying interrupted writes); the error text, or nil.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return lastError()
            }
            written += n
        }
        return nil
    }

    /// Gives the complete, closed `temporary` file its final name `directory/base.ext` (or
    /// `base-2.ext` ... when taken), never replacing a file, and returns the path written.
    static func publish(_ temporary: String, directory: String, base: String, fileExtension: String) throws(Failure) -> String {
        let shownDirectory = directory == "." ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
        let dirPath = directory.isEmpty ? "." : directory
        fchmodTemporary(temporary)
        for attempt in 1...10_000 {
            let name = base + (attempt == 1 ? "" : "-\(attempt)") + "." + fileExtension
            let path = dirPath + "/" + name
            if link(temporary, path) == 0 { return shownDirectory + name }
            switch errno {
            case EEXIST:
                continue
            case EPERM, EOPNOTSUPP, EXDEV, EMLINK:
                // No hard links here (some network and FAT file systems): rename if still free.
                if access(path, F_OK) == 0 { continue }
                if rename(temporary, path) == 0 { return shownDirectory + name }
                throw Failure(description: "cannot write \(path): \(lastError())")
            default:
                throw Failure(description: "cannot write \(path): \(lastError())")
            }
        }
        throw Failure(description: "cannot write in \(dirPath): 10000 exports with the name \(base) already exist")
    }

    /// mkstemp makes the file 0600; an export is an ordinary document (0644 minus the umask).
    private static func fchmodTemporary(_ path: String) {
        let mask = umask(0)
        umask(mask)
        chmod(path, 0o666 & ~mask)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
