import MetricTraining
import PairWeighting

/// The dense product alone, on each kernel build this CPU runs: `(W + Wᵀ) F` at the paper's batch
/// (`[80, 80] × [80, 512]`, 3.3 million multiply-adds), and MS end to end on each build, so the
/// figures of a machine without AVX2 can be read off this one; each against the build's measured
/// multiply-add peak (twelve independent chains, nothing loaded).
enum KernelBench {
    static func rows(quick: Bool, progress: (String) -> Void) -> [BenchCommand.Row] {
        let group = "kernels (each build this CPU runs)"
        let n = 80, d = 512
        let (x, labels) = EngineBench.batch(n: n, d: d)
        let w = EngineBench.batch(n: n, d: n, seed: 2).0
        var out = [Double](repeating: 0, count: n * d)
        var rows: [BenchCommand.Row] = []
        let reps = quick ? 3 : 31, inner = quick ? 1 : 20
        var peaks: [KernelBuild: Double] = [:]
        for build in Kernels.available {
            progress("the \(build.rawValue) kernels")
            let rounds = quick ? 1_000 : 20_000
            var sink = 0.0
            let peakSamples = Stopwatch.measure(repetitions: reps, inner: inner) { sink += Kernels.multiplyAddPeak(rounds: rounds, build: build).sum }
            let peakTiming = TimingSummary(peakSamples)
            let peak = Double(Kernels.multiplyAddPeak(rounds: rounds, build: build).multiplyAdds) / (peakTiming.median * 1e-3) / 1e9
            peaks[build] = peak
            rows.append(.init(group: group, name: "multiply-add peak, \(build.rawValue)", timing: peakTiming,
                              note: "\(formatRate(peak)) GMAC/s\(sink.isNaN ? " (NaN)" : "")"))
            let samples = w.storage.withUnsafeBufferPointer { a in
                x.storage.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { c in
                        Stopwatch.measure(repetitions: reps, inner: inner) {
                            Kernels.multiply(rows: n, columns: d, depth: n, a: a.baseAddress!, aRowStride: n, aColumnStride: 1,
                                             b: b.baseAddress!, bRowStride: d, bColumnStride: 1, c: c.baseAddress!, cRowStride: d,
                                             accumulate: false, build: build)
                        }
                    }
                }
            }
            let timing = TimingSummary(samples)
            let rate = Double(n * n * d) / (timing.median * 1e-3) / 1e9
            rows.append(.init(group: group, name: "[80,80]x[80,512] product, \(build.rawValue)", timing: timing,
                              note: "\(formatRate(rate)) GMAC/s, \(Int((rate / peak * 100).rounded())) % of the peak"))
            // The same product skipping zeros, at the share where cosineBackward switches.
            var rng = SplitMix64(seed: 3)
            let sparse = (0..<(n * n)).map { _ in rng.uniform() < Kernels.sparseShare(build) ? rng.uniform() - 0.5 : 0 }
            let nonZero = sparse.filter { $0 != 0 }.count
            var partners = [Int](repeating: 0, count: n), coefficients = [Double](repeating: 0, count: n)
            let sparseSamples = sparse.withUnsafeBufferPointer { a in
                x.storage.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { c in
                        Stopwatch.measure(repetitions: reps, inner: inner) {
                            Kernels.multiplySparseRows(rows: n, columns: d, depth: n, a: a.baseAddress!, b: b.baseAddress!,
                                                       c: c.baseAddress!, partners: &partners, coefficients: &coefficients, build: build)
                        }
                    }
                }
            }
            let sparseTiming = TimingSummary(sparseSamples)
            let sparseRate = Double(nonZero * d) / (sparseTiming.median * 1e-3) / 1e9
            rows.append(.init(group: group, name: "same, \(Int(Kernels.sparseShare(build) * 100)) % non-zero rows, \(build.rawValue)",
                              timing: sparseTiming, note: "\(formatRate(sparseRate)) GMAC/s"))
        }
        // MS end to end on each build; the active build is restored afterwards.
        let active = Kernels.active
        defer { Kernels.select(active) }
        guard let loss = try? LossSpec.parse("ms").makeLoss() else { return rows }
        for build in Kernels.available {
            Kernels.select(build)
            let samples = Stopwatch.measure(repetitions: reps, inner: quick ? 1 : 10) {
                _ = loss.evaluate(embeddings: x, labels: labels)
            }
            // The products' multiply-adds: S's upper triangle with its diagonal, and A X.
            let work = Double(n * (n + 1) / 2 * d + n * n * d)
            let timing = TimingSummary(samples)
            let ideal = work / ((peaks[build] ?? .nan) * 1e9) * 1e3
            rows.append(.init(group: group, name: "ms N=80 D=512, \(build.rawValue)", timing: timing,
                              note: "\(formatRate(timing.median / ideal))x the peak's time for its \(formatRate(work / 1e6)) M multiply-adds"))
            // Its two products alone (the Gram's upper triangle, then A X): the floor the rest of
            // MS (weights, norms, coefficients) sits on.
            let products = x.storage.withUnsafeBufferPointer { xp in
                w.storage.withUnsafeBufferPointer { a in
                    out.withUnsafeMutableBufferPointer { c in
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: n * n) { gram in
                            Stopwatch.measure(repetitions: reps, inner: quick ? 1 : 10) {
                                Kernels.gram(xp.baseAddress!, rows: n, columns: d, into: gram.baseAddress!, build: build)
                                Kernels.multiply(rows: n, columns: d, depth: n, a: a.baseAddress!, aRowStride: n, aColumnStride: 1,
                                                 b: xp.baseAddress!, bRowStride: d, bColumnStride: 1, c: c.baseAddress!,
                                                 cRowStride: d, accumulate: false, build: build)
                            }
                        }
                    }
                }
            }
            let productTiming = TimingSummary(products)
            rows.append(.init(group: group, name: "ms N=80 D=512, products only, \(build.rawValue)", timing: productTiming,
                              note: "\(formatRate(productTiming.median / ideal))x the peak's time"))
        }
        return rows
    }

    static func formatRate(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
