import PairWeighting

/// The slow, obvious twin of MetricTraining's retrieval evaluation: sort the whole gallery for
/// every query (cosine similarity, ties by lower index), then MAP@R and Recall@1/2/4/8. In
/// TestSupport so it runs optimised in debug builds too (Package.swift): at 1,100 rows it is
/// 2,200 full sorts.
public enum RetrievalTwin {
    public static func metrics(_ e: Matrix, _ labels: [Int]) -> (map: Double, recall: [Int: Double]) {
        let unit = CosineSimilarity.normalize(e).unit
        let s = CosineSimilarity.similarity(unit)
        var apSum = 0.0, queries = 0
        var hits = [1: 0.0, 2: 0, 4: 0, 8: 0]
        for q in 0..<labels.count {
            let r = labels.filter { $0 == labels[q] }.count - 1
            guard r > 0 else { continue }
            queries += 1
            let order = (0..<labels.count).filter { $0 != q }.sorted { s[q, $0] > s[q, $1] || (s[q, $0] == s[q, $1] && $0 < $1) }
            var found = 0, sum = 0.0
            for i in 0..<r where labels[order[i]] == labels[q] { found += 1; sum += Double(found) / Double(i + 1) }
            apSum += sum / Double(r)
            for k in [1, 2, 4, 8] where order.prefix(k).contains(where: { labels[$0] == labels[q] }) { hits[k, default: 0] += 1 }
        }
        return (apSum / Double(queries), hits.mapValues { $0 / Double(queries) })
    }
}
