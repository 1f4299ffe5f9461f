import CRowExtremes

extension Kernels {
    /// Every anchor's least similar positive and most similar negative (``MSMining``'s two
    /// thresholds) on `build`: `low[i] = min {S_ij : j ≠ i, y_j = y_i}` (`+∞` if none),
    /// `high[i] = max {S_ij : y_j ≠ y_i}` (`−∞` if none), a NaN never winning. One contiguous
    /// pass per row, eight pairs at a time (`Sources/CRowExtremes`); every build gives the same
    /// bits (comparisons only).
    static func labelledExtremes(_ s: UnsafePointer<Double>, labels y: UnsafePointer<Int>, count n: Int,
                                 low: UnsafeMutablePointer<Double>, high: UnsafeMutablePointer<Double>,
                                 build: KernelBuild? = nil) {
        // `long` is Swift's `Int` on every platform gpw builds for (64-bit Linux and macOS).
        switch resolved(build) {
        case .avx512: gpw_row_extremes_avx512(s, y, n, low, high)
        case .avx2: gpw_row_extremes_avx2(s, y, n, low, high)
        case .portable: gpw_row_extremes_portable(s, y, n, low, high)
        }
    }
}
