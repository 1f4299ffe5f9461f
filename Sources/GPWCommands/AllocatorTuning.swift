#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed memory in the process instead of handing it back to the kernel after every call.
///
/// The engine and the network return their results as fresh matrices. glibc serves large blocks
/// with `mmap` (above an adaptive threshold) and gives freed heap memory back, so a call that
/// allocates and frees them pays for fresh zeroed pages each time. Raising the `mmap` threshold
/// and the trim threshold keeps such blocks in the heap for reuse; the resident size then stays
/// near its peak. Measured on the release build (DECISIONS.md, 2026-12-02, "AllocatorTuning
/// stays"): a training step at N=80 0.37 ms with it against 0.54 without, the explorer's first
/// state 16 against 25 ms, `ms` at N=1280 111 against 210 ms; a loss at N=80 the same either
/// way; peak RSS the same. Called once at start-up by ``GPW/main(_:)``.
///
/// `mallopt` is declared in `<malloc.h>`, which the Glibc module does not export, so it is looked
/// up by name; where it does not exist (another C library) nothing happens.
enum AllocatorTuning {
    /// glibc's `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD` (`<malloc.h>`).
    static let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3

    static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }   // RTLD_DEFAULT
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 32 << 20)      // blocks below 32 MiB come from the heap
        _ = mallopt(trimThreshold, 256 << 20)     // and freed heap memory is kept for reuse
        #endif
    }
}
