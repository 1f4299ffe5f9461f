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

extension Kernels {
    /// Whether ``similarityKeep(queries:count:depth:galleryTransposed:galleryRows:first:width:bounds:leavingOut:rows:values:region:kept:build:)``
    /// runs on `build` (nil: the active one): the AVX-512 build only.
    public static func fusesSimilarityKeep(_ build: KernelBuild? = nil) -> Bool {
        #if canImport(CKeepFilter)
        return resolved(build) == .avx512
        #else
        return false
        #endif
    }

    /// The retrieval ranking's similarity tiles fused with ``keepAtLeast(_:in:count:firstRow:leavingOut:rows:values:kept:build:)``
    /// (`CKeepFilter`, AVX-512 only; see ``fusesSimilarityKeep(_:)``): for each of the `q` query
    /// rows (`d` doubles each) and gallery rows `first ..< first + width` (the gallery transposed,
    /// `[d, n]`), the similarity summed in increasing `p` from 0 with one fused multiply-add per
    /// term, as the FMA builds' `multiply` sums it (the same bits), is appended with its row to
    /// query `i`'s outputs (`rows`/`values` + `i · region`, at `kept[i]`) when it is at least
    /// `bounds[i]` and the row is not `own[i]`. Eight entries of slack past each count. Returns
    /// false, doing nothing, on any other build.
    public static func similarityKeep(queries: UnsafePointer<Double>, count q: Int, depth d: Int,
                                      galleryTransposed gT: UnsafePointer<Double>, galleryRows n: Int,
                                      first: Int, width: Int, bounds: UnsafePointer<Double>, leavingOut own: UnsafePointer<Int>,
                                      rows: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Double>,
                                      region: Int, kept: UnsafeMutablePointer<Int>, build: KernelBuild? = nil) -> Bool {
        #if canImport(CKeepFilter)
        guard fusesSimilarityKeep(build) else { return false }
        return gpw_similarity_keep_avx512(queries, q, d, gT, n, first, width, bounds, own, rows, values, region, kept) == 0
        #else
        return false
        #endif
    }
}
