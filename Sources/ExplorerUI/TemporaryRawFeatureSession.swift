import PairWeighting

// TEMPORARY ADAPTER — delete when MetricTraining's `TrainingSession` lands on main.
//
// It mimics the part of `TrainingSession` the explorer uses (step, batch, drawBatch, resetModel,
// similarity, trainStep) with no network at all: the "embeddings" are the standardised raw
// features of the current batch, and a training step moves those embeddings directly along
// -∂L/∂X (free embeddings), so the screen visibly reacts to `n` until the real model exists.

/// The session type the explorer drives. Switch this alias to `TrainingSession` when it lands.
public typealias ExplorerSession = TemporaryRawFeatureSession

/// A labelled feature table, standing in for MetricTraining's `DataSplit` (TEMPORARY).
public struct TemporaryDataSplit: Sendable, Equatable {
    public var features: Matrix
    public var labels: [Int]
    public init(features: Matrix, labels: [Int]) {
        precondition(features.rows == labels.count, "one label per row")
        self.features = features
        self.labels = labels
    }
}

/// The batch shape and seed, standing in for `TrainingConfiguration` (TEMPORARY).
public struct TemporaryConfiguration: Sendable, Equatable {
    public var classesPerBatch = 4
    public var samplesPerClass = 4
    public var seed: UInt64 = 1
    public init() {}
}

/// One batch: dataset row indices, their labels, their features (TEMPORARY, same shape as `Batch`).
public struct TemporaryBatch: Sendable, Equatable {
    public var indices: [Int]
    public var labels: PairLabels
    public var features: Matrix
}

/// What one step did (TEMPORARY, same fields as `StepReport`).
public struct TemporaryStepReport: Sendable {
    public var step: Int
    public var loss: Double
    public var weights: PairWeights
    public var embeddings: Matrix
    public var similarity: Matrix
    public var gradientNorm: Double
    public var parameterNorm: Double
}

/// Why the temporary session could not start.
public struct TemporarySessionError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// TEMPORARY stand-in for `TrainingSession`: free embeddings initialised from standardised features.
public struct TemporaryRawFeatureSession: Sendable, Equatable {
    public var configuration: TemporaryConfiguration
    public private(set) var step = 0
    public private(set) var batch: TemporaryBatch
    private var embeddings: Matrix
    private let standardized: Matrix
    private let labels: [Int]
    private var rngState: UInt64
    private let learningRate = 0.5

    public init(split: TemporaryDataSplit, configuration: TemporaryConfiguration) throws(TemporarySessionError) {
        let classes = Set(split.labels)
        guard classes.count >= configuration.classesPerBatch else {
            throw TemporarySessionError(description: "the data has \(classes.count) classes; a batch needs \(configuration.classesPerBatch)")
        }
        self.configuration = configuration
        labels = split.labels
        standardized = Self.standardize(split.features)
        rngState = configuration.seed
        batch = TemporaryBatch(indices: [], labels: PairLabels([]), features: Matrix(rows: 0, columns: 0))
        embeddings = batch.features
        drawBatch()
    }

    /// Draws `P` classes and `K` samples of each (grouped by class) and restarts the embeddings.
    public mutating func drawBatch() {
        var byClass: [Int: [Int]] = [:]
        for (row, label) in labels.enumerated() { byClass[label, default: []].append(row) }
        var classes = byClass.keys.sorted()
        var chosen: [Int] = []
        for _ in 0..<configuration.classesPerBatch {
            let c = classes.remove(at: Int(nextRandom() % UInt64(classes.count)))
            var rows = byClass[c] ?? []
            for _ in 0..<configuration.samplesPerClass where !rows.isEmpty {
                chosen.append(rows.remove(at: Int(nextRandom() % UInt64(rows.count))))
            }
        }
        let d = standardized.columns
        var features = Matrix(rows: chosen.count, columns: d)
        for (r, row) in chosen.enumerated() {
            for k in 0..<d { features[r, k] = standardized[row, k] }
        }
        batch = TemporaryBatch(indices: chosen, labels: PairLabels(chosen.map { labels[$0] }), features: features)
        embeddings = features
    }

    /// Back to step 0 and the first batch of the seed.
    public mutating func resetModel() {
        step = 0
        rngState = configuration.seed
        drawBatch()
    }

    /// The current embeddings and their cosine similarity.
    public func similarity() -> (embeddings: Matrix, similarity: Matrix) {
        (embeddings, CosineSimilarity.similarity(ofRaw: embeddings).similarity)
    }

    /// One step of gradient descent on the free embeddings of the current batch.
    public mutating func trainStep(loss: any PairLoss) throws(TemporarySessionError) -> TemporaryStepReport {
        let (weights, gradient) = loss.evaluate(embeddings: embeddings, labels: batch.labels)
        var norm = 0.0
        for k in embeddings.storage.indices {
            embeddings.storage[k] -= learningRate * Double(embeddings.rows) * gradient.storage[k]
            norm += gradient.storage[k] * gradient.storage[k]
        }
        step += 1
        let (e, s) = similarity()
        return TemporaryStepReport(step: step, loss: weights.value, weights: weights, embeddings: e, similarity: s,
                                   gradientNorm: norm.squareRoot(), parameterNorm: 0)
    }

    private mutating func nextRandom() -> UInt64 {
        rngState &+= 0x9E37_79B9_7F4A_7C15
        var z = rngState
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func standardize(_ x: Matrix) -> Matrix {
        var out = x
        for k in 0..<x.columns {
            var mean = 0.0, square = 0.0
            for r in 0..<x.rows { mean += x[r, k] }
            mean /= Double(max(1, x.rows))
            for r in 0..<x.rows { square += (x[r, k] - mean) * (x[r, k] - mean) }
            let sd = (square / Double(max(1, x.rows))).squareRoot()
            for r in 0..<x.rows { out[r, k] = sd > 0 ? (x[r, k] - mean) / sd : 0 }
        }
        return out
    }
}
