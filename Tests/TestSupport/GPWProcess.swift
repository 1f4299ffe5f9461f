import Foundation

/// Runs the built `gpw` binary (next to the test bundle) and captures its output through temporary
/// files (a pipe can hang when a child daemonises).
public enum GPWProcess {
    /// The binary built alongside the tests (`.build/<config>/gpw`), or `GPW_TEST_BINARY` when
    /// set (to run the end-to-end tests against another build, e.g. to see a new test fail on
    /// the code before a fix).
    public static var binaryPath: String {
        if let override = ProcessInfo.processInfo.environment["GPW_TEST_BINARY"], !override.isEmpty { return override }
        var url = Bundle.main.bundleURL
        while url.pathExtension == "xctest" || url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        if !FileManager.default.fileExists(atPath: url.appendingPathComponent("gpw").path) {
            // Some runners set bundleURL to the build folder itself.
            url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        }
        return url.appendingPathComponent("gpw").path
    }

    /// The exit status, standard output and standard error of `gpw arguments…`.
    public static func run(_ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProgram(binaryPath, arguments, environment: environment, currentDirectory: currentDirectory)
    }

    /// The same for any program (`/usr/bin/env bash …` through ``Shell``).
    public static func runProgram(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                                  currentDirectory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return (process.terminationStatus,
                try String(contentsOf: out, encoding: .utf8),
                try String(contentsOf: err, encoding: .utf8))
    }

    /// The package root (for paths to bundled CSV files in tests).
    public static func packageRoot(filePath: String = #filePath) -> String {
        var url = URL(fileURLWithPath: filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }
}

/// Runs a program found on `PATH` (`bash`), for tests that check what gpw writes for other tools.
public enum Shell {
    public static func run(_ program: String, _ arguments: [String],
                           currentDirectory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try GPWProcess.runProgram("/usr/bin/env", [program] + arguments, currentDirectory: currentDirectory)
    }
}
