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
    public mutating func next() -> [Int] {
        let chosen = rng.sample(Array(0..<classes.count), count: classesPerBatch).sorted()
        var rows: [Int] = []
        rows.reserveCapacity(classesPerBatch * samplesPerClass)
        for c in chosen { rows.append(contentsOf: rng.sample(rowsByClass[c], count: samplesPerClass)) }
        return rows
    }
}
