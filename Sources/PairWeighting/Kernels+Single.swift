#if canImport(KernelsAVX2)
import KernelsAVX2
import KernelsAVX512
#endif
import KernelsPortable

extension Kernels {
    /// `G = X Xᵀ` in single precision on the active build (`KernelsPortable.singleGram`).
    public static func singleGram(_ x: UnsafePointer<Float>, rows n: Int, columns d: Int,
                                  into g: UnsafeMutablePointer<Float>, build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: KernelsAVX512.singleGram(x, rows: n, columns: d, into: g); return
        case .avx2: KernelsAVX2.singleGram(x, rows: n, columns: d, into: g); return
        case .portable: break
        }
        #endif
        KernelsPortable.singleGram(x, rows: n, columns: d, into: g)
    }

    /// `Y = A X` in single precision on the active build (`KernelsPortable.singleCombineRows`).
    public static func singleCombineRows(_ a: UnsafePointer<Float>, _ x: UnsafePointer<Float>, rows n: Int, columns d: Int,
                                         into y: UnsafeMutablePointer<Float>, build: KernelBuild? = nil) {
        #if canImport(KernelsAVX2)
        switch resolved(build) {
        case .avx512: KernelsAVX512.singleCombineRows(a, x, rows: n, columns: d, into: y); return
        case .avx2: KernelsAVX2.singleCombineRows(a, x, rows: n, columns: d, into: y); return
        case .portable: break
        }
        #endif
        KernelsPortable.singleCombineRows(a, x, rows: n, columns: d, into: y)
    }
}
