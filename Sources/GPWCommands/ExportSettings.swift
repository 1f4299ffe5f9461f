import Foundation
import TUICore

/// The explorer's export options: `--export-dir DIR` (default the current directory) and
/// `--export-format F` (what `e` writes; default plain).
struct ExportSettings {
    var directory = "."
    var format = ExportFormat.plain

    static func parse(_ arguments: inout Arguments) throws(CommandError) -> ExportSettings {
        var settings = ExportSettings()
        if let name = try arguments.value("--export-format") {
            settings.format = try format(name, flag: "--export-format")
        }
        if let directory = try arguments.value("--export-dir") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandError("--export-dir \(directory): no such directory", status: .noInput)
            }
            settings.directory = directory
        }
        return settings
    }

    /// Reads a format name for `flag`, or a usage error listing the formats.
    static func format(_ name: String, flag: String, alsoAccepted: [String] = []) throws(CommandError) -> ExportFormat {
        guard let format = ExportFormat(name: name) else {
            throw .usage("\(flag) \(name): unknown format; use one of \(([ExportFormat.names] + alsoAccepted).joined(separator: ", "))")
        }
        return format
    }
}
