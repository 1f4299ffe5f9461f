#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed memory in the process instead of handing it back to the kernel after every call.
///
/// The engine returns its results as fresh matrices; at the paper's batch an evaluation allocates
/// and frees `[80, 512]` matrices (320 KiB each). glibc serves blocks that size with `mmap`
/// and gives the pages back on `free`, so every call paid for fresh zeroed pages (page faults)
/// — measured as up to 0.3 to 0.7 ms per loss evaluation when the engine still wrote the unit
/// rows `F` (two such matrices per call; with one, glibc's adaptive threshold now absorbs it at
/// N=80). Raising the `mmap` threshold and the trim threshold keeps such blocks in the heap for
/// reuse at every size; the resident size then stays near its peak. Called once at start-up by
/// ``GPW/main(_:)``.
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
