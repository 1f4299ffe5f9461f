import PairWeighting

/// A labelled test batch: raw embeddings, their cosine similarities and the labels.
public struct TestBatch: Sendable, CustomStringConvertible {
    public let name: String
    public let labels: PairLabels
    public let embeddings: Matrix
    public let similarity: Matrix

    public init(name: String, labels: [Int], embeddings: Matrix) {
        self.name = name
        self.labels = PairLabels(labels)
        self.embeddings = embeddings
        self.similarity = CosineSimilarity.forward(embeddings).similarity
    }

    public var description: String { name }

    /// `classes × perClass` labels, class-major (`0,0,…,1,1,…`), then shuffled by `random`.
    public static func labels(classes: Int, perClass: Int, random: inout TestRandom) -> [Int] {
        var labels = (0..<(classes * perClass)).map { $0 / perClass }
        labels.shuffle(using: &random)
        return labels
    }

    /// A batch with the given labels and random embeddings of dimension `dimension`.
    public static func random(name: String, labels: [Int], dimension: Int, seed: UInt64) -> TestBatch {
        var random = TestRandom(seed: seed)
        return TestBatch(name: name, labels: labels,
                         embeddings: random.gaussianMatrix(rows: labels.count, columns: dimension))
    }

    /// The standard set of seeded random batches: several P×K shapes (N from 6 to 20) and an
    /// irregular one with a single-sample class.
    public static let standard: [TestBatch] = {
        var out: [TestBatch] = []
        let shapes: [(classes: Int, perClass: Int, dimension: Int)] = [(2, 3, 3), (3, 2, 4), (3, 4, 5), (4, 5, 6), (5, 4, 8), (2, 10, 4)]
        for (k, shape) in shapes.enumerated() {
            var random = TestRandom(seed: 1000 + UInt64(k))
            let labels = labels(classes: shape.classes, perClass: shape.perClass, random: &random)
            out.append(TestBatch(name: "\(shape.classes)x\(shape.perClass) d\(shape.dimension)", labels: labels,
                                 embeddings: random.gaussianMatrix(rows: labels.count, columns: shape.dimension)))
        }
        out.append(random(name: "irregular with a single-sample class",
                          labels: [2, 0, 1, 0, 3, 3, 0, 1, 3, 1, 0], dimension: 5, seed: 77))
        return out
    }()
}
