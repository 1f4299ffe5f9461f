/// What the explorer's run loop needs from a terminal. The ncurses driver implements it; so does
/// ``ScriptedTerminal``, an in-memory terminal for tests and headless rendering.
public protocol Terminal {
    /// The current size in cells.
    var size: Size { get }
    /// Shows a full frame.
    mutating func draw(_ grid: CellGrid) throws
    /// The next key, or nil when `milliseconds` pass without one.
    mutating func nextKey(timeout milliseconds: Int) throws -> Key?
}

/// An in-memory terminal: a fixed size, a queue of keys, and the frames drawn so far.
///
/// Once the keys run out, ``nextKey(timeout:)`` returns nil (a timeout) and counts it in
/// ``idleCalls`` so a run loop under test can be stopped.
public struct ScriptedTerminal: Terminal {
    public var size: Size
    /// Keys still to deliver; `nil` entries are delivered as timeouts (a tick).
    public var pending: [Key?]
    /// Every frame drawn, oldest first.
    public private(set) var frames: [CellGrid] = []
    /// Timeouts returned after the script ran out.
    public private(set) var idleCalls = 0

    public init(size: Size, keys: [Key?]) {
        self.size = size
        self.pending = keys
    }

    public mutating func draw(_ grid: CellGrid) throws { frames.append(grid) }

    public mutating func nextKey(timeout milliseconds: Int) throws -> Key? {
        guard !pending.isEmpty else {
            idleCalls += 1
            return nil
        }
        return pending.removeFirst()
    }
}
