import DataIO
import PairWeighting

/// Draws a P-classes-by-K-samples batch from a table (for `gpw weights --sample`).
enum BatchSampling {
    static func sample(_ table: FeatureTable, classes p: Int, perClass k: Int, seed: UInt64) throws(CommandError) -> FeatureTable {
        var byClass: [Int: [Int]] = [:]
        for (row, label) in table.labels.enumerated() { byClass[label, default: []].append(row) }
        let eligible = byClass.keys.sorted().filter { (byClass[$0]?.count ?? 0) >= k }
        guard eligible.count >= p else {
            throw .usage("--sample \(p)x\(k): \(table.source) has \(eligible.count) classes with at least \(k) samples, need \(p)")
        }
        var rng = SampleRNG(seed: seed)
        let chosen = rng.choose(p, from: eligible).sorted()
        var rows: [Int] = []
        for label in chosen { rows += rng.choose(k, from: byClass[label] ?? []).sorted() }
        let d = table.features.columns
        var storage: [Double] = []
        storage.reserveCapacity(rows.count * d)
        for r in rows { storage += table.features.row(r) }
        return FeatureTable(labels: rows.map { table.labels[$0] },
                            features: Matrix(rows: rows.count, columns: d, storage: storage),
                            columnNames: table.columnNames, source: table.source)
    }
}

/// SplitMix64 for the command line's own sampling (the training stack has its own seeded streams).
struct SampleRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// `count` distinct elements of `items` (partial Fisher–Yates).
    mutating func choose<T>(_ count: Int, from items: [T]) -> [T] {
        var pool = items
        for i in 0..<count {
            let j = i + Int(next() % UInt64(pool.count - i))
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(count))
    }
}
