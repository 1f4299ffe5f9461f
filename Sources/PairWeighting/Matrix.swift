/// A dense row-major matrix of `Double`.
///
/// The engine's one container: embeddings are `[N, D]`, similarities and pair weights `[N, N]`.
/// Equality is exact; approximate comparison belongs to the tests.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries, row after row: entry `(r, c)` is `storage[r * columns + c]`.
    public var storage: [Double]

    /// A matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    /// - Precondition: `storage.count == rows * columns`.
    /// A `rows × columns` matrix whose storage `body` writes, every entry of it, through a
    /// pointer (nil when the shape is empty): no zero-filling pass for a result that is about to
    /// be overwritten.
    @inlinable
    public init(rows: Int, columns: Int, initializingWith body: (UnsafeMutablePointer<Double>?) -> Void) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative")
        self.rows = rows
        self.columns = columns
        let count = rows * columns
        self.storage = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(count > 0 ? buffer.baseAddress : nil)
            initialized = count
        }
    }

    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "Matrix storage has \(storage.count) entries, shape needs \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from nested rows, which must all have the same length.
    public init(_ nested: [[Double]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "Matrix rows must have equal lengths")
        self.init(rows: nested.count, columns: columns, storage: nested.flatMap { $0 })
    }

    /// The entry at row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Row `index` as an array.
    public func row(_ index: Int) -> [Double] {
        Array(storage[(index * columns)..<((index + 1) * columns)])
    }

    /// The rows as nested arrays (for serialisation).
    public var nested: [[Double]] { (0..<rows).map(row) }

    /// True when every entry is finite.
    public var isFinite: Bool { storage.allSatisfy(\.isFinite) }

    /// The largest absolute entry (0 for an empty matrix).
    public var maxMagnitude: Double { storage.reduce(0) { max($0, abs($1)) } }
}
