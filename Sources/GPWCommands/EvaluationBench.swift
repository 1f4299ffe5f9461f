import DataIO
import MetricTraining
import PairWeighting

/// Unseen-class retrieval: MAP@R and Recall@K over every row of letters' test half.
enum EvaluationBench {
    static func letters(quick: Bool) -> [BenchCommand.Row] {
        guard let split = try? DatasetSelection.split("letters"),
              let session = try? TrainingSession(split: split, configuration: TrainingConfiguration()) else { return [] }
        // --quick (a smoke test, also in debug builds) evaluates the fixed 50-per-class subset.
        let test = quick ? split.test.subset(rows: session.evaluationRows) : split.test
        let rows = test.count
        let embeddings = session.embed(test.features)
        let samples = Stopwatch.measure(repetitions: quick ? 1 : 7, warmup: 1) {
            _ = RetrievalEvaluator.evaluate(embeddings: embeddings, labels: test.labels)
        }
        return [BenchCommand.Row(group: "evaluation", name: quick ? "MAP@R letters test subset (\(rows) rows)" : "MAP@R letters test half (\(rows) rows)",
                                 timing: TimingSummary(samples), note: "embedding \(embeddings.columns), all cores")]
    }
}
