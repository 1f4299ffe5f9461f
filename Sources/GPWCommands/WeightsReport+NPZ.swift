import DataIO
import PairWeighting

extension WeightsReport {
    /// The report as numpy arrays (`gpw weights --format npz -o FILE`): `similarity` [N, N],
    /// `labels` and `rows` [N], `specs` and `value` [L], and per loss K (0-based, the order of
    /// `--loss`) `gradient_K` (∂L/∂S) [N, N], `mined_K` and `active_K` (bool) [N, N] and
    /// `embedding_gradient_K` (∂L/∂x) [N, D]. `mined_K` is all true for a loss that does not mine.
    func npz() -> NPZWriter {
        let n = labels.count
        var archive = NPZWriter()
        archive.add("similarity", .float64(shape: [n, n], values: similarity.storage))
        archive.add("labels", .int64(shape: [n], values: labels.labels))
        archive.add("rows", .int64(shape: [n], values: rows))
        archive.add("specs", .unicode(values: results.map(\.spec.description)))
        archive.add("value", .float64(shape: [results.count], values: results.map(\.weights.value)))
        for (k, r) in results.enumerated() {
            let pairs = (0..<n).flatMap { i in (0..<n).map { j in (i, j) } }
            archive.add("gradient_\(k)", .float64(shape: [n, n], values: r.weights.gradient.storage))
            archive.add("mined_\(k)", .bool(shape: [n, n], values: pairs.map { r.weights.mines ? r.weights.isSelected($0.0, $0.1) : $0.0 != $0.1 }))
            archive.add("active_\(k)", .bool(shape: [n, n], values: pairs.map { r.weights.status($0.0, $0.1) == .active }))
            archive.add("embedding_gradient_\(k)", .float64(shape: [r.embeddingGradient.rows, r.embeddingGradient.columns],
                                                           values: r.embeddingGradient.storage))
        }
        return archive
    }
}
