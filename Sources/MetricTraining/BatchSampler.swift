import PairWeighting

/// Draws P × K batches: `P` distinct training classes, `K` distinct rows of each, every choice
/// from its own seeded stream. Rows are grouped class by class in the batch.
public struct BatchSampler: Sendable, Equatable {
    /// `P`, classes per batch.
    public let classesPerBatch: Int
    /// `K`, samples per class.
    public let samplesPerClass: Int
    private let classes: [Int]
    private let rowsByClass: [[Int]]
    private var rng: SplitMix64
    /// For hard batches: per class (by index into `classes`), the other classes nearest first.
    private var neighbours: [[Int]]?

    /// A sampler over `labels` (the training rows). Throws when no batch of that shape exists:
    /// more classes than the split has, or `K` above the smallest class.
    public init(labels: [Int], classesPerBatch p: Int, samplesPerClass k: Int, rng: SplitMix64) throws(TrainingError) {
        guard p >= 2 else { throw .impossibleBatch("a batch needs at least 2 classes (P = \(p)): with one class there is no negative pair") }
        guard k >= 1 else { throw .impossibleBatch("a batch needs at least 1 sample per class (K = \(k))") }
        var groups: [Int: [Int]] = [:]
        for (row, label) in labels.enumerated() { groups[label, default: []].append(row) }
        classes = groups.keys.sorted()
        rowsByClass = classes.map { groups[$0] ?? [] }
        guard p <= classes.count else {
            throw .impossibleBatch("batch \(p)x\(k) needs \(p) classes, but the training split has \(classes.count) (\(classListDescription(classes))); a smaller P (at most \(classes.count)) fits")
        }
        if let smallest = rowsByClass.map(\.count).min(), k > smallest {
            let which = zip(classes, rowsByClass).filter { $0.1.count < k }.map(\.0)
            throw .impossibleBatch("batch \(p)x\(k) needs \(k) samples per class, but the smallest training class has \(smallest) (classes with fewer than \(k): \(classListDescription(which))); a smaller K (at most \(smallest)) fits")
        }
        classesPerBatch = p
        samplesPerClass = k
        self.rng = rng
    }

    /// The next batch's row indices (into the training rows), `P · K` of them.
    /// Hard batches: each batch is a random class and its `P − 1` nearest classes, by the cosine
    /// of the class means of `features` (the training rows, as the sampler's `labels`), so that
    /// every batch holds classes that are hard to tell apart. Rows within a class stay random.
    public mutating func useHardBatches(features: Matrix) {
        precondition(features.rows == rowsByClass.reduce(0) { $0 + $1.count }, "features must be the sampler's rows")
        let d = features.columns
        let means: [[Double]] = rowsByClass.map { rows in
            var m = [Double](repeating: 0, count: d)
            for r in rows { for c in 0..<d { m[c] += features[r, c] } }
            let norm = m.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? m.map { $0 / norm } : m
        }
        var table: [[Int]] = []
        for a in means.indices {
            var scored: [(index: Int, cosine: Double)] = []
            for b in means.indices where b != a {
                var dot = 0.0
                for c in 0..<d { dot += means[a][c] * means[b][c] }
                scored.append((b, dot))
            }
            // Nearest first; equal cosines by class order, so the table is a function of the data.
            scored.sort { $0.cosine > $1.cosine || ($0.cosine == $1.cosine && $0.index < $1.index) }
            table.append(scored.map(\.index))
        }
        neighbours = table
    }

    public mutating func next() -> [Int] {
        let chosen: [Int]
        if let neighbours {
            let anchor = rng.integer(below: classes.count)
            chosen = ([anchor] + neighbours[anchor].prefix(classesPerBatch - 1)).sorted()
        } else {
            chosen = rng.sample(Array(0..<classes.count), count: classesPerBatch).sorted()
        }
        var rows: [Int] = []
        rows.reserveCapacity(classesPerBatch * samplesPerClass)
        for c in chosen { rows.append(contentsOf: rng.sample(rowsByClass[c], count: samplesPerClass)) }
        return rows
    }
}
