import Foundation
import PairWeighting
import Testing
import TestSupport

/// `GPW_KERNELS`: picks the kernel build, refuses what it does not know or this CPU cannot run.
@Suite struct KernelChoiceTests {
    let digits = GPWProcess.packageRoot() + "/Sources/CBundledData/csv/digits.csv"

    func environment(_ value: String) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GPW_KERNELS"] = value
        return env
    }

    @Test func unknownBuildIsAUsageError() throws {
        let r = try GPWProcess.run(["losses"], environment: environment("sse9"))
        #expect(r.status == 64)
        #expect(r.stderr.contains("GPW_KERNELS=sse9") && r.stderr.contains("portable"), "\(r.stderr)")
    }

    /// Every build this machine runs gives the same table at the printed precision.
    @Test func eachAvailableBuildGivesTheSameWeightsTable() throws {
        var outputs: [String] = []
        for value in ["auto"] + Kernels.available.map(\.rawValue) {
            let r = try GPWProcess.run(["weights", "--data", digits, "--loss", "ms", "--loss", "binomial", "--sample", "4x4", "--seed", "3"],
                                       environment: environment(value))
            #expect(r.status == 0, "\(value): \(r.stderr)")
            outputs.append(r.stdout)
        }
        #expect(Set(outputs).count == 1)
    }

    @Test func versionNamesTheBuildInUse() throws {
        let chosen = try GPWProcess.run(["version"], environment: environment("portable"))
        #expect(chosen.status == 0 && chosen.stdout.contains("kernels: portable"), "\(chosen.stdout)")
        let automatic = try GPWProcess.run(["version"], environment: environment("auto"))
        let best = Kernels.available.last?.rawValue ?? "portable"
        #expect(automatic.stdout.contains("kernels: \(best)"), "\(automatic.stdout)")
    }

    @Test func unavailableBuildIsRefused() throws {
        guard !Kernels.available.contains(.avx2) else { return }     // only on CPUs without x86-64-v3
        let r = try GPWProcess.run(["losses"], environment: environment("avx2-fma"))
        #expect(r.status == 64 && r.stderr.contains("cannot run"), "\(r.stderr)")
    }
}
