#if canImport(CKeepFilter)
import CKeepFilter
#endif

extension Kernels {
    /// Extra entries ``keepAtLeast(_:in:count:firstRow:leavingOut:rows:values:kept:build:)`` may
    /// write past the count it returns.
    public static let keepSlack = 8

    /// The retrieval ranking's filter: appends to `rows[kept...]` and `values[kept...]`, in order,
    /// every `j < width` with `s[j] ≥ bound` other than `j == own`, as row `firstRow + j`, and
    /// returns the new count. Both outputs need ``keepSlack`` entries past it.
    ///
    /// The AVX-512 build compresses eight lanes at a time (`CKeepFilter`, in C: Swift cannot name
    /// the compress instruction); the others run the branch-free scalar loop. Both keep the same
    /// rows in the same order (a test holds them to it).
    @inline(__always)
    public static func keepAtLeast(_ bound: Double, in s: UnsafePointer<Double>, count width: Int, firstRow: Int,
                                   leavingOut own: Int, rows: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Double>,
                                   kept: Int, build: KernelBuild? = nil) -> Int {
        #if canImport(CKeepFilter)
        if resolved(build) == .avx512 {
            return gpw_keep_at_least_avx512(s, width, firstRow, bound, own, rows, values, kept)
        }
        #endif
        var kept = kept
        @inline(__always) func run(_ lower: Int, _ upper: Int) {
            var j = lower
            while j < upper {                     // branch-free compaction
                let value = s[j]
                rows[kept] = Int32(truncatingIfNeeded: firstRow &+ j)
                values[kept] = value
                kept &+= value >= bound ? 1 : 0
                j &+= 1
            }
        }
        if own >= 0 && own < width {
            run(0, own)
            run(own + 1, width)
        } else {
            run(0, width)
        }
        return kept
    }
}
