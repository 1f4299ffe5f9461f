#if canImport(KernelsAVX2)
import KernelsAVX2
#endif
import KernelsPortable

extension Kernels {
    /// `G = X Xᵀ` in single precision on the active build (`KernelsPortable.singleGram`).
    public static func singleGram(_ x: UnsafePointer<Float>, rows n: Int, columns d: Int,
                                  into g: UnsafeMutablePointer<Float>, build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        if (build ?? active) == .avx2 && available.contains(.avx2) {
            KernelsAVX2.singleGram(x, rows: n, columns: d, into: g)
            return
        }
        #endif
        KernelsPortable.singleGram(x, rows: n, columns: d, into: g)
    }

    /// `Y = A X` in single precision on the active build (`KernelsPortable.singleCombineRows`).
    public static func singleCombineRows(_ a: UnsafePointer<Float>, _ x: UnsafePointer<Float>, rows n: Int, columns d: Int,
                                         into y: UnsafeMutablePointer<Float>, build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        if (build ?? active) == .avx2 && available.contains(.avx2) {
            KernelsAVX2.singleCombineRows(a, x, rows: n, columns: d, into: y)
            return
        }
        #endif
        KernelsPortable.singleCombineRows(a, x, rows: n, columns: d, into: y)
    }
}
