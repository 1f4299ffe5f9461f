import DataIO
import MetricTraining
import PairWeighting

/// Draws a P-classes-by-K-samples batch from a table (for `gpw weights --sample`).
enum BatchSampling {
    /// The batch, and the rows of `table` it took (0-based, in batch order), so that it can be
    /// rebuilt elsewhere (`x[rows]` in numpy).
    static func sample(_ table: FeatureTable, classes p: Int, perClass k: Int, seed: UInt64) throws(CommandError) -> (batch: FeatureTable, rows: [Int]) {
        var byClass: [Int: [Int]] = [:]
        for (row, label) in table.labels.enumerated() { byClass[label, default: []].append(row) }
        let eligible = byClass.keys.sorted().filter { (byClass[$0]?.count ?? 0) >= k }
        guard eligible.count >= p else {
            throw .usage("--sample \(p)x\(k): \(table.source) has \(eligible.count) classes with at least \(k) samples, need \(p)")
        }
        var rng = SplitMix64(seed: seed)
        let chosen = choose(p, from: eligible, using: &rng).sorted()
        var rows: [Int] = []
        for label in chosen { rows += choose(k, from: byClass[label] ?? [], using: &rng).sorted() }
        let d = table.features.columns
        var storage: [Double] = []
        storage.reserveCapacity(rows.count * d)
        for r in rows { storage += table.features.row(r) }
        return (FeatureTable(labels: rows.map { table.labels[$0] },
                             features: Matrix(rows: rows.count, columns: d, storage: storage),
                             columnNames: table.columnNames, source: table.source),
                rows)
    }
}

/// `count` distinct elements of `items` (a partial Fisher–Yates shuffle).
private func choose<T>(_ count: Int, from items: [T], using rng: inout SplitMix64) -> [T] {
    var pool = items
    for i in 0..<count { pool.swapAt(i, i + rng.integer(below: pool.count - i)) }
    return Array(pool.prefix(count))
}
