/// The ranking's total order on gallery rows: similarity descending, then row ascending (no two
/// rows are equal, so any correct sort gives the one answer, whatever order the rows arrive in).
enum RankingOrder {
    @inline(__always) static func before(_ a: Double, _ rowA: Int32, _ b: Double, _ rowB: Int32) -> Bool {
        a > b || (a == b && rowA < rowB)
    }

    /// Reusable buffers for ``sortFirst(_:values:rows:count:into:scratch:)``.
    struct Scratch {
        var bucket: [Int32] = []
        var starts: [Int32] = [], fill: [Int32] = []

        mutating func reserve(_ m: Int) {
            guard bucket.count < m else { return }
            bucket = [Int32](repeating: 0, count: m)
            starts = [Int32](repeating: 0, count: max(2 * m + 2, 128))
            fill = starts
        }
    }

    /// Writes to `out` the first `need` positions (of `0 ..< m`) of `values`/`rows` in the
    /// ranking's order, and returns how many were written (`min(need, m)`).
    ///
    /// A counting sort on a monotone bucket of the value, then insertion sort within buckets:
    /// `b(v) = ⌊(max − v) · B / (max − min)⌋` (clamped to `B − 1`) with `B = 2m` buckets. Each
    /// floating-point step is monotone, so `b` never increases with `v`, and a row in a lower
    /// bucket always ranks first; only rows sharing a bucket (about half a row on average; exact ties,
    /// such as duplicate rows, share one) are compared, with the full order `before`. Buckets
    /// past the one holding position `need − 1` are not sorted. Whatever order the rows arrive
    /// in, the answer is the one total order.
    @discardableResult
    static func sortFirst(_ need: Int, values v: UnsafePointer<Double>, rows r: UnsafePointer<Int32>, count m: Int,
                          into out: UnsafeMutablePointer<Int32>, scratch: inout Scratch) -> Int {
        let need = min(need, m)
        guard need > 0 else { return 0 }
        let (lo, hi) = range(v, m)
        let buckets = max(1, 2 * m)
        let scale = Double(buckets) / (hi - lo)
        guard m > 32, scale.isFinite else {            // short, or (nearly) one value
            for i in 0..<m { out[i] = Int32(truncatingIfNeeded: i) }
            insertionSort(out, 0, m, v, r)
            return need
        }
        scratch.reserve(m)
        scratch.bucket.withUnsafeMutableBufferPointer { bb in
        scratch.starts.withUnsafeMutableBufferPointer { sb in
        scratch.fill.withUnsafeMutableBufferPointer { fb in
                let bucket = bb.baseAddress!, starts = sb.baseAddress!, fill = fb.baseAddress!
                starts.update(repeating: 0, count: buckets + 1)
                for i in 0..<m {
                    let b = Int32(truncatingIfNeeded: Int(min(Double(buckets - 1), (hi - v[i]) * scale)))
                    bucket[i] = b
                    starts[Int(b) + 1] &+= 1
                }
                // Starts of the buckets; the last bucket needed holds position need − 1.
                var total: Int32 = 0                     // (a register, not a chain through memory)
                for b in 1...buckets { total &+= starts[b]; starts[b] = total }
                var last = 0
                while starts[last + 1] < Int32(need) { last += 1 }
                // Scatter (stable) the rows of the buckets needed, then order each bucket.
                // (Every row is scattered, branch-free; those past `last` are never read.)
                fill.update(from: starts, count: buckets)
                for i in 0..<m {
                    let b = Int(bucket[i])
                    out[Int(fill[b])] = Int32(truncatingIfNeeded: i)
                    fill[b] &+= 1
                }
                // One insertion sort over the buckets needed: rows in different buckets are
                // already in order, so each row moves only past rows of its own bucket.
                insertionSort(out, 0, Int(starts[last + 1]), v, r)
        }}}
        return need
    }

    /// A value at or a little below the one at descending position `rank` of `v[0 ..< m]`
    /// (`rank < m`): a histogram of 128 monotone buckets (as in ``sortFirst``) finds the bucket
    /// holding that position, and the answer is the smallest value in it. Cheaper than selecting
    /// exactly; the ranking's sampled bound needs no more.
    static func valueAtOrBelow(rank: Int, of v: UnsafePointer<Double>, count m: Int, scratch: inout Scratch) -> Double {
        precondition(rank >= 0 && rank < m)
        let (lo, hi) = range(v, m)
        let buckets = 128
        let scale = Double(buckets) / (hi - lo)
        guard scale.isFinite else { return lo }
        scratch.reserve(m)
        return scratch.bucket.withUnsafeMutableBufferPointer { bb in
            scratch.starts.withUnsafeMutableBufferPointer { sb in
                let bucket = bb.baseAddress!, counts = sb.baseAddress!
                counts.update(repeating: 0, count: buckets)
                for i in 0..<m {
                    let b = Int32(truncatingIfNeeded: Int(min(Double(buckets - 1), (hi - v[i]) * scale)))
                    bucket[i] = b
                    counts[Int(b)] &+= 1
                }
                var target = 0, total = counts[0]
                while total <= Int32(rank) { target += 1; total &+= counts[target] }
                let chosen = Int32(truncatingIfNeeded: target)
                var smallest = hi
                for i in 0..<m { smallest = bucket[i] == chosen && v[i] < smallest ? v[i] : smallest }
                return smallest
            }
        }
    }

    /// The smallest and largest of `v[0 ..< m]` (`m ≥ 1`, no NaN), four lanes at a time.
    @inline(__always)
    static func range(_ v: UnsafePointer<Double>, _ m: Int) -> (Double, Double) {
        var lo = SIMD4(repeating: v[0]), hi = lo
        var i = 0
        let raw = UnsafeRawPointer(v)
        while i + 4 <= m {
            let x = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            lo.replace(with: x, where: x .< lo)
            hi.replace(with: x, where: x .> hi)
            i += 4
        }
        var l = lo.min(), h = hi.max()
        while i < m { l = Swift.min(l, v[i]); h = Swift.max(h, v[i]); i += 1 }
        return (l, h)
    }

    /// Insertion sort of `order[lower ..< upper]` into the ranking's order.
    @inline(__always)
    static func insertionSort(_ order: UnsafeMutablePointer<Int32>, _ lower: Int, _ upper: Int,
                              _ values: UnsafePointer<Double>, _ rows: UnsafePointer<Int32>) {
        guard upper - lower > 1 else { return }
        for i in (lower + 1)..<upper {
            let x = order[i]
            let value = values[Int(x)], row = rows[Int(x)]
            var j = i - 1
            while j >= lower && before(value, row, values[Int(order[j])], rows[Int(order[j])]) {
                order[j + 1] = order[j]
                j -= 1
            }
            order[j + 1] = x
        }
    }
}
