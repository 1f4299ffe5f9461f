import MetricTraining
import PairWeighting

/// Engine benchmarks: one loss's value, weights and embedding gradient on a random batch.
enum EngineBench {
    /// A seeded random batch of `classes × perClass` rows in `d` dimensions.
    static func batch(n: Int, d: Int, seed: UInt64 = 1) -> (Matrix, PairLabels) {
        var rng = SplitMix64(seed: seed)
        let perClass = n >= 80 ? 5 : 4
        let labels = (0..<n).map { $0 / perClass }
        let storage = (0..<(n * d)).map { _ in rng.uniform() * 2 - 1 }
        return (Matrix(rows: n, columns: d, storage: storage), PairLabels(labels))
    }

    /// Every catalogue loss at its defaults (and MS without mining) at one batch size.
    static func losses(n: Int, d: Int, quick: Bool, group: String, progress: (String) -> Void) -> [BenchCommand.Row] {
        let (x, labels) = batch(n: n, d: d)
        let specs = LossCatalog.all.map(\.defaultSpec) + ((try? LossSpec.parse("ms:mining=off")).map { [$0] } ?? [])
        return specs.map { spec in
            progress("\(spec.compactDescription) at N=\(n)")
            let loss = spec.makeLoss()
            let inner = n <= 16 ? 200 : 10
            let samples = Stopwatch.measure(repetitions: quick ? 3 : 31, warmup: quick ? 1 : 2, inner: quick ? 1 : inner) {
                _ = loss.evaluate(embeddings: x, labels: labels)
            }
            return BenchCommand.Row(group: group, name: spec.compactDescription, timing: TimingSummary(samples))
        }
    }

    /// The like-for-like lines against pytorch-metric-learning's float32: value, weights and
    /// `∂L/∂X` with the two products in single precision (``SinglePrecision``), N = 80, D = 512.
    static func singlePrecision(quick: Bool, progress: (String) -> Void) -> [BenchCommand.Row] {
        let (x, labels) = batch(n: 80, d: 512)
        let single = x.storage.map(Float.init)
        let group = "loss N=80 D=512, float32 products (like for like with PML)"
        return ["ms", "contrastive", "triplet"].compactMap { name in
            guard let loss = try? LossSpec.parse(name).makeLoss() else { return nil }
            progress("\(name) at N=80, float32 products")
            let samples = Stopwatch.measure(repetitions: quick ? 3 : 31, warmup: quick ? 1 : 2, inner: quick ? 1 : 10) {
                _ = SinglePrecision.evaluate(loss, embeddings: single, rows: 80, columns: 512, labels: labels)
            }
            return BenchCommand.Row(group: group, name: name, timing: TimingSummary(samples), note: "weights in double")
        }
    }

    /// The parts of one evaluation at N = 80, D = 512: `S` from the raw rows (Gram product,
    /// norms, scaling), each listed loss's weights from `S`, and the backward pass `∂L/∂X` from
    /// its weights.
    static func breakdown(quick: Bool, progress: (String) -> Void) -> [BenchCommand.Row] {
        let (x, labels) = batch(n: 80, d: 512)
        let group = "parts at N=80 D=512"
        let reps = quick ? 3 : 31, inner = quick ? 1 : 20
        progress("the parts of an evaluation")
        var rows: [BenchCommand.Row] = []
        rows.append(.init(group: group, name: "S from X (X X^T, norms, scaling)", timing: TimingSummary(
            Stopwatch.measure(repetitions: reps, inner: inner) { _ = CosineSimilarity.forward(x) })))
        let forward = CosineSimilarity.forward(x)
        for name in ["ms", "binomial", "lifted"] {
            guard let loss = try? LossSpec.parse(name).makeLoss() else { continue }
            rows.append(.init(group: group, name: "\(name): weights G from S", timing: TimingSummary(
                Stopwatch.measure(repetitions: reps, inner: inner) { _ = loss.evaluate(similarity: forward.similarity, labels: labels) })))
            let g = loss.evaluate(similarity: forward.similarity, labels: labels).gradient
            rows.append(.init(group: group, name: "\(name): dL/dX from G", timing: TimingSummary(
                Stopwatch.measure(repetitions: reps, inner: inner) {
                    _ = CosineSimilarity.embeddingGradient(pairWeights: g, forward: forward)
                })))
        }
        return rows
    }

    /// Median time of one spec across batch sizes at D = 512.
    static func scaling(spec: String, sizes: [Int], quick: Bool) -> [(n: Int, ms: Double)] {
        guard let loss = try? LossSpec.parse(spec).makeLoss() else { return [] }
        return sizes.map { n in
            let (x, labels) = batch(n: n, d: 512)
            let reps = quick ? 2 : (n >= 640 ? 5 : 15)
            let samples = Stopwatch.measure(repetitions: reps, warmup: 1) { _ = loss.evaluate(embeddings: x, labels: labels) }
            return (n, TimingSummary(samples).median)
        }
    }
}
