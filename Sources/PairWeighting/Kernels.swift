import KernelsPortable
import Synchronization
#if canImport(KernelsAVX2)
import CPUFeatures
import KernelsAVX2
import KernelsAVX512
#endif

/// Which build of the dense kernels runs (DECISIONS.md, "Builds of the kernels").
public enum KernelBuild: String, Sendable, CaseIterable {
    /// Compiled for any CPU of the architecture (SSE2 on x86-64): bit for bit the textbook loops.
    case portable
    /// Compiled for x86-64-v3 (AVX2 and fused multiply-add): the same summation order, one
    /// rounding per multiply-add, about twice the speed.
    case avx2 = "avx2-fma"
    /// Compiled for AVX-512 (Skylake-SP class): the AVX2 build's sums and roundings, bit for bit,
    /// with a register tile of 8-double vectors.
    case avx512 = "avx512-fma"
}

/// The one entry point to the dense kernels: everything dense in gpw (`S`, `∂L/∂X`, the MLP's
/// products, Adam's update, the retrieval evaluation) calls `Kernels.…`, never a kernel module.
///
/// The path of a product, end to end:
///
///     Linear.forward, CosineSimilarity, …  →  Kernels.cosineGram / Kernels.gram  (Kernels+Cosine.swift)
///                                          →  Kernels.multiply                   (this file)
///                                          →  KernelsAVX512, KernelsAVX2 or KernelsPortable.multiply
///
/// `KernelsPortable`, `KernelsAVX2` and `KernelsAVX512` are one source compiled three times
/// (`Sources/KernelsAVX2` and `Sources/KernelsAVX512` hold symlinks to `Sources/KernelsPortable`,
/// and a test keeps it so): for any CPU of the architecture, for x86-64-v3 with fused
/// multiply-adds, and for AVX-512 (Package.swift). **Which build runs** is decided here, once, at
/// first use: the widest build `CPUFeatures` says this CPU and operating system can run, else the
/// portable one; ``select(_:)`` overrides it (`GPW_KERNELS=…` in the executable, and the tests),
/// ``active`` says which it is.
public enum Kernels {
    /// The builds this machine can run, portable first.
    public static let available: [KernelBuild] = {
        #if canImport(KernelsAVX2)
        if gpw_cpu_runs_avx512() != 0 { return [.portable, .avx2, .avx512] }
        if gpw_cpu_runs_x86_64_v3() != 0 { return [.portable, .avx2] }
        #endif
        return [.portable]
    }()

    private static let choice = Atomic<Int>(-1)

    /// The build in use.
    public static var active: KernelBuild {
        let index = choice.load(ordering: .relaxed)
        if index >= 0 { return KernelBuild.allCases[index] }
        let preferred = available.last ?? .portable
        choice.store(KernelBuild.allCases.firstIndex(of: preferred) ?? 0, ordering: .relaxed)
        return preferred
    }

    /// Uses `build` from now on; false (and no change) when this machine cannot run it.
    @discardableResult
    public static func select(_ build: KernelBuild) -> Bool {
        guard available.contains(build), let index = KernelBuild.allCases.firstIndex(of: build) else { return false }
        choice.store(index, ordering: .relaxed)
        return true
    }

    /// The build a call with `build` (nil: the active one) runs: the one asked for when this
    /// machine can run it, else the portable one.
    static func resolved(_ build: KernelBuild?) -> KernelBuild {
        let wanted = build ?? active
        return available.contains(wanted) ? wanted : .portable
    }

    /// `C ← (accumulate ? C : 0) + A B` on the active build (`KernelsPortable.multiply`, which
    /// documents the strides and the triangle option), or on `build` when given.
    ///
    /// An operand may be nil (the base address of an empty array) only when the product is
    /// empty: the sum over `k = 0` terms is 0, so `C` is zeroed unless `accumulate`.
    public static func multiply(rows m: Int, columns n: Int, depth k: Int,
                                a: UnsafePointer<Double>?, aRowStride: Int, aColumnStride: Int,
                                b: UnsafePointer<Double>?, bRowStride: Int, bColumnStride: Int,
                                c: UnsafeMutablePointer<Double>, cRowStride: Int,
                                accumulate: Bool, upperTriangleOnly: Bool = false, build: KernelBuild? = nil) {
        guard let a, let b else {
            precondition(m == 0 || n == 0 || k == 0, "multiply: a [\(m), \(k)] × [\(k), \(n)] operand has no storage")
            if !accumulate && k == 0 && n > 0 { for i in 0..<m { (c + i * cRowStride).update(repeating: 0, count: n) } }
            return
        }
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512:
            KernelsAVX512.multiply(rows: m, columns: n, depth: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                                   b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, c: c, cRowStride: cRowStride,
                                   accumulate: accumulate, upperTriangleOnly: upperTriangleOnly)
            return
        case .avx2:
            KernelsAVX2.multiply(rows: m, columns: n, depth: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                                 b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, c: c, cRowStride: cRowStride,
                                 accumulate: accumulate, upperTriangleOnly: upperTriangleOnly)
            return
        case .portable: break
        }
        #endif
        KernelsPortable.multiply(rows: m, columns: n, depth: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                                 b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, c: c, cRowStride: cRowStride,
                                 accumulate: accumulate, upperTriangleOnly: upperTriangleOnly)
    }

    /// `C ← A B` for row-major contiguous `A` `[m, k]`, `B` `[k, n]`, `C` `[m, n]`, skipping the
    /// zero entries of `A` (`KernelsPortable.multiplySparseRows`; same result bit for bit as
    /// ``multiply(rows:columns:depth:a:aRowStride:aColumnStride:b:bRowStride:bColumnStride:c:cRowStride:accumulate:upperTriangleOnly:build:)``
    /// with `accumulate: false`, for finite `B`). `partners` and `coefficients` are scratch of `k` entries.
    public static func multiplySparseRows(rows m: Int, columns n: Int, depth k: Int,
                                          a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>,
                                          partners: UnsafeMutablePointer<Int>, coefficients: UnsafeMutablePointer<Double>,
                                          build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512:
            KernelsAVX512.multiplySparseRows(rows: m, columns: n, depth: k, a: a, b: b, c: c,
                                             partners: partners, coefficients: coefficients)
            return
        case .avx2:
            KernelsAVX2.multiplySparseRows(rows: m, columns: n, depth: k, a: a, b: b, c: c,
                                           partners: partners, coefficients: coefficients)
            return
        case .portable: break
        }
        #endif
        KernelsPortable.multiplySparseRows(rows: m, columns: n, depth: k, a: a, b: b, c: c,
                                           partners: partners, coefficients: coefficients)
    }

    /// Adam's update over flat buffers on the active build (`KernelsPortable.adamUpdate`, which
    /// gives the formula and the two sums it returns; every build gives the same bits).
    @discardableResult
    public static func adamUpdate(count: Int, parameters: UnsafeMutablePointer<Double>, gradient: UnsafePointer<Double>,
                                  firstMoment: UnsafePointer<Double>, secondMoment: UnsafePointer<Double>,
                                  newFirstMoment: UnsafeMutablePointer<Double>, newSecondMoment: UnsafeMutablePointer<Double>,
                                  beta1: Double, beta2: Double, correction1: Double, correction2: Double,
                                  learningRate: Double, epsilon: Double, decay: Double,
                                  build: KernelBuild? = nil) -> (squares: Double, changeSquares: Double) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512:
            return KernelsAVX512.adamUpdate(count: count, parameters: parameters, gradient: gradient, firstMoment: firstMoment,
                                            secondMoment: secondMoment, newFirstMoment: newFirstMoment,
                                            newSecondMoment: newSecondMoment, beta1: beta1, beta2: beta2,
                                            correction1: correction1, correction2: correction2,
                                            learningRate: learningRate, epsilon: epsilon, decay: decay)
        case .avx2:
            return KernelsAVX2.adamUpdate(count: count, parameters: parameters, gradient: gradient, firstMoment: firstMoment,
                                          secondMoment: secondMoment, newFirstMoment: newFirstMoment,
                                          newSecondMoment: newSecondMoment, beta1: beta1, beta2: beta2,
                                          correction1: correction1, correction2: correction2,
                                          learningRate: learningRate, epsilon: epsilon, decay: decay)
        case .portable: break
        }
        #endif
        return KernelsPortable.adamUpdate(count: count, parameters: parameters, gradient: gradient, firstMoment: firstMoment,
                                          secondMoment: secondMoment, newFirstMoment: newFirstMoment,
                                          newSecondMoment: newSecondMoment, beta1: beta1, beta2: beta2,
                                          correction1: correction1, correction2: correction2,
                                          learningRate: learningRate, epsilon: epsilon, decay: decay)
    }
}

extension Kernels {
    /// The multiply-add peak loop of `build` (`KernelsPortable.multiplyAddPeak`): runs `rounds`
    /// rounds and returns the chains' sum and the multiply-adds done.
    public static func multiplyAddPeak(rounds: Int, build: KernelBuild? = nil) -> (sum: Double, multiplyAdds: Int) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: return (KernelsAVX512.multiplyAddPeak(rounds: rounds, seed: 1), rounds * KernelsAVX512.peakMultiplyAddsPerRound)
        case .avx2: return (KernelsAVX2.multiplyAddPeak(rounds: rounds, seed: 1), rounds * KernelsAVX2.peakMultiplyAddsPerRound)
        case .portable: break
        }
        #endif
        return (KernelsPortable.multiplyAddPeak(rounds: rounds, seed: 1), rounds * KernelsPortable.peakMultiplyAddsPerRound)
    }
}

extension Kernels {
    /// `values[k] ← e^{values[k]}` on `build` (`KernelsPortable.exponentialInPlace`), each entry
    /// bit for bit ``Elementary/exp(_:)``.
    public static func exponentialInPlace(_ values: UnsafeMutablePointer<Double>, count: Int, build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: KernelsAVX512.exponentialInPlace(values, count: count, scalar: Elementary.exp); return
        case .avx2: KernelsAVX2.exponentialInPlace(values, count: count, scalar: Elementary.exp); return
        case .portable: break
        }
        #endif
        KernelsPortable.exponentialInPlace(values, count: count, scalar: Elementary.exp)
    }

    /// `values[k] ← log values[k]` on `build` (`KernelsPortable.logarithmInPlace`), each entry
    /// bit for bit ``Elementary/log(_:)``.
    public static func logarithmInPlace(_ values: UnsafeMutablePointer<Double>, count: Int, build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: KernelsAVX512.logarithmInPlace(values, count: count, scalar: Elementary.log); return
        case .avx2: KernelsAVX2.logarithmInPlace(values, count: count, scalar: Elementary.log); return
        case .portable: break
        }
        #endif
        KernelsPortable.logarithmInPlace(values, count: count, scalar: Elementary.log)
    }

    /// Softplus into `values` and sigmoid into `sigmoids` on `build`
    /// (`KernelsPortable.softplusAndSigmoidInPlace`), each entry bit for bit
    /// ``Elementary/softplus(_:)`` and ``Elementary/sigmoid(_:)``.
    public static func softplusAndSigmoidInPlace(_ values: UnsafeMutablePointer<Double>, count: Int,
                                                 sigmoids: UnsafeMutablePointer<Double>, build: KernelBuild? = nil) {
        let scalar = { (z: Double) in (softplus: Elementary.softplus(z), sigmoid: Elementary.sigmoid(z)) }
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: KernelsAVX512.softplusAndSigmoidInPlace(values, count: count, sigmoids: sigmoids, scalar: scalar); return
        case .avx2: KernelsAVX2.softplusAndSigmoidInPlace(values, count: count, sigmoids: sigmoids, scalar: scalar); return
        case .portable: break
        }
        #endif
        KernelsPortable.softplusAndSigmoidInPlace(values, count: count, sigmoids: sigmoids, scalar: scalar)
    }
}
