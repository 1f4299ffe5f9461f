// swift-tools-version:6.0
import PackageDescription

// The dense kernels are compiled three times from one source (Sources/KernelsAVX2 and
// Sources/KernelsAVX512 hold symlinks to Sources/KernelsPortable): for any CPU, for x86-64-v3
// (AVX2 + FMA) and for AVX-512, which the engine picks at run time only when CPUFeatures says the
// CPU and OS can run it (DECISIONS.md).
#if arch(x86_64)
let acceleratedKernels = true
#else
let acceleratedKernels = false
#endif
/// The numeric, data and screen modules are optimised in debug builds too: the tests train
/// networks, check gradients by finite differences, parse the 20,000-row letters CSV and lay out
/// and render hundreds of explorer screens (in process and in every spawned debug `gpw`), and
/// -Onone code is 5-50x slower (SIMD the most). Swift's -O keeps IEEE semantics (no reassociation,
/// no fused multiply-add the source does not ask for), so debug and release compute the same bits.
/// The command, terminal and test modules stay -Onone, for the debugger (DECISIONS.md).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
/// Without -fno-math-errno, `squareRoot()` on a SIMD vector is four scalar roots each guarded by a
/// libm call (errno on negative input); with it, one vector root (Adam's update: 47 -> 17 us).
let kernelOptimisation: [SwiftSetting] = optimisedInDebug + [.unsafeFlags(["-Xcc", "-fno-math-errno"])]

// Layers (arrows point inwards; see DECISIONS.md):
//   gpw -> GPWCommands -> ExplorerUI -> MetricTraining -> PairWeighting -> KernelsPortable, KernelsAVX2, KernelsAVX512, CRowExtremes (+ CPUFeatures, CKeepFilter)
//                     \-> DataIO ----/         \-> TUICore
//                     \-> NcursesTerminal -> CNcurses (system library), TUICore
let package = Package(
    name: "gpw",
    products: [
        .executable(name: "gpw", targets: ["gpw"]),
        .library(name: "PairWeighting", targets: ["PairWeighting"]),
    ],
    targets: [
        // Engine: pure Swift, no Foundation, no I/O. Every loss and its per-pair weights; the dense
        // products go to the kernels below.
        .target(name: "PairWeighting",
                dependencies: ["KernelsPortable", "CRowExtremes"] + (acceleratedKernels ? ["KernelsAVX2", "KernelsAVX512", "CPUFeatures", "CKeepFilter"] : []),
                swiftSettings: optimisedInDebug),
        // The blocked matrix product and its register tile, for any CPU.
        .target(name: "KernelsPortable", swiftSettings: kernelOptimisation),
        // Mining's per-row thresholds, eight lanes wide for each kernel build (and plain C on any
        // CPU): in C because Swift's SIMD masks compile to lane-by-lane shuffles (DECISIONS.md).
        .target(name: "CRowExtremes", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        // Model, optimisers, batches, evaluation, synthetic data. No I/O.
        .target(name: "MetricTraining", dependencies: ["PairWeighting"], swiftSettings: optimisedInDebug),
        // The bundled CSV files, compiled into the binary with C23 #embed so it finds them wherever
        // it runs (the CSV files are the one copy of the data).
        .target(name: "CBundledData", exclude: ["csv"]),
        // File formats (CSV, .npy, label files) and dataset lookup. Foundation lives here and above.
        .target(name: "DataIO", dependencies: ["MetricTraining", "CBundledData"], swiftSettings: optimisedInDebug),
        // Screen model: cells, grids, styles, keys, text/ANSI/HTML/SVG serialisers. No terminal.
        .target(name: "TUICore", swiftSettings: optimisedInDebug),
        // Explorer state, actions, reducer and rendering to a cell grid. No I/O.
        .target(name: "ExplorerUI", dependencies: ["PairWeighting", "MetricTraining", "TUICore"], swiftSettings: optimisedInDebug),
        // ncursesw, without pkgConfig (SwiftPM drops its -D flags; the shim defines what it needs).
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        // The only code that talks to the terminal.
        .target(name: "NcursesTerminal", dependencies: ["CNcurses", "TUICore"]),
        // Command-line commands and the explorer's run loop.
        .target(
            name: "GPWCommands",
            dependencies: ["PairWeighting", "MetricTraining", "DataIO", "TUICore", "ExplorerUI", "NcursesTerminal"]),
        .executableTarget(name: "gpw", dependencies: ["GPWCommands"]),

        // Test helpers; MetricTraining for its SplitMix64, the one seeded generator (tests included).
        .target(name: "TestSupport", dependencies: ["PairWeighting", "MetricTraining"], path: "Tests/TestSupport",
                swiftSettings: optimisedInDebug),
        .testTarget(name: "PairWeightingTests", dependencies: ["PairWeighting", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "MetricTrainingTests", dependencies: ["MetricTraining", "TestSupport"]),
        .testTarget(name: "DataIOTests", dependencies: ["DataIO", "MetricTraining", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TUICoreTests", dependencies: ["TUICore"]),
        .testTarget(name: "ExplorerUITests", dependencies: ["ExplorerUI", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "GPWCommandsTests", dependencies: ["GPWCommands", "gpw", "TestSupport"], exclude: ["Fixtures"]),
    ] + (acceleratedKernels ? [
        // The same kernel source compiled for Haswell-class x86-64 (AVX2, FMA); never called unless
        // CPUFeatures reports x86-64-v3.
        .target(name: "KernelsAVX2",
                swiftSettings: kernelOptimisation + [.define("GPW_FMA"), .unsafeFlags(["-target-cpu", "haswell"])]),
        // Once more for AVX-512 CPUs (Skylake-SP class: F, CD, BW, DQ, VL): a register tile of
        // 8-double vectors; never called unless CPUFeatures reports that level.
        .target(name: "KernelsAVX512",
                swiftSettings: kernelOptimisation + [.define("GPW_FMA"), .define("GPW_AVX512"),
                                                     .unsafeFlags(["-target-cpu", "skylake-avx512"])]),
        // CPUID/XGETBV: may the x86-64-v3 build run here?
        .target(name: "CPUFeatures"),
        // The retrieval filter's AVX-512 loop (a compress instruction Swift cannot name).
        .target(name: "CKeepFilter"),
    ] : []),
    // C23, for #embed of the bundled data.
    cLanguageStandard: .c2x
)
