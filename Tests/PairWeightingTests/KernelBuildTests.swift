import Foundation
import PairWeighting
import Testing
import TestSupport

/// The blocked product on each build this machine runs, against a textbook twin: strided
/// (transposed) operands, accumulation, the triangle option, shared indices longer than one
/// depth block, empty shapes; and proof that the fused build is really the one running.
@Suite struct KernelBuildTests {
    /// A strided view for the tests: entry `(r, c)` at `storage[r * rowStride + c * columnStride]`.
    struct View {
        var storage: [Double]
        var rows: Int, columns: Int, rowStride: Int, columnStride: Int
        subscript(r: Int, c: Int) -> Double { storage[r * rowStride + c * columnStride] }

        /// A random `rows × columns` operand, stored transposed when `transposed`.
        static func random(_ rows: Int, _ columns: Int, transposed: Bool, seed: UInt64) -> View {
            var rng = TestRandom(seed: seed)
            let storage = (0..<max(rows * columns, 1)).map { _ in rng.irwinHallGaussian() }
            return transposed ? View(storage: storage, rows: rows, columns: columns, rowStride: 1, columnStride: rows)
                              : View(storage: storage, rows: rows, columns: columns, rowStride: columns, columnStride: 1)
        }
    }

    /// `C ← (accumulate ? C : 0) + A B` with `c_ij` summed over `p` in increasing order, multiply
    /// then add: what the portable build must reproduce bit for bit.
    static func textbook(_ a: View, _ b: View, _ c: [Double], accumulate: Bool) -> [Double] {
        var out = c
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var sum = accumulate ? c[i * b.columns + j] : 0
                for p in 0..<a.columns { sum += a[i, p] * b[p, j] }
                out[i * b.columns + j] = sum
            }
        }
        return out
    }

    static func run(_ a: View, _ b: View, _ c: [Double], accumulate: Bool, triangle: Bool = false, build: KernelBuild) -> [Double] {
        var out = c
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { cp in
                    Kernels.multiply(rows: a.rows, columns: b.columns, depth: a.columns,
                                     a: ap.baseAddress!, aRowStride: a.rowStride, aColumnStride: a.columnStride,
                                     b: bp.baseAddress!, bRowStride: b.rowStride, bColumnStride: b.columnStride,
                                     c: cp.baseAddress!, cRowStride: b.columns, accumulate: accumulate,
                                     upperTriangleOnly: triangle, build: build)
                }
            }
        }
        return out
    }

    static func agree(_ fast: [Double], _ slow: [Double], build: KernelBuild, depth: Int) -> Bool {
        if build == .portable { return fast == slow }
        let scale = max(slow.map(abs).max() ?? 0, 1)
        return zip(fast, slow).allSatisfy { abs($0 - $1) <= 1e-15 * Double(max(depth, 4)) * scale }
    }

    @Test(arguments: Kernels.available)
    func stridedAccumulatingProductsMatchTheTextbook(build: KernelBuild) {
        // Row counts with every remainder mod 6 (full slivers, one or two 4-row slivers, a padded one).
        let shapes = [(1, 1, 1), (6, 8, 5), (7, 9, 3), (13, 17, 256), (12, 16, 257), (5, 3, 600), (25, 11, 40),
                      (2, 9, 17), (4, 4, 4), (8, 8, 31), (10, 12, 9), (14, 5, 300), (80, 13, 80)]
        var seed: UInt64 = 1
        for (m, n, k) in shapes {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    for accumulate in [false, true] {
                        seed += 1
                        let a = View.random(m, k, transposed: transposeA, seed: seed)
                        let b = View.random(k, n, transposed: transposeB, seed: seed + 1000)
                        var rng = TestRandom(seed: seed + 2000)
                        let c = (0..<(m * n)).map { _ in rng.irwinHallGaussian() }
                        let fast = Self.run(a, b, c, accumulate: accumulate, build: build)
                        let slow = Self.textbook(a, b, c, accumulate: accumulate)
                        #expect(Self.agree(fast, slow, build: build, depth: k),
                                "\(build) m=\(m) n=\(n) k=\(k) Aᵀ=\(transposeA) Bᵀ=\(transposeB) accumulate=\(accumulate)")
                    }
                }
            }
        }
    }

    /// With the triangle option every entry on or above the diagonal is right (the ones below
    /// are the caller's to mirror).
    @Test(arguments: Kernels.available)
    func upperTriangleIsComputed(build: KernelBuild) {
        for n in [1, 5, 6, 7, 8, 9, 23, 80] {
            let f = View.random(n, 37, transposed: false, seed: UInt64(n))
            let ft = View(storage: f.storage, rows: 37, columns: n, rowStride: 1, columnStride: 37)
            let c = [Double](repeating: .nan, count: n * n)
            let fast = Self.run(f, ft, c, accumulate: false, triangle: true, build: build)
            let slow = Self.textbook(f, ft, c, accumulate: false)
            let upper = { (values: [Double]) in (0..<n).flatMap { i in (i..<n).map { values[i * n + $0] } } }
            #expect(Self.agree(upper(fast), upper(slow), build: build, depth: 37), "\(build) n=\(n)")
        }
    }

    /// Skipping zero coefficients changes no bit: the row combination equals the dense product.
    @Test(arguments: Kernels.available)
    func sparseRowsEqualTheDenseProduct(build: KernelBuild) {
        for (m, n, k) in [(1, 1, 1), (9, 13, 7), (80, 512, 80), (5, 6, 33)] {
            var rng = TestRandom(seed: UInt64(m * n + k))
            let a = (0..<(m * k)).map { _ in rng.uniform() < 0.2 ? rng.irwinHallGaussian() : 0 }
            let b = (0..<(k * n)).map { _ in rng.irwinHallGaussian() }
            var sparse = [Double](repeating: .nan, count: m * n)
            var partners = [Int](repeating: 0, count: k), coefficients = [Double](repeating: 0, count: k)
            Kernels.multiplySparseRows(rows: m, columns: n, depth: k, a: a, b: b, c: &sparse,
                                       partners: &partners, coefficients: &coefficients, build: build)
            let dense = Self.run(View(storage: a, rows: m, columns: k, rowStride: k, columnStride: 1),
                                 View(storage: b, rows: k, columns: n, rowStride: n, columnStride: 1),
                                 [Double](repeating: .nan, count: m * n), accumulate: false, build: build)
            #expect(sparse == dense, "\(build) m=\(m) n=\(n) k=\(k)")
        }
    }

    /// Adam's update has no multiply-add to fuse: every build gives the portable build's bits,
    /// for the parameters, the moments and the two sums; and the sums are those of the result.
    @Test func adamUpdateIsTheSameOnEveryBuild() {
        var results: [[Double]] = []
        for build in Kernels.available {
            var rng = TestRandom(seed: 77)
            var theta = (0..<103).map { _ in rng.irwinHallGaussian() }, m = [Double](repeating: 0, count: 103), v = m
            var record: [Double] = []
            for step in 1...3 {
                let g = (0..<103).map { _ in rng.irwinHallGaussian() }
                let c1 = 1 / (1 - pow(0.9, Double(step))), c2 = 1 / (1 - pow(0.999, Double(step)))
                let (oldTheta, oldM, oldV) = (theta, m, v)
                let sums = Kernels.adamUpdate(count: 103, parameters: &theta, gradient: g, firstMoment: oldM, secondMoment: oldV,
                                              newFirstMoment: &m, newSecondMoment: &v, beta1: 0.9, beta2: 0.999,
                                              correction1: c1, correction2: c2, learningRate: 0.01, epsilon: 1e-8,
                                              decay: 0.001, build: build)
                let squares = theta.reduce(0) { $0 + $1 * $1 }
                let changes = zip(theta, oldTheta).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                #expect(abs(sums.squares - squares) <= 1e-12 * squares, "\(build) step \(step)")
                #expect(abs(sums.changeSquares - changes) <= 1e-12 * changes, "\(build) step \(step)")
                record += [sums.squares, sums.changeSquares]
            }
            results.append(record + theta + m + v)
        }
        #expect(Set(results.map { $0.map(\.bitPattern) }).count == 1)
    }

    @Test(arguments: Kernels.available)
    func emptyShapes(build: KernelBuild) {
        let a = View.random(3, 0, transposed: false, seed: 1), b = View.random(0, 2, transposed: false, seed: 2)
        let c = [1.0, 2, 3, 4, 5, 6]
        #expect(Self.run(a, b, c, accumulate: false, build: build) == [0, 0, 0, 0, 0, 0])   // an empty sum is 0
        #expect(Self.run(a, b, c, accumulate: true, build: build) == c)
        let none = View.random(0, 4, transposed: false, seed: 3)
        #expect(Self.run(none, View.random(4, 2, transposed: false, seed: 4), [7], accumulate: false, build: build) == [7])
    }

    /// `(1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 = −2⁻⁶⁰`: a multiply then an add rounds the product to 1 and
    /// gives 0, a fused multiply-add gives −2⁻⁶⁰. So this tells which build actually ran.
    @Test func theFusedBuildRunsWhereTheCpuHasIt() {
        let x = 1 + 0x1p-30, y = 1 - 0x1p-30
        func product(_ build: KernelBuild) -> Double {
            Self.run(View(storage: [x], rows: 1, columns: 1, rowStride: 1, columnStride: 1),
                     View(storage: [y], rows: 1, columns: 1, rowStride: 1, columnStride: 1), [-1], accumulate: true, build: build)[0]
        }
        #expect(product(.portable) == 0)
        for build in [KernelBuild.avx2, .avx512] where Kernels.available.contains(build) {
            #expect(product(build) == -0x1p-60, "\(build)")
        }
        #expect(Kernels.available.first == .portable)
        #expect(Kernels.available.contains(Kernels.active))
    }

    /// On Linux x86-64 the run-time check agrees with the flags the kernel reports.
    @Test func detectionAgreesWithProcCpuinfo() throws {
        #if arch(x86_64) && os(Linux)
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let flags = Set(line.split(separator: " ").map(String.init))
        let level3 = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm", "xsave"].allSatisfy(flags.contains)
        #expect(Kernels.available.contains(.avx2) == level3, "flags: \(flags.sorted().joined(separator: " "))")
        let avx512 = level3 && ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
        #expect(Kernels.available.contains(.avx512) == avx512, "flags: \(flags.sorted().joined(separator: " "))")
        #else
        #expect(Kernels.available == [.portable])
        #endif
    }

    /// The AVX-512 build sums the same products in the same order with the same roundings as the
    /// AVX2 build (only the register tile is wider), so the two agree bit for bit, on shapes with
    /// and without partial tiles, strided, accumulating and triangular.
    @Test(arguments: [(80, 80, 512), (24, 256, 16), (7, 33, 5), (13, 17, 300), (1, 1, 1)])
    func theAVX512BuildGivesTheAVX2Bits(shape: (Int, Int, Int)) throws {
        guard Kernels.available.contains(.avx512) else { return }
        let (m, n, k) = shape
        for (index, transposed) in [false, true].enumerated() {
            let a = View.random(m, k, transposed: transposed, seed: UInt64(10 + index))
            let b = View.random(k, n, transposed: !transposed, seed: UInt64(20 + index))
            let c = View.random(m, n, transposed: false, seed: 30).storage
            for accumulate in [false, true] {
                #expect(Self.run(a, b, c, accumulate: accumulate, build: .avx512) == Self.run(a, b, c, accumulate: accumulate, build: .avx2))
            }
            if m == n {
                let wide = Self.run(a, b, c, accumulate: false, triangle: true, build: .avx512)
                let full = Self.run(a, b, c, accumulate: false, build: .avx2)
                for i in 0..<m { for j in i..<n { #expect(wide[i * n + j] == full[i * n + j]) } }
            }
        }
    }

    /// The retrieval filter keeps the same rows in the same order on every build: values equal to
    /// the bound kept, the left-out row dropped wherever it falls (a lane of a full group of
    /// eight, the tail, outside), widths that are not multiples of eight, and an existing count.
    @Test func theKeepFilterIsTheSameOnEveryBuild() {
        var rng = TestRandom(seed: 8)
        for width in [0, 1, 7, 8, 9, 16, 61, 256] {
            // Coarse values, so many equal the bound exactly.
            let s = (0..<width).map { _ in Double(Int(rng.irwinHallGaussian() * 3)) / 4 }
            for bound in [-Double.infinity, 0, 0.25, 5] {
                for own in [-1, 0, 3, width - 1, width, 100] {
                    var results: [[Int32]] = []
                    for build in Kernels.available {
                        var rows = [Int32](repeating: -7, count: 5 + width + Kernels.keepSlack)
                        var values = [Double](repeating: .nan, count: rows.count)
                        let kept = s.withUnsafeBufferPointer { sp in
                            rows.withUnsafeMutableBufferPointer { r in
                                values.withUnsafeMutableBufferPointer { v in
                                    Kernels.keepAtLeast(bound, in: sp.baseAddress ?? UnsafePointer(v.baseAddress!), count: width,
                                                        firstRow: 1000, leavingOut: own, rows: r.baseAddress!, values: v.baseAddress!,
                                                        kept: 5, build: build)
                                }
                            }
                        }
                        let expected = (0..<width).filter { s[$0] >= bound && $0 != own }
                        #expect(kept == 5 + expected.count, "\(build) width \(width) bound \(bound) own \(own)")
                        #expect(Array(rows[0..<5]) == [-7, -7, -7, -7, -7])
                        #expect(Array(rows[5..<kept]) == expected.map { Int32(1000 + $0) })
                        #expect(Array(values[5..<kept]) == expected.map { s[$0] })
                        results.append(Array(rows[5..<kept]))
                    }
                    #expect(Set(results).count == 1)
                }
            }
        }
    }

    /// The fused similarity filter (AVX-512) keeps the rows, in order and with the values, that
    /// the AVX2 product followed by the filter keeps: depths of 1 to 70, galleries that are not
    /// multiples of sixteen rows, groups of queries under eight, a left-out row, bounds hit
    /// exactly (coarse values tie), an offset first row and counts already under way.
    @Test(arguments: [(1, 1, 5), (7, 3, 37), (8, 16, 256), (24, 16, 300), (13, 70, 41)])
    func theFusedSimilarityFilterKeepsWhatTheProductAndFilterKeep(shape: (Int, Int, Int)) {
        guard Kernels.fusesSimilarityKeep(.avx512) else { return }
        let (q, d, n) = shape
        var rng = TestRandom(seed: UInt64(q * 1000 + d * 10 + n))
        let queries = (0..<(q * d)).map { _ in Double(Int(rng.irwinHallGaussian() * 2)) / 2 }
        let gallery = (0..<(n * d)).map { _ in Double(Int(rng.irwinHallGaussian() * 2)) / 2 }
        var transposed = [Double](repeating: 0, count: n * d)
        for j in 0..<n { for p in 0..<d { transposed[p * n + j] = gallery[j * d + p] } }
        let bounds = (0..<q).map { i in i % 3 == 0 ? -Double.infinity : Double(i % 4) / 2 }
        let own = (0..<q).map { i in i % 2 == 0 ? (i * 7) % n : -1 }
        let first = min(5, n / 3), width = n - first, region = n + Kernels.keepSlack
        func run(fused: Bool) -> (rows: [[Int32]], values: [[Double]]) {
            var rows = [Int32](repeating: -1, count: q * region), values = [Double](repeating: .nan, count: q * region)
            var kept = [Int](repeating: 0, count: q)
            for i in 0..<q { kept[i] = i % 3; for k in 0..<kept[i] { rows[i * region + k] = -2; values[i * region + k] = -2 } }
            queries.withUnsafeBufferPointer { a in
                transposed.withUnsafeBufferPointer { g in
                    rows.withUnsafeMutableBufferPointer { r in
                        values.withUnsafeMutableBufferPointer { v in
                            if fused {
                                let ran = bounds.withUnsafeBufferPointer { b in
                                    own.withUnsafeBufferPointer { o in
                                        kept.withUnsafeMutableBufferPointer { k in
                                            Kernels.similarityKeep(queries: a.baseAddress!, count: q, depth: d, galleryTransposed: g.baseAddress!,
                                                                   galleryRows: n, first: first, width: width, bounds: b.baseAddress!,
                                                                   leavingOut: o.baseAddress!, rows: r.baseAddress!, values: v.baseAddress!,
                                                                   region: region, kept: k.baseAddress!, build: .avx512)
                                        }
                                    }
                                }
                                #expect(ran)
                            } else {
                                var tile = [Double](repeating: 0, count: q * width)
                                tile.withUnsafeMutableBufferPointer { t in
                                    Kernels.multiply(rows: q, columns: width, depth: d, a: a.baseAddress!, aRowStride: d, aColumnStride: 1,
                                                     b: g.baseAddress! + first, bRowStride: n, bColumnStride: 1,
                                                     c: t.baseAddress!, cRowStride: width, accumulate: false, build: .avx2)
                                    for i in 0..<q {
                                        kept[i] = Kernels.keepAtLeast(bounds[i], in: t.baseAddress! + i * width, count: width, firstRow: first,
                                                                      leavingOut: own[i] - first, rows: r.baseAddress! + i * region,
                                                                      values: v.baseAddress! + i * region, kept: kept[i], build: .portable)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return ((0..<q).map { Array(rows[($0 * region)..<($0 * region + kept[$0])]) },
                    (0..<q).map { Array(values[($0 * region)..<($0 * region + kept[$0])]) })
        }
        let fused = run(fused: true), plain = run(fused: false)
        #expect(fused.rows == plain.rows)
        #expect(fused.values.map { $0.map(\.bitPattern) } == plain.values.map { $0.map(\.bitPattern) })
        #expect(fused.rows.contains { $0.count > 3 })          // the filter kept something
    }
}
