import Foundation
@testable import MetricTraining
import PairWeighting
import Testing

@Suite struct DataTests {
    @Test func samplerDrawsPDistinctClassesOfKDistinctRows() throws {
        let labels = (0..<60).map { $0 / 10 }          // 6 classes × 10
        var sampler = try BatchSampler(labels: labels, classesPerBatch: 4, samplesPerClass: 3, rng: SplitMix64(seed: 1))
        for _ in 0..<20 {
            let rows = sampler.next()
            #expect(rows.count == 12 && Set(rows).count == 12)
            let classes = rows.map { labels[$0] }
            #expect(Set(classes).count == 4)
            for c in Set(classes) { #expect(classes.filter { $0 == c }.count == 3) }
        }
    }

    @Test func samplerErrorsNameTheNumbers() {
        let labels = [0, 0, 0, 1, 1, 2, 2, 2]
        #expect(throws: TrainingError.impossibleBatch("batch 4x2 needs 4 classes, but the training split has 3 (0-2); a smaller P (at most 3) fits")) {
            try BatchSampler(labels: labels, classesPerBatch: 4, samplesPerClass: 2, rng: SplitMix64(seed: 1))
        }
        #expect(throws: TrainingError.impossibleBatch("batch 2x3 needs 3 samples per class, but the smallest training class has 2 (classes with fewer than 3: 1); a smaller K (at most 2) fits")) {
            try BatchSampler(labels: labels, classesPerBatch: 2, samplesPerClass: 3, rng: SplitMix64(seed: 1))
        }
        #expect(throws: TrainingError.self) { try BatchSampler(labels: labels, classesPerBatch: 1, samplesPerClass: 2, rng: SplitMix64(seed: 1)) }
    }

    @Test func standardisationUsesTrainingClassesOnly() throws {
        // Class 0 (train): x = 1, 3. Class 1 (test): x = 100, 200.
        let data = Dataset(features: Matrix([[1, 5], [3, 5], [100, 0], [200, 9]]), labels: [0, 0, 1, 1], name: "t")
        let split = try DataSplit(data, rule: .classes(train: [0], test: [1]))
        #expect(split.standardizer.mean == [2, 5])
        #expect(split.standardizer.standardDeviation == [1, 1])   // second feature constant: only centred
        #expect(split.train.features == Matrix([[-1, 0], [1, 0]]))
        #expect(split.test.features == Matrix([[98, -5], [198, 4]]))
    }

    @Test func splitRules() throws {
        let data = Dataset(features: Matrix(rows: 10, columns: 1, storage: (0..<10).map(Double.init)),
                           labels: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4], name: "t")
        let halves = try DataSplit(data, rule: .halvesOfClasses)
        #expect(halves.train.classes == [0, 1] && halves.test.classes == [2, 3, 4])
        #expect(halves.rule == .classes(train: [0, 1], test: [2, 3, 4]))
        let rows = try DataSplit(data, rule: .rows(train: 0..<6))
        #expect(rows.train.count == 6 && rows.test.count == 4)
        #expect(throws: TrainingError.invalidSplit("t has no class 7,9 (its classes: 0-4)")) {
            try DataSplit(data, rule: .classes(train: [0, 9], test: [7]))
        }
        #expect(throws: TrainingError.self) { try DataSplit(data, rule: .rows(train: 0..<11)) }
        #expect(classListDescription([5, 0, 1, 2, 9, 8]) == "0-2,5,8-9")
    }

    @Test func syntheticDataIsReproducibleAndShaped() {
        let a = SyntheticPreset.demo.parameters.generate(), b = SyntheticPreset.demo.parameters.generate()
        #expect(a == b)
        #expect(a.count == 40 * 30 && a.dimension == 24 && a.classes == Array(0..<40))
        var other = SyntheticPreset.demo.parameters
        other.seed = 1
        #expect(other.generate().features != a.features)
    }

    @Test func rotationIsOrthogonal() {
        var rng = SplitMix64(seed: 3)
        let q = Orthogonal.random(12, using: &rng)
        for i in 0..<12 {
            for j in 0..<12 {
                var dot = 0.0
                for k in 0..<12 { dot += q[k, i] * q[k, j] }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-12)
            }
        }
    }

    @Test func noNuisanceNoNoiseRowsAreUnitSignalVectors() {
        // With dn = 0 and eta = 0, x = Q z and Q is orthogonal: every row has length 1.
        var p = SyntheticPreset.noNuisance.parameters
        p.eta = 0
        let d = p.generate()
        for r in 0..<d.count { #expect(abs(euclidean(d.features.row(r)) - 1) < 1e-12) }
    }

    func euclidean(_ v: [Double]) -> Double { v.map { $0 * $0 }.reduce(0, +).squareRoot() }

    @Test func sineMatchesLibm() {
        for x in stride(from: -40.0, through: 40, by: 0.173) { #expect(abs(Orthogonal.sine(x) - Foundation.sin(x)) < 1e-14) }
    }

    @Test func presetSyntax() throws {
        #expect(try SyntheticPreset.parse("letters") == nil)
        let demo = try #require(try SyntheticPreset.parse("synthetic"))
        #expect(demo.preset == .demo && demo.parameters == SyntheticParameters())
        let low = try #require(try SyntheticPreset.parse("synthetic:low-dim,seed=5,classes=10"))
        #expect(low.preset == .lowDim && low.parameters.signalDimension == 4 && low.parameters.seed == 5 && low.parameters.classes == 10)
        let changed = try #require(try SyntheticPreset.parse("synthetic:sigma=0.3"))
        #expect(changed.preset == .demo && changed.parameters.sigma == 0.3)
        #expect(throws: TrainingError.self) { try SyntheticPreset.parse("synthetic:nope") }
        #expect(throws: TrainingError.self) { try SyntheticPreset.parse("synthetic:demo,classes=1") }
        #expect(throws: TrainingError.self) { try SyntheticPreset.parse("synthetic:demo,colour=red") }
    }

    @Test func gaussianHasUnitVarianceAndIntegerIsInRange() {
        var rng = SplitMix64(seed: 42)
        let xs = (0..<20000).map { _ in rng.gaussian() }
        let mean = xs.reduce(0, +) / 20000
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
        let ints = (0..<1000).map { _ in rng.integer(below: 7) }
        #expect(ints.allSatisfy { (0..<7).contains($0) } && Set(ints).count == 7)
        // SplitMix64's published first output for seed 0.
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }
}

/// `--hard-batches`: every batch is a class and its nearest classes by class-mean cosine.
@Suite struct HardBatchTests {
    /// Classes 0 and 1 point near x, 2 and 3 near y, 4 and 5 near z: with P = 2 every batch is
    /// one of the three close pairs; random batches mix them.
    @Test func batchesHoldNeighbouringClasses() throws {
        let directions: [[Double]] = [[1, 0.1, 0], [1, -0.1, 0], [0, 1, 0.1], [0.1, 1, 0], [0, 0.1, 1], [0.1, 0, 1]]
        var rows: [[Double]] = [], labels: [Int] = []
        for (c, d) in directions.enumerated() { for k in 0..<4 { rows.append(d.map { $0 + 0.01 * Double(k) }); labels.append(c) } }
        let features = Matrix(rows)
        var hard = try BatchSampler(labels: labels, classesPerBatch: 2, samplesPerClass: 2, rng: SplitMix64(seed: 3))
        hard.useHardBatches(features: features)
        var random = try BatchSampler(labels: labels, classesPerBatch: 2, samplesPerClass: 2, rng: SplitMix64(seed: 3))
        var mixed = 0
        for _ in 0..<200 {
            let classes = Set(hard.next().map { labels[$0] })
            #expect([Set([0, 1]), Set([2, 3]), Set([4, 5])].contains(classes), "\(classes)")
            let other = Set(random.next().map { labels[$0] })
            if ![Set([0, 1]), Set([2, 3]), Set([4, 5])].contains(other) { mixed += 1 }
        }
        #expect(mixed > 100)
        // The same seed draws the same hard batches.
        var again = try BatchSampler(labels: labels, classesPerBatch: 2, samplesPerClass: 2, rng: SplitMix64(seed: 3))
        again.useHardBatches(features: features)
        var first = try BatchSampler(labels: labels, classesPerBatch: 2, samplesPerClass: 2, rng: SplitMix64(seed: 3))
        first.useHardBatches(features: features)
        for _ in 0..<20 { #expect(again.next() == first.next()) }
    }
}

/// The ranking's sort against the obvious comparison sort, ties, ±0, neighbours one ulp apart
/// and short lists included, in row order and shuffled.
@Suite struct RankingOrderTests {
    @Test(arguments: [1, 2, 5, 31, 32, 33, 200, 1500])
    func radixSortIsTheRankingOrder(_ n: Int) {
        var rng = SplitMix64(seed: UInt64(n))
        // Few distinct values (many ties), negative and positive, both zeros, and values whose
        // keys differ only in their low 32 bits.
        let pool: [Double] = [-1, -0.5, -0.0, 0.0, 0.25, 0.5, 0.5000000000000001, 0.5000000000000002,
                              0.9999999999999999, 1, -1e-300, 1e-300]
        let values = (0..<n).map { _ in pool[rng.integer(below: pool.count)] }
        for shuffled in [false, true] {
            var rows = (0..<n).map { Int32($0) }
            if shuffled { for i in stride(from: n - 1, to: 0, by: -1) { rows.swapAt(i, rng.integer(below: i + 1)) } }
            let expected = (0..<n).sorted { RankingOrder.before(values[$0], rows[$0], values[$1], rows[$1]) }.map { Int32($0) }
            var scratch = RankingOrder.Scratch()
            for need in Set([1, n / 3 + 1, n]) {
                var order = [Int32](repeating: -1, count: n)
                let written = values.withUnsafeBufferPointer { v in
                    rows.withUnsafeBufferPointer { r in
                        order.withUnsafeMutableBufferPointer { o in
                            RankingOrder.sortFirst(need, values: v.baseAddress!, rows: r.baseAddress!, count: n,
                                                   into: o.baseAddress!, scratch: &scratch)
                        }
                    }
                }
                #expect(written == need && Array(order.prefix(need)) == Array(expected.prefix(need)), "shuffled: \(shuffled), need \(need)")
            }
        }
    }

    /// The sampled bound's cheap selection: a value of the list, at or below the one at the asked
    /// descending position (so at least that many values reach it), and never far below on a
    /// spread list.
    @Test(arguments: [1, 2, 9, 512, 2000])
    func valueAtOrBelowIsAtOrBelowTheExactRank(_ m: Int) {
        var rng = SplitMix64(seed: UInt64(m) + 17)
        let lists: [[Double]] = [
            (0..<m).map { _ in rng.uniform() * 2 - 1 },                       // spread
            (0..<m).map { _ in Double(rng.integer(below: 4)) / 4 },          // ties
            [Double](repeating: 0.5, count: m),                               // one value
        ]
        var scratch = RankingOrder.Scratch()
        for values in lists {
            let descending = values.sorted(by: >)
            for rank in Set([0, m / 2, m - 1]) {
                let bound = values.withUnsafeBufferPointer {
                    RankingOrder.valueAtOrBelow(rank: rank, of: $0.baseAddress!, count: m, scratch: &scratch)
                }
                #expect(values.contains(bound))
                #expect(bound <= descending[rank])
                #expect(values.filter { $0 >= bound }.count >= rank + 1)
            }
        }
        // On a spread list the answer lies within one of the 128 buckets of the exact value.
        let spread = (0..<4096).map { Double($0) / 4095 }
        let bound = spread.withUnsafeBufferPointer { RankingOrder.valueAtOrBelow(rank: 100, of: $0.baseAddress!, count: 4096, scratch: &scratch) }
        #expect(bound >= spread.sorted(by: >)[100] - 1.0 / 128)
    }
}
