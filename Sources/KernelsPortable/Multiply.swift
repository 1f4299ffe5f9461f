/// `C ← A B` or `C ← C + A B` for strided operands: the one dense product behind `S` (the Gram
/// product `X Xᵀ`), the embedding gradient (`A X`) and every layer of the MLP.
///
/// The classic blocked scheme (Goto & van de Geijn, "Anatomy of high-performance matrix
/// multiplication", 2008), sized for the batches gpw sees (N ≤ a few thousand, D ≤ a few thousand):
/// 1. the shared index is cut into blocks of ``depthBlock``;
/// 2. for each block, `A` is packed into slivers of ``tileRows`` rows (and up to two of
///    ``shortTileRows``, see ``rowSlivers(_:)``), `p`-major so the tile reads it sequentially (at
///    most a few hundred KiB, which stays in L2);
/// 3. for each sliver of ``tileColumns`` columns of `B`, packed the same way (≤ 32 KiB, in L1),
///    the register tile runs over every sliver of `A` (`Tile.swift`).
/// Packing also makes transposition free: an operand is described by its two strides.
///
/// Every entry is summed over the shared index in increasing order, starting from 0 (or from the
/// old `C` with `accumulate`): in `KernelsPortable` that is the textbook loop bit for bit, in
/// `KernelsAVX2` and `KernelsAVX512` the same order with fused multiply-adds.

/// Shared-index block: 256 doubles of a column sliver of `B` (16 KiB at 8 columns) stay in L1.
public let depthBlock = 256

/// `C ← (accumulate ? C : 0) + A B` for `A` `[m, k]`, `B` `[k, n]`, `C` `[m, n]`, where entry
/// `(r, c)` of `A` is `a[r · aRowStride + c · aColumnStride]` (likewise `B`), and `C`'s rows are
/// `cRowStride` apart (its columns adjacent).
///
/// `upperTriangleOnly`: only tiles holding some entry with column ≥ row are computed (for a
/// symmetric result the caller mirrors them); entries strictly below the diagonal are then
/// unspecified. The pointers must cover the shapes; `m`, `n`, `k` may be 0.
public func multiply(rows m: Int, columns n: Int, depth k: Int,
                     a: UnsafePointer<Double>, aRowStride: Int, aColumnStride: Int,
                     b: UnsafePointer<Double>, bRowStride: Int, bColumnStride: Int,
                     c: UnsafeMutablePointer<Double>, cRowStride: Int,
                     accumulate: Bool, upperTriangleOnly: Bool = false) {
    guard m > 0 && n > 0 else { return }
    if k == 0 {
        if !accumulate { for i in 0..<m { (c + i * cRowStride).update(repeating: 0, count: n) } }
        return
    }
    let nr = tileColumns
    let slivers = rowSlivers(m)
    let columnSlivers = (n + nr - 1) / nr
    let block = min(depthBlock, k)
    let packedA = UnsafeMutablePointer<Double>.allocate(capacity: (m + tileRows) * block)
    let packedB = UnsafeMutablePointer<Double>.allocate(capacity: nr * block)
    let edge = UnsafeMutablePointer<Double>.allocate(capacity: tileRows * nr)
    defer {
        packedA.deallocate()
        packedB.deallocate()
        edge.deallocate()
    }
    var p0 = 0
    while p0 < k {
        let depth = min(block, k - p0)
        let load = accumulate || p0 > 0
        for sliver in slivers {
            pack(a + p0 * aColumnStride, rowStride: aRowStride, depthStride: aColumnStride,
                 first: sliver.first, width: sliver.height, limit: m, depth: depth, into: packedA + sliver.first * depth)
        }
        for t in 0..<columnSlivers {
            let j0 = t * nr
            pack(b + p0 * bRowStride, rowStride: bColumnStride, depthStride: bRowStride,
                 first: j0, width: nr, limit: n, depth: depth, into: packedB)
            for sliver in slivers {
                let i0 = sliver.first, height = sliver.height
                if upperTriangleOnly && i0 > j0 + nr - 1 { break }
                let packed = packedA + i0 * depth
                if i0 + height <= m && j0 + nr <= n {
                    runTile(height: height, depth: depth, packed, packedB, c + i0 * cRowStride + j0, stride: cRowStride, load: load)
                } else {
                    // A partial tile: run the full tile on a copy, keep the entries that exist.
                    let rows = min(height, m - i0), columns = min(nr, n - j0)
                    edge.update(repeating: 0, count: height * nr)
                    if load {
                        for r in 0..<rows { for q in 0..<columns { edge[r * nr + q] = c[(i0 + r) * cRowStride + j0 + q] } }
                    }
                    runTile(height: height, depth: depth, packed, packedB, edge, stride: nr, load: load)
                    for r in 0..<rows { for q in 0..<columns { c[(i0 + r) * cRowStride + j0 + q] = edge[r * nr + q] } }
                }
            }
        }
        p0 += depth
    }
}

/// How the `m` rows are cut into slivers: ``tileRows`` high, plus up to two of
/// ``shortTileRows`` so that an even `m` leaves no padded rows (with 6-row tiles 80 = 12 · 6 +
/// 2 · 4; with the AVX-512 build's 8-row tiles 80 = 10 · 8); an odd remainder ends in one
/// partial sliver, padded with zero rows.
func rowSlivers(_ m: Int) -> [(first: Int, height: Int)] {
    var tall = m / tileRows, short = 0
    switch m % tileRows {
    case shortTileRows: short = 1
    case 2 * shortTileRows - tileRows where tall > 0 && 2 * shortTileRows > tileRows: tall -= 1; short = 2
    default: break
    }
    var slivers: [(first: Int, height: Int)] = []
    var first = 0
    for _ in 0..<tall { slivers.append((first, tileRows)); first += tileRows }
    for _ in 0..<short { slivers.append((first, shortTileRows)); first += shortTileRows }
    if first < m { slivers.append((first, tileRows)) }     // the partial sliver
    return slivers
}

@inline(__always)
func runTile(height: Int, depth: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
             _ c: UnsafeMutablePointer<Double>, stride: Int, load: Bool) {
    if height == tileRows {
        tile(depth: depth, a, b, c, stride: stride, load: load)
    } else {
        shortTile(depth: depth, a, b, c, stride: stride, load: load)
    }
}

/// Packs `width` lines `first ..< first + width` of an operand (line `l`, step `p` at
/// `base[l · rowStride + p · depthStride]`) `p`-major into `out[p · width + l]`, with zeros for
/// lines at or past `limit`.
@inline(__always)
func pack(_ base: UnsafePointer<Double>, rowStride: Int, depthStride: Int, first: Int, width: Int,
          limit: Int, depth: Int, into out: UnsafeMutablePointer<Double>) {
    let present = max(0, min(width, limit - first))
    if depthStride == 1 && present == width && width % 4 == 0 {
        // Each line contiguous in p (a row-major A, a transposed B), four lines at a time: a 4 × 4
        // transpose per four steps (four loads and four stores of four doubles), then the last
        // `depth mod 4` steps one by one.
        var l = 0
        while l < width {
            let line0 = base + (first + l) * rowStride, line1 = line0 + rowStride
            let line2 = line1 + rowStride, line3 = line2 + rowStride
            var p = 0
            while p + 4 <= depth {
                let x0 = load4(line0 + p), x1 = load4(line1 + p), x2 = load4(line2 + p), x3 = load4(line3 + p)
                let target = out + p * width + l
                store4(SIMD4(x0[0], x1[0], x2[0], x3[0]), target)
                store4(SIMD4(x0[1], x1[1], x2[1], x3[1]), target + width)
                store4(SIMD4(x0[2], x1[2], x2[2], x3[2]), target + 2 * width)
                store4(SIMD4(x0[3], x1[3], x2[3], x3[3]), target + 3 * width)
                p += 4
            }
            while p < depth {
                store4(SIMD4(line0[p], line1[p], line2[p], line3[p]), out + p * width + l)
                p += 1
            }
            l += 4
        }
        return
    } else if depthStride == 1 && present == width && width % 2 == 0 {
        // Each line contiguous in p (a row-major A, a transposed B): a 2 × 2 transpose at a time,
        // two lines by two steps, so every load and store moves two doubles.
        var l = 0
        while l < width {
            let line0 = UnsafeRawPointer(base + (first + l) * rowStride), line1 = UnsafeRawPointer(base + (first + l + 1) * rowStride)
            var p = 0
            while p + 2 <= depth {
                let x = line0.loadUnaligned(fromByteOffset: p * 8, as: SIMD2<Double>.self)
                let y = line1.loadUnaligned(fromByteOffset: p * 8, as: SIMD2<Double>.self)
                UnsafeMutableRawPointer(out + p * width + l).storeBytes(of: SIMD2(x[0], y[0]), as: SIMD2<Double>.self)
                UnsafeMutableRawPointer(out + (p + 1) * width + l).storeBytes(of: SIMD2(x[1], y[1]), as: SIMD2<Double>.self)
                p += 2
            }
            if p < depth {
                out[p * width + l] = line0.load(fromByteOffset: p * 8, as: Double.self)
                out[p * width + l + 1] = line1.load(fromByteOffset: p * 8, as: Double.self)
            }
            l += 2
        }
        return
    } else if depthStride == 1 {                // each line is contiguous in p
        for l in 0..<present {
            let line = base + (first + l) * rowStride
            for p in 0..<depth { out[p * width + l] = line[p] }
        }
    } else if rowStride == 1 && present == width && width % 2 == 0 {
        // Adjacent lines, all present (a row-major B, a transposed A): each step is one
        // contiguous run of `width` values, copied four at a time (two when `width` is not a
        // multiple of four).
        for p in 0..<depth {
            let step = UnsafeRawPointer(base + p * depthStride + first)
            let target = UnsafeMutableRawPointer(out + p * width)
            var l = 0
            while l + 4 <= width {
                target.storeBytes(of: step.loadUnaligned(fromByteOffset: l * 8, as: SIMD4<Double>.self),
                                  toByteOffset: l * 8, as: SIMD4<Double>.self)
                l += 4
            }
            while l < width {
                target.storeBytes(of: step.loadUnaligned(fromByteOffset: l * 8, as: SIMD2<Double>.self),
                                  toByteOffset: l * 8, as: SIMD2<Double>.self)
                l += 2
            }
        }
        return
    } else {                                    // each step's lines are (nearly) adjacent
        for p in 0..<depth {
            let step = base + p * depthStride + first * rowStride
            for l in 0..<present { out[p * width + l] = step[l * rowStride] }
        }
    }
    if present < width {
        for p in 0..<depth { for l in present..<width { out[p * width + l] = 0 } }
    }
}
