import PairWeighting

/// One loss panel: the spec as typed, and either the parsed spec or why it cannot be shown.
public struct LossEntry: Sendable, Equatable {
    /// The spec text as given (`ms:beta=40`).
    public var text: String
    /// The parsed spec; nil when the text names no loss this build knows.
    public var spec: LossSpec?
    /// Why the panel is empty (an unknown loss, a bad parameter).
    public var problem: String?

    /// Parses `text`; a failure becomes a panel that says what went wrong instead of an error.
    public init(_ text: String) {
        self.text = text
        do {
            spec = try LossSpec.parse(text)
            problem = nil
        } catch {
            spec = nil
            problem = error.description
        }
    }

    /// The short name for titles: the loss name with the parameters that differ from their
    /// defaults (`ms`, `ms:mining=off`), or the text when it did not parse.
    public var name: String { spec?.compactDescription ?? text }
}
