import PairWeighting

/// The gallery in the layout the ranking reads, built once and shared (read-only) by every thread.
struct RankingGallery: @unchecked Sendable {
    /// Unit rows transposed, `[d, n]`: component `p` of every row is one contiguous run, so each
    /// tile of similarities packs its operand with plain copies.
    let transposed: [Double]
    /// The stride sample (``QueryBlockRanker/sampleSize`` rows `k · ⌊n / size⌋`) transposed the
    /// same way, `[d, size]`; empty when the gallery is too small to sample.
    let sampleTransposed: [Double]
    let rows: Int, columns: Int

    init(unit: Matrix) {
        let n = unit.rows, d = unit.columns
        rows = n
        columns = d
        var t = [Double](repeating: 0, count: n * d)
        for j in 0..<n { for p in 0..<d { t[p * n + j] = unit.storage[j * d + p] } }
        transposed = t
        let size = QueryBlockRanker.sampleSize
        if n > 4 * size {
            let stride = n / size
            var s = [Double](repeating: 0, count: size * d)
            for k in 0..<size { for p in 0..<d { s[p * size + k] = unit.storage[k * stride * d + p] } }
            sampleTransposed = s
        } else {
            sampleTransposed = []
        }
    }
}

/// Per-thread working memory that ranks a block of queries against the gallery.
///
/// For each block of up to ``block`` queries:
/// 1. a **bound** per query, a little below its `count`-th largest similarity: the similarities
///    to a stride sample of ``sampleSize`` gallery rows, and a value at or a little below the one
///    at descending position `expected + 3σ + 5` among them (a histogram, ``RankingOrder``);
/// 2. the similarities against the gallery, a **tile** of ``chunk`` rows at a time (one matrix
///    product on the engine's kernel, small enough to stay in cache), and straight away, in row
///    order and branch-free, each query keeps the rows at or above its bound: the full
///    similarity matrix is never stored;
/// 3. per query, the kept rows in the ranking's order (``RankingOrder``), of which the first
///    `count` are the answer.
///
/// The answer is exact: when at least `count` rows are kept, the `count`-th largest kept value
/// `t` is at or above the bound, so every row with `s ≥ t` was kept (ties at `t` included). When
/// fewer are kept (a sample that misjudged the query, rare), that query's row is computed again
/// and every row is a candidate. Each similarity is summed exactly as
/// `CosineSimilarity.similarity` sums it, so the two agree bit for bit.
struct QueryBlockRanker {
    /// Queries ranked together (a multiple of the kernel builds' tile heights).
    static let block = 24
    /// Gallery rows per tile of similarities (24 × 256 doubles, 48 KiB; 48 × 128 and 24 × 512
    /// were slower on letters).
    static let chunk = 256
    /// Rows in the stride sample that sets the bounds; galleries of at most 4 × this many rows
    /// are not sampled (every row is a candidate).
    static let sampleSize = 512

    let gallery: RankingGallery
    private var tile: [Double]
    private var sampleSimilarity: [Double]
    private var selectBuffer: [Double]
    /// Per query slot, the kept rows and their similarities, `region` apart.
    private var candidateRows: [Int32]
    /// The room per slot: every gallery row, and the filter's slack.
    private let region: Int
    private var candidateValues: [Double]
    private var kept = [Int](repeating: 0, count: QueryBlockRanker.block)
    private var bounds = [Double](repeating: 0, count: QueryBlockRanker.block)
    private var fullRow: [Double] = []
    private var sortScratch = RankingOrder.Scratch()
    /// The ranking of the last query asked for: first positions into that slot's candidates,
    /// then the gallery rows at them.
    private var order: [Int32]

    init(gallery: RankingGallery) {
        self.gallery = gallery
        let n = gallery.rows
        tile = [Double](repeating: 0, count: Self.block * Self.chunk)
        sampleSimilarity = [Double](repeating: 0, count: Self.block * Self.sampleSize)
        selectBuffer = [Double](repeating: 0, count: max(n, Self.sampleSize))
        region = n + Kernels.keepSlack
        // Left uninitialised: each slot writes before it reads, and only the pages a query's
        // candidates reach are ever touched (a few percent of them, on a large gallery).
        candidateRows = Self.uninitialised(Self.block * region)
        candidateValues = Self.uninitialised(Self.block * region)
        order = [Int32](repeating: 0, count: n)
    }

    /// Ranks the queries `queries` (rows of the unit matrix `unit`, at most ``block``) far enough
    /// for `counts[slot]` rows each, leaving out gallery row `excluded(q)` (-1: none). Afterwards
    /// ``ranked(slot:count:_:)`` reads each query's ranking. (The striped gallery of
    /// `RetrievalMetricsTests.largeGalleriesMatchTheFullSortTwin` takes the recomputing path for
    /// hundreds of its queries.)
    mutating func rank(queries: Range<Int>, of unit: Matrix, counts: [Int], excluding excluded: (Int) -> Int) {
        let n = gallery.rows, d = gallery.columns, q = queries.count
        precondition(q <= Self.block && counts.count >= q)
        for slot in 0..<q { kept[slot] = 0 }
        unit.storage.withUnsafeBufferPointer { f in
            let a = f.baseAddress.map { $0 + queries.lowerBound * d }
            // 1. The bounds.
            setBounds(a: a, queries: q, counts: counts)
            // 2. Tiles of similarities, each filtered at once: in one fused pass on the AVX-512
            // build (the tiles never leave the registers), else a product per chunk of rows.
            let fused = d > 0 && a != nil && gallery.transposed.withUnsafeBufferPointer { g in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: q) { own in
                    for slot in 0..<q { own[slot] = excluded(queries.lowerBound + slot) }
                    return candidateRows.withUnsafeMutableBufferPointer { rows in
                        candidateValues.withUnsafeMutableBufferPointer { values in
                            bounds.withUnsafeBufferPointer { b in
                                kept.withUnsafeMutableBufferPointer { k in
                                    Kernels.similarityKeep(queries: a!, count: q, depth: d, galleryTransposed: g.baseAddress!,
                                                           galleryRows: n, first: 0, width: n, bounds: b.baseAddress!,
                                                           leavingOut: own.baseAddress!, rows: rows.baseAddress!,
                                                           values: values.baseAddress!, region: region, kept: k.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
            if !fused { gallery.transposed.withUnsafeBufferPointer { g in
                tile.withUnsafeMutableBufferPointer { t in
                    candidateRows.withUnsafeMutableBufferPointer { rows in
                        candidateValues.withUnsafeMutableBufferPointer { values in
                            var c0 = 0
                            while c0 < n {
                                let width = min(Self.chunk, n - c0)
                                Kernels.multiply(rows: q, columns: width, depth: d,
                                                 a: a, aRowStride: d, aColumnStride: 1,
                                                 b: g.baseAddress.map { $0 + c0 }, bRowStride: n, bColumnStride: 1,
                                                 c: t.baseAddress!, cRowStride: Self.chunk, accumulate: false)
                                for slot in 0..<q {
                                    let own = excluded(queries.lowerBound + slot) - c0
                                    kept[slot] = Kernels.keepAtLeast(bounds[slot], in: t.baseAddress! + slot * Self.chunk, count: width,
                                                                     firstRow: c0, leavingOut: own,
                                                                     rows: rows.baseAddress! + slot * region,
                                                                     values: values.baseAddress! + slot * region, kept: kept[slot])
                                }
                                c0 += width
                            }
                        }
                    }
                }
            } }
            // 3. The rare query whose bound was too high: its whole row again, every row kept.
            for slot in 0..<q where kept[slot] < counts[slot] && bounds[slot] > -.infinity {
                recomputeRow(a: a.map { $0 + slot * d }, slot: slot, leavingOut: excluded(queries.lowerBound + slot))
            }
        }
    }

    /// An array of `count` trivial values whose memory is not written here.
    private static func uninitialised<T: BitwiseCopyable>(_ count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// The first `count` rows of the ranking of the query in `slot`, best first, passed to
    /// `body` as gallery row indices.
    mutating func ranked<R>(slot: Int, count: Int, _ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
        let m = kept[slot]
        let base = slot * region
        return candidateValues.withUnsafeMutableBufferPointer { values in
            candidateRows.withUnsafeMutableBufferPointer { rows in
                order.withUnsafeMutableBufferPointer { order in
                    let v = values.baseAddress! + base, r = rows.baseAddress! + base, o = order.baseAddress!
                    var m = m
                    // Many more candidates than needed (an unsampled gallery): first cut them at
                    // the count-th largest value (quickselect), in row order.
                    if m > 2 * count + 64 {
                        let threshold = selectBuffer.withUnsafeMutableBufferPointer { s in
                            s.baseAddress!.update(from: v, count: m)
                            return Self.select(s.baseAddress!, m, rank: count - 1)
                        }
                        var k = 0
                        for i in 0..<m {
                            let value = v[i]
                            v[k] = value
                            r[k] = r[i]
                            k += value >= threshold ? 1 : 0
                        }
                        m = k
                    }
                    let take = RankingOrder.sortFirst(count, values: v, rows: r, count: m, into: o, scratch: &sortScratch)
                    for i in 0..<take { o[i] = r[Int(o[i])] }
                    return body(UnsafeBufferPointer(start: o, count: take))
                }
            }
        }
    }

    private mutating func setBounds(a: UnsafePointer<Double>?, queries q: Int, counts: [Int]) {
        let n = gallery.rows, d = gallery.columns, size = Self.sampleSize
        guard !gallery.sampleTransposed.isEmpty else {
            for slot in 0..<q { bounds[slot] = -.infinity }
            return
        }
        gallery.sampleTransposed.withUnsafeBufferPointer { g in
            sampleSimilarity.withUnsafeMutableBufferPointer { s in
                Kernels.multiply(rows: q, columns: size, depth: d, a: a, aRowStride: d, aColumnStride: 1,
                                 b: g.baseAddress, bRowStride: size, bColumnStride: 1,
                                 c: s.baseAddress!, cRowStride: size, accumulate: false)
                for slot in 0..<q {
                    // The sample may hold the query itself (similarity 1): one place more.
                    let expected = Double(counts[slot]) / Double(n) * Double(size)
                    let position = Int(expected + 3 * expected.squareRoot() + 5)
                    guard position < size - 1 else { bounds[slot] = -.infinity; continue }
                    bounds[slot] = RankingOrder.valueAtOrBelow(rank: position, of: s.baseAddress! + slot * size, count: size,
                                                               scratch: &sortScratch)
                }
            }
        }
    }

    private mutating func recomputeRow(a: UnsafePointer<Double>?, slot: Int, leavingOut own: Int) {
        let n = gallery.rows, d = gallery.columns
        if fullRow.count < n { fullRow = [Double](repeating: 0, count: n) }
        gallery.transposed.withUnsafeBufferPointer { g in
            fullRow.withUnsafeMutableBufferPointer { row in
                candidateRows.withUnsafeMutableBufferPointer { rows in
                    candidateValues.withUnsafeMutableBufferPointer { values in
                        Kernels.multiply(rows: 1, columns: n, depth: d, a: a, aRowStride: d, aColumnStride: 1,
                                         b: g.baseAddress, bRowStride: n, bColumnStride: 1,
                                         c: row.baseAddress!, cRowStride: n, accumulate: false)
                        kept[slot] = Kernels.keepAtLeast(-.infinity, in: row.baseAddress!, count: n, firstRow: 0, leavingOut: own,
                                                         rows: rows.baseAddress! + slot * region, values: values.baseAddress! + slot * region, kept: 0)
                    }
                }
            }
        }
    }

    /// The value that would sit at position `rank` (0-based) if `v[0..<m]` were sorted in
    /// descending order (Hoare quickselect; reorders the buffer).
    static func select(_ v: UnsafeMutablePointer<Double>, _ m: Int, rank: Int) -> Double {
        // Indices stay within 0..<m (the pivot stops both scans), so wrapping arithmetic is safe.
        var lo = 0, hi = m &- 1
        while lo < hi {
            let pivot = v[lo &+ (hi &- lo) / 2]
            var i = lo, j = hi
            while i <= j {
                while v[i] > pivot { i &+= 1 }
                while v[j] < pivot { j &-= 1 }
                if i <= j {
                    let t = v[i]; v[i] = v[j]; v[j] = t
                    i &+= 1
                    j &-= 1
                }
            }
            if rank <= j { hi = j } else if rank >= i { lo = i } else { return v[rank] }
        }
        return v[rank]
    }
}
