/// One allocation of floats, carved by the float32 training step into its named buffers
/// (parameters, moments, activations, scratch), so a step allocates nothing and reaches every
/// buffer without nested `withUnsafe…` closures. Owned by a value type that copies it before
/// writing when it is shared (``SingleTrainingStep``'s copy-on-write), so values stay values.
final class SingleBuffers: @unchecked Sendable {
    let count: Int
    let base: UnsafeMutablePointer<Float>

    /// `count` floats, all zero.
    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    /// A copy of `other`'s bytes (copied raw: a region may be bound to `Double`, as the
    /// workspace's radial sums are).
    init(copying other: SingleBuffers) {
        count = other.count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
        UnsafeMutableRawPointer(base).copyMemory(from: other.base, byteCount: max(count, 1) * MemoryLayout<Float>.stride)
    }

    deinit { base.deallocate() }

    /// The floats at `offset ..< offset + length`.
    func pointer(_ offset: Int) -> UnsafeMutablePointer<Float> { base + offset }

    /// A copy of `length` floats from `offset`.
    func array(_ offset: Int, _ length: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: base + offset, count: length))
    }
}
