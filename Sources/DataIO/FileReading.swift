import Foundation

/// Reading whole input files with a size limit, so a huge file is refused instead of exhausting memory.
enum FileReading {
    /// Files larger than this are refused (gpw's inputs are small tables of feature vectors).
    static let maximumBytes = 512 * 1024 * 1024

    static func bytes(path: String) throws(DataError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "is a directory") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.intValue > maximumBytes {
            throw .invalid(file: path, reason: "is \(size.intValue / (1024 * 1024)) MiB; gpw reads files up to \(maximumBytes / (1024 * 1024)) MiB")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(file: path, reason: "permission denied or not a regular file")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            return [UInt8](data)
        } catch {
            throw .unreadable(file: path, reason: "\(error.localizedDescription)")
        }
    }
}
