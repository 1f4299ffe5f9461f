import Testing
import TestSupport
@testable import PairWeighting

/// The mining thresholds' kernel (`Sources/CRowExtremes`) on every build this machine runs,
/// against the definition written as a loop: widths around the eight-lane step, singleton
/// classes (no positive: `+∞`), a single class (no negative: `−∞`), ties, signed zeros, NaN and
/// infinite similarities, and labels far from 0.
@Suite struct RowExtremesTests {
    /// `min {S_ij : j ≠ i, y_j = y_i}` and `max {S_ij : y_j ≠ y_i}`, NaN skipped.
    static func plain(_ s: [Double], _ y: [Int]) -> (low: [Double], high: [Double]) {
        let n = y.count
        var low = [Double](repeating: .infinity, count: n), high = [Double](repeating: -.infinity, count: n)
        for i in 0..<n {
            for j in 0..<n {
                let v = s[i * n + j]
                if v.isNaN { continue }
                if y[j] == y[i] {
                    if j != i { low[i] = min(low[i], v) }
                } else {
                    high[i] = max(high[i], v)
                }
            }
        }
        return (low, high)
    }

    static func run(_ s: [Double], _ y: [Int], build: KernelBuild) -> (low: [Double], high: [Double]) {
        let n = y.count
        var low = [Double](repeating: 0, count: n), high = [Double](repeating: 0, count: n)
        s.withUnsafeBufferPointer { s in
            y.withUnsafeBufferPointer { y in
                low.withUnsafeMutableBufferPointer { low in
                    high.withUnsafeMutableBufferPointer { high in
                        Kernels.labelledExtremes(s.baseAddress!, labels: y.baseAddress!, count: n,
                                                 low: low.baseAddress!, high: high.baseAddress!, build: build)
                    }
                }
            }
        }
        return (low, high)
    }

    /// A batch of `n` with labels from `classes` (coarse similarities, so ties are common), some
    /// entries replaced by NaN, ±∞ or −0.
    static func batch(n: Int, classes: Int, seed: UInt64) -> (s: [Double], y: [Int]) {
        var rng = TestRandom(seed: seed)
        let y = (0..<n).map { _ in Int((rng.irwinHallGaussian() * 1000).rounded()) % classes * 1_000_000_007 }
        let s = (0..<(n * n)).map { _ -> Double in
            let u = rng.irwinHallGaussian()
            switch Int((abs(u) * 1000).rounded()) % 23 {
            case 0: return .nan
            case 1: return .infinity
            case 2: return -.infinity
            case 3: return -0.0
            default: return (u * 4).rounded() / 4
            }
        }
        return (s, y)
    }

    @Test(arguments: Kernels.available)
    func agreesWithTheDefinition(build: KernelBuild) {
        for n in [1, 2, 7, 8, 9, 15, 16, 17, 31, 80, 83] {
            for classes in [1, 2, 5, n] {
                let (s, y) = Self.batch(n: n, classes: classes, seed: UInt64(n * 100 + classes))
                let fast = Self.run(s, y, build: build), slow = Self.plain(s, y)
                // As values: −0 and +0 are equal here, and mining only compares against them.
                #expect(fast.low == slow.low, "n \(n), \(classes) classes, \(build): low")
                #expect(fast.high == slow.high, "n \(n), \(classes) classes, \(build): high")
            }
        }
    }

    @Test func emptySetsGiveInfinities() {
        // One sample per class: no positive anywhere; one class: no negative anywhere.
        let s = [0.5, 0.1, 0.1, 0.5]
        for build in Kernels.available {
            let singletons = Self.run(s, [3, 4], build: build)
            #expect(singletons.low == [.infinity, .infinity])
            #expect(singletons.high == [0.1, 0.1])
            let oneClass = Self.run(s, [7, 7], build: build)
            #expect(oneClass.low == [0.1, 0.1])
            #expect(oneClass.high == [-.infinity, -.infinity])
        }
    }

    @Test func aNaNNeverWins() {
        // Row 0: positives {1: NaN, 2: 0.25}, negatives {3: NaN, 4: −0.5}, padded past eight lanes.
        let n = 11
        var s = [Double](repeating: -0.75, count: n * n)
        s[1] = .nan; s[2] = 0.25; s[3] = .nan; s[4] = -0.5
        let y = [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3]
        for build in Kernels.available {
            let r = Self.run(s, y, build: build)
            #expect(r.low[0] == 0.25, "\(build)")
            #expect(r.high[0] == -0.5, "\(build)")
        }
    }
}
