import Synchronization

/// Counts named pieces of work done inside ``WorkCounter/counting(_:)``, so a test can check that
/// something costly happens once: a loss evaluated, a layout computed. Outside such a test
/// nothing is counted (recording reads a task-local value and finds none).
public final class WorkCounter: Sendable {
    /// The pieces of work that are counted.
    public enum Work: String, Sendable, Hashable, CaseIterable {
        /// `PairLoss.evaluate` by a training step or by the explorer's panels.
        case lossEvaluation
        /// `Layout.arrange` in the explorer.
        case layout
    }

    @TaskLocal private static var current: WorkCounter?
    private let counts = Mutex<[Work: Int]>([:])

    private init() {}

    /// Counts one `work` for the test that is counting, if any.
    public static func record(_ work: Work) { current?.counts.withLock { $0[work, default: 0] += 1 } }

    /// How many times `work` was recorded so far.
    public subscript(_ work: Work) -> Int { counts.withLock { $0[work] ?? 0 } }

    /// Runs `body` with a fresh counter and returns what it counted.
    public static func counting<R>(_ body: () throws -> R) rethrows -> (result: R, counter: WorkCounter) {
        let counter = WorkCounter()
        let result = try $current.withValue(counter) { try body() }
        return (result, counter)
    }
}
