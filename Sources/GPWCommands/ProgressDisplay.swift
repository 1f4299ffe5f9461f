import Foundation
import MetricTraining

/// Training progress on stderr: a redrawn bar with steps/s, loss and ETA when stderr is a
/// terminal, otherwise one plain line per evaluation (so logs stay readable).
struct ProgressDisplay {
    let label: String
    let total: Int
    let isTerminal: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant

    init(label: String, total: Int) {
        self.label = label
        self.total = total
        isTerminal = isatty(STDERR_FILENO) == 1
        start = clock.now
        lastDraw = start
    }

    /// Called after every step.
    mutating func update(step: Int, loss: Double, evaluation: RetrievalMetrics?) {
        if isTerminal {
            guard let (bar, rate, eta) = nextBar(done: step) else { return }
            Output.errRaw("\r\u{1B}[K" + "\(label) [\(bar)] \(step)/\(total)  \(fixed(rate, 1)) steps/s  loss \(fixed(loss, 4))  ETA \(duration(eta))")
        } else if let evaluation {
            Output.err("\(label) step \(step)/\(total)  loss \(fixed(loss, 4))  MAP@R \(fixed(evaluation.mapAtR, 4))  R@1 \(fixed(evaluation.recallAt[1] ?? 0, 4))")
        }
    }

    /// Called with a count of work done (queries evaluated): the bar, the rate and the ETA, on a
    /// terminal only (a log gets nothing until the result).
    mutating func update(done: Int, unit: String) {
        guard isTerminal, let (bar, rate, eta) = nextBar(done: done) else { return }
        Output.errRaw("\r\u{1B}[K" + "\(label) [\(bar)] \(done)/\(total)  \(fixed(rate, 0)) \(unit)/s  ETA \(duration(eta))")
    }

    /// The bar, the rate and the ETA for `done` of ``total``, or nil when the last draw was under
    /// 100 ms ago (the end is always drawn).
    private mutating func nextBar(done: Int) -> (bar: String, rate: Double, eta: Double)? {
        let now = clock.now
        guard done == total || now - lastDraw >= .milliseconds(100) else { return nil }
        lastDraw = now
        let elapsed = seconds(now - start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 24
        let filled = total > 0 ? min(width, width * done / total) : width
        return (String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled), rate, eta)
    }

    /// Clears the bar (terminal only).
    func finish() {
        if isTerminal { Output.errRaw("\r\u{1B}[K") }
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// `v` with `places` decimals (`nan`/`inf` spelled out).
func fixed(_ v: Double, _ places: Int) -> String {
    guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    return String(format: "%.\(places)f", v)
}

/// `42s`, `3m05s`.
func duration(_ s: Double) -> String {
    guard s.isFinite else { return "?" }
    let whole = Int(s.rounded())
    return whole < 60 ? "\(whole)s" : "\(whole / 60)m\(String(format: "%02d", whole % 60))s"
}
