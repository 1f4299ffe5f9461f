#if canImport(KernelsAVX2)
import KernelsAVX2
import KernelsAVX512
#endif
import KernelsPortable

/// The single-precision kernels (`KernelsPortable/SingleMultiply.swift`, `SingleLayers.swift`) of
/// the like-for-like paths (the float32 training step, ``SinglePrecision``), each on `build` (nil:
/// the active one), like the double kernels.
extension Kernels {
    /// Scratch floats ``singleMultiply(rows:columns:depth:a:aRowStride:aColumnStride:b:bRowStride:bColumnStride:c:cRowStride:accumulate:upperTriangleOnly:scratch:build:)``
    /// needs for a shared index of `depth`, on any build.
    public static func singleMultiplyScratch(depth: Int) -> Int { KernelsPortable.singleMultiplyScratch(depth: depth) }

    /// `C ← (accumulate ? C : 0) + A B` in single precision for strided operands
    /// (`KernelsPortable.singleMultiply` documents the strides, the order of the sums and the scratch).
    public static func singleMultiply(rows m: Int, columns n: Int, depth k: Int,
                                      a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
                                      b: UnsafePointer<Float>, bRowStride: Int, bColumnStride: Int,
                                      c: UnsafeMutablePointer<Float>, cRowStride: Int, accumulate: Bool,
                                      upperTriangleOnly: Bool = false,
                                      scratch: UnsafeMutablePointer<Float>, build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512:
            KernelsAVX512.singleMultiply(rows: m, columns: n, depth: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                                         b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, c: c, cRowStride: cRowStride,
                                         accumulate: accumulate, upperTriangleOnly: upperTriangleOnly, scratch: scratch)
            return
        case .avx2:
            KernelsAVX2.singleMultiply(rows: m, columns: n, depth: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                                       b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, c: c, cRowStride: cRowStride,
                                       accumulate: accumulate, upperTriangleOnly: upperTriangleOnly, scratch: scratch)
            return
        case .portable: break
        }
        #endif
        KernelsPortable.singleMultiply(rows: m, columns: n, depth: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                                       b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, c: c, cRowStride: cRowStride,
                                       accumulate: accumulate, upperTriangleOnly: upperTriangleOnly, scratch: scratch)
    }

    /// `y ← y + b` row by row, then ReLU when `relu` (`KernelsPortable.singleAddBias`).
    public static func singleAddBias(_ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>,
                                     relu: Bool, build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: KernelsAVX512.singleAddBias(y, rows: rows, columns: columns, bias: bias, relu: relu); return
        case .avx2: KernelsAVX2.singleAddBias(y, rows: rows, columns: columns, bias: bias, relu: relu); return
        case .portable: break
        }
        #endif
        KernelsPortable.singleAddBias(y, rows: rows, columns: columns, bias: bias, relu: relu)
    }

    /// `g ← x > 0 ? g : 0` entry-wise (`KernelsPortable.singleMaskByPositive`).
    public static func singleMaskByPositive(_ g: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int,
                                            build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: KernelsAVX512.singleMaskByPositive(g, x, count: count); return
        case .avx2: KernelsAVX2.singleMaskByPositive(g, x, count: count); return
        case .portable: break
        }
        #endif
        KernelsPortable.singleMaskByPositive(g, x, count: count)
    }

    /// `b_c = Σ_r g_rc` (`KernelsPortable.singleSumRows`).
    public static func singleSumRows(_ g: UnsafePointer<Float>, rows: Int, columns: Int, into b: UnsafeMutablePointer<Float>,
                                     build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: KernelsAVX512.singleSumRows(g, rows: rows, columns: columns, into: b); return
        case .avx2: KernelsAVX2.singleSumRows(g, rows: rows, columns: columns, into: b); return
        case .portable: break
        }
        #endif
        KernelsPortable.singleSumRows(g, rows: rows, columns: columns, into: b)
    }

    /// Adam's update in single precision into separate output buffers (`KernelsPortable.singleAdamUpdate`,
    /// which gives the formula and the three sums it returns; every build gives the same bits).
    public static func singleAdamUpdate(count: Int, parameters: UnsafePointer<Float>, newParameters: UnsafeMutablePointer<Float>,
                                        gradient: UnsafePointer<Float>,
                                        firstMoment: UnsafePointer<Float>, secondMoment: UnsafePointer<Float>,
                                        newFirstMoment: UnsafeMutablePointer<Float>, newSecondMoment: UnsafeMutablePointer<Float>,
                                        beta1: Float, beta2: Float, correction1: Float, correction2: Float,
                                        learningRate: Float, epsilon: Float, decay: Float,
                                        build: KernelBuild? = nil) -> (squares: Double, changeSquares: Double, gradientSquares: Double) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512:
            return KernelsAVX512.singleAdamUpdate(count: count, parameters: parameters, newParameters: newParameters, gradient: gradient,
                                                  firstMoment: firstMoment, secondMoment: secondMoment,
                                                  newFirstMoment: newFirstMoment, newSecondMoment: newSecondMoment,
                                                  beta1: beta1, beta2: beta2, correction1: correction1, correction2: correction2,
                                                  learningRate: learningRate, epsilon: epsilon, decay: decay)
        case .avx2:
            return KernelsAVX2.singleAdamUpdate(count: count, parameters: parameters, newParameters: newParameters, gradient: gradient,
                                                firstMoment: firstMoment, secondMoment: secondMoment,
                                                newFirstMoment: newFirstMoment, newSecondMoment: newSecondMoment,
                                                beta1: beta1, beta2: beta2, correction1: correction1, correction2: correction2,
                                                learningRate: learningRate, epsilon: epsilon, decay: decay)
        case .portable: break
        }
        #endif
        return KernelsPortable.singleAdamUpdate(count: count, parameters: parameters, newParameters: newParameters, gradient: gradient,
                                                firstMoment: firstMoment, secondMoment: secondMoment,
                                                newFirstMoment: newFirstMoment, newSecondMoment: newSecondMoment,
                                                beta1: beta1, beta2: beta2, correction1: correction1, correction2: correction2,
                                                learningRate: learningRate, epsilon: epsilon, decay: decay)
    }
}
