import Foundation

/// Wall-clock timing for benchmarks (never used by models or tests).
enum Stopwatch {
    /// Monotonic seconds.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Runs `body` `repetitions` times after `warmup` untimed runs; returns per-run milliseconds.
    static func measure(repetitions: Int, warmup: Int = 2, _ body: () -> Void) -> [Double] {
        for _ in 0..<warmup { body() }
        return (0..<repetitions).map { _ in
            let start = now()
            body()
            return (now() - start) * 1000
        }
    }

    /// Runs `body` in batches of `inner` calls so very short operations are timed above the clock's
    /// resolution; returns per-call milliseconds for each batch.
    static func measure(repetitions: Int, warmup: Int = 2, inner: Int, _ body: () -> Void) -> [Double] {
        measure(repetitions: repetitions, warmup: warmup) { for _ in 0..<inner { body() } }.map { $0 / Double(inner) }
    }
}

/// Median and spread of a series of timings.
struct TimingSummary: Sendable {
    var median: Double
    var p10: Double
    var p90: Double
    var runs: Int

    init(_ samples: [Double]) {
        let s = samples.sorted()
        func quantile(_ q: Double) -> Double {
            guard !s.isEmpty else { return .nan }
            let position = q * Double(s.count - 1)
            let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
            return s[lo] + (s[hi] - s[lo]) * (position - Double(lo))
        }
        median = quantile(0.5)
        p10 = quantile(0.1)
        p90 = quantile(0.9)
        runs = s.count
    }

    var json: String {
        "{\"median_ms\": \(JSON.number(median)), \"p10_ms\": \(JSON.number(p10)), \"p90_ms\": \(JSON.number(p90)), \"runs\": \(runs)}"
    }
}

/// Peak resident memory of this process, in MiB.
func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024   // Linux reports KiB
}

/// Least-squares slope of log(time) against log(n): the growth exponent.
func growthExponent(_ points: [(n: Int, ms: Double)]) -> Double {
    let xs = points.map { Foundation.log(Double($0.n)) }, ys = points.map { Foundation.log($0.ms) }
    let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
    var num = 0.0, den = 0.0
    for (x, y) in zip(xs, ys) { num += (x - mx) * (y - my); den += (x - mx) * (x - mx) }
    return den > 0 ? num / den : .nan
}
