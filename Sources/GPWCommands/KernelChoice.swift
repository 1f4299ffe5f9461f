import Foundation
import PairWeighting

/// `GPW_KERNELS=portable|avx2-fma|avx512-fma|auto`: which build of the dense kernels runs. Unset
/// or `auto` keeps the engine's choice (the fastest this CPU can run). `portable` reproduces, bit
/// for bit, what any machine computes with the portable build (its results differ from the fused
/// builds' in the last bits, so a snapshot made on one may differ in a last digit on the other;
/// the two fused builds give the same bits).
enum KernelChoice {
    static let variable = "GPW_KERNELS"

    static func apply(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let value = environment[variable], !value.isEmpty, value != "auto" else { return }
        guard let build = KernelBuild(rawValue: value) else {
            let names = (["auto"] + KernelBuild.allCases.map(\.rawValue)).joined(separator: ", ")
            throw CommandError.usage("\(variable)=\(value): unknown kernel build; use one of \(names)")
        }
        guard Kernels.select(build) else {
            throw CommandError.usage("\(variable)=\(value): this CPU cannot run the \(value) kernels; "
                + "it runs \(Kernels.available.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
