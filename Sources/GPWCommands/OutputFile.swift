import Foundation

/// The one way commands write `-o FILE`.
enum OutputFile {
    /// Writes `bytes` to `path` atomically (a temporary file in the same directory, then rename).
    /// A path that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written in place:
    /// renaming over it would replace the device with a regular file (as root, `-o /dev/null`
    /// used to delete /dev/null for the whole machine).
    static func write(_ bytes: [UInt8], to path: String) throws {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            guard info.st_mode & S_IFMT != S_IFDIR else {
                throw CommandError("-o \(path): cannot write: is a directory", status: .cannotCreate)
            }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw CommandError("-o \(path): cannot write (\(String(cString: strerror(errno))))", status: .cannotCreate)
            }
            defer { close(fd) }
            let code = Output.writeAll(bytes, to: fd)
            guard code == 0 else {
                throw CommandError("-o \(path): cannot write (\(String(cString: strerror(code))))", status: .cannotCreate)
            }
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandError("-o \(path): cannot write (\((error as NSError).localizedDescription))", status: .cannotCreate)
        }
    }

    /// Writes what `body` emits to `path`, piece by piece (never the whole text at once): into a
    /// temporary file beside it, renamed over `path` at the end, so a failure leaves `path` as it
    /// was; a device or FIFO is written in place, as ``write(_:to:)`` does.
    static func stream(to path: String, _ body: ((String) throws(CommandError) -> Void) throws(CommandError) -> Void) throws {
        var info = stat()
        let inPlace = stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG
        if inPlace, info.st_mode & S_IFMT == S_IFDIR {
            throw CommandError("-o \(path): cannot write: is a directory", status: .cannotCreate)
        }
        let directory = (path as NSString).deletingLastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.gpw-out-XXXXXX").utf8CString)
        let fd: Int32 = inPlace ? open(path, O_WRONLY | O_CLOEXEC) : mkstemp(&template)
        guard fd >= 0 else {
            throw CommandError("-o \(path): cannot write (\(String(cString: strerror(errno))))", status: .cannotCreate)
        }
        let temporary = inPlace ? nil : String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        defer {
            if !closed { close(fd) }
            if let temporary { unlink(temporary) }   // a no-op once renamed
        }
        try body { (text: String) throws(CommandError) in
            let code = Output.writeAll(Array(text.utf8), to: fd)
            guard code == 0 else { throw CommandError("-o \(path): cannot write (\(String(cString: strerror(code))))", status: .cannotCreate) }
        }
        if let temporary {
            fchmod(fd, 0o644 & ~currentUmask())
            closed = true
            guard close(fd) == 0, rename(temporary, path) == 0 else {
                throw CommandError("-o \(path): cannot write (\(String(cString: strerror(errno))))", status: .cannotCreate)
            }
        }
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return mask
    }
}
