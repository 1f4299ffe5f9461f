import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading whole input files with a size limit, so a huge file (or an endless device such as
/// `/dev/zero`) is refused instead of exhausting memory.
public enum FileReading {
    /// Files larger than this are refused (gpw's inputs are small tables of feature vectors).
    static let maximumBytes = 512 * 1024 * 1024

    /// At most this many numbers are decoded from one file (160 MB as `Double`s), so a file under
    /// the byte limit cannot expand into several gigabytes (a `.npy` of bytes, a CSV of `0,0,…`).
    static let maximumValues = 20_000_000

    /// The message for a file over ``maximumValues``.
    static func tooManyValues(_ count: Int) -> String {
        "holds \(count) or more numbers; gpw reads files of up to \(maximumValues) numbers"
    }

    /// The bytes of the file at `path` (a ``SystemPath`` string: non-UTF-8 names work).
    public static func bytes(path: String) throws(DataError) -> [UInt8] {
        let fd = open(SystemPath.cString(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR: throw .unreadable(file: path, reason: "no such file")
            case EACCES, EPERM: throw .unreadable(file: path, reason: "permission denied")
            default: throw .unreadable(file: path, reason: String(cString: strerror(code)))
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw .unreadable(file: path, reason: "is a directory")
        case S_IFCHR, S_IFBLK, S_IFSOCK: throw .unreadable(file: path, reason: "is a device, not a file")
        default: break  // regular files, and pipes (`<(…)`), which are read up to the limit
        }
        if info.st_size > maximumBytes {
            throw .invalid(file: path, reason: "is \(Int(info.st_size) / (1024 * 1024)) MiB; gpw reads files up to \(maximumBytes / (1024 * 1024)) MiB")
        }
        // Read in chunks: the size can be 0 (pipes, /proc) or change while we read.
        var out: [UInt8] = []
        out.reserveCapacity(Int(max(0, info.st_size)) + 1)
        let chunk = 1 << 20
        while true {
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: chunk))
            let n = out.withUnsafeMutableBytes { buffer in read(fd, buffer.baseAddress.map { $0 + start }, chunk) }
            if n < 0 {
                if errno == EINTR { out.removeLast(chunk); continue }
                throw .unreadable(file: path, reason: String(cString: strerror(errno)))
            }
            out.removeLast(chunk - n)
            if n == 0 { break }
            if out.count > maximumBytes {
                throw .invalid(file: path, reason: "is larger than \(maximumBytes / (1024 * 1024)) MiB; gpw reads files up to \(maximumBytes / (1024 * 1024)) MiB")
            }
        }
        return out
    }
}

/// Small UTF-8 text inputs (demo scripts, exports reopened with `gpw explore --from`), read with
/// the same limits and the same one-line messages as the data files.
public enum TextFile {
    /// The text of `path`; `.unreadable` (exit 66) when it cannot be opened, `.invalid` when it
    /// is not UTF-8.
    public static func read(path: String) throws(DataError) -> String {
        let bytes = try FileReading.bytes(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalid(file: path, reason: "is not UTF-8 text")
        }
        return text
    }
}
