import PairWeighting

/// The slow, obvious twin of MetricTraining's retrieval evaluation: sort the whole gallery for
/// every query (cosine similarity, ties by lower index), then MAP@R, R-precision and
/// Recall@1/2/4/8. In TestSupport so it runs optimised in debug builds too (Package.swift): at
/// 1,100 rows it is 2,200 full sorts.
public enum RetrievalTwin {
    public static func metrics(_ e: Matrix, _ labels: [Int]) -> (map: Double, recall: [Int: Double]) {
        let m = metrics(queries: e, queryLabels: labels, reference: nil)
        return (m.map, m.recall)
    }

    /// Every query against `reference` (nil: the queries themselves, each left out of its own list).
    public static func metrics(queries: Matrix, queryLabels: [Int], reference: (Matrix, [Int])?)
        -> (map: Double, rPrecision: Double, recall: [Int: Double], queries: Int) {
        let q = CosineSimilarity.normalize(queries).unit
        let g = reference.map { CosineSimilarity.normalize($0.0).unit } ?? q
        let galleryLabels = reference?.1 ?? queryLabels
        // Similarities from the engine's own product of the stacked unit rows, so that exact
        // ties (coarse features) come out as ties here too; the ranking is the twin's.
        let stacked = Matrix(rows: q.rows + (reference == nil ? 0 : g.rows), columns: q.columns,
                             storage: q.storage + (reference == nil ? [] : g.storage))
        let all = CosineSimilarity.similarity(stacked)
        let offset = reference == nil ? 0 : q.rows
        var apSum = 0.0, rpSum = 0.0, counted = 0
        var hits = [1: 0.0, 2: 0, 4: 0, 8: 0]
        for i in 0..<queryLabels.count {
            let own = reference == nil ? i : -1
            let similarity = (0..<g.rows).map { j in all[i, offset + j] }
            let r = (0..<g.rows).filter { $0 != own && galleryLabels[$0] == queryLabels[i] }.count
            guard r > 0 else { continue }
            counted += 1
            let order = (0..<g.rows).filter { $0 != own }
                .sorted { similarity[$0] > similarity[$1] || (similarity[$0] == similarity[$1] && $0 < $1) }
            var found = 0, sum = 0.0
            for k in 0..<r where galleryLabels[order[k]] == queryLabels[i] { found += 1; sum += Double(found) / Double(k + 1) }
            apSum += sum / Double(r)
            rpSum += Double(found) / Double(r)
            for k in [1, 2, 4, 8] where order.prefix(k).contains(where: { galleryLabels[$0] == queryLabels[i] }) { hits[k, default: 0] += 1 }
        }
        let n = Double(max(counted, 1))
        return (apSum / n, rpSum / n, hits.mapValues { $0 / n }, counted)
    }
}
