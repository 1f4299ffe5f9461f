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

    /// The view after `view` in the `v` cycle: panels alone (nil), 1, 2, ..., 5, panels alone.
    /// When the screen shows a view beside the panels anyway, the cycle skips nil.
    static func next(after view: TeachingView?, allowNone: Bool) -> TeachingView? {
        guard let view else { return .inspector }
        if let following = TeachingView(rawValue: view.rawValue + 1) { return following }
        return allowNone ? nil : .inspector
    }
}
