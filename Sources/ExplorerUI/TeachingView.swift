/// The teaching views below (or, on a small screen, instead of) the matrix panels.
public enum TeachingView: Int, Sendable, Equatable, CaseIterable {
    /// The cursor pair: every loss's weight, and the focused loss's formula with this batch's numbers.
    case inspector = 1
    /// Weight against similarity, every pair a point, for the focused loss and a second one.
    case weights
    /// Histograms of positive and negative similarities with the focused loss's margins.
    case distributions
    /// Training loss and unseen-class retrieval over the steps; the `c` comparison.
    case curves
    /// The batch's embeddings projected to 2-D (PCA), one glyph per class.
    case embedding

    /// The tab title.
    public var title: String {
        switch self {
        case .inspector: return "inspector"
        case .weights: return "W vs S"
        case .distributions: return "histograms"
        case .curves: return "curves"
        case .embedding: return "embedding"
        }
    }

    /// The tab's text: `1 inspector`.
    public var tabText: String { "\(rawValue) " + title }

    /// The view `delta` places after `view` in the `v` cycle: panels alone (nil), 1, 2, ..., 5,
    /// panels alone; `V` goes the other way.
    static func cycled(from view: TeachingView?, by delta: Int) -> TeachingView? {
        let count = allCases.count + 1
        let position = ((view?.rawValue ?? 0) + delta % count + count) % count
        return TeachingView(rawValue: position)
    }
}
