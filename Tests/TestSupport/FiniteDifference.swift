import PairWeighting

/// The outcome of comparing an analytic gradient with central finite differences.
public struct FiniteDifferenceReport: Sendable, CustomStringConvertible {
    /// Entries compared.
    public var checked = 0
    /// Entries skipped because the function has a kink or a jump within `h` of them.
    public var skipped = 0
    /// The largest `|central difference − analytic|`, divided by `scale`.
    public var worst = 0.0
    /// Where `worst` occurred.
    public var worstEntry = (row: -1, column: -1)
    /// `max(largest |central difference|, floor)`: what errors are relative to.
    public var scale = 0.0
    /// The rounding noise of a difference quotient, `64 ulp(|f|) / h`: differences below it are
    /// not errors (it matters only where the true gradient is 0 and `f` is not).
    public var noise = 0.0

    public var description: String {
        "checked \(checked), skipped \(skipped), worst relative error \(worst) at \(worstEntry), scale \(scale), noise \(noise)"
    }
}

/// Central finite differences on a function of a matrix, entry by entry.
public enum FiniteDifference {
    /// Compares `analytic` with `(f(X + h e_rc) − f(X − h e_rc)) / 2h` for every entry `(r, c)`
    /// (every off-diagonal entry when `offDiagonalOnly`), each perturbed on its own.
    ///
    /// Piecewise-constant parts of `f` (hinges, mining masks, counts) are constants for the
    /// derivative, so an entry within `h` of such a boundary has no meaningful difference quotient:
    /// it is detected by the one-sided quotients disagreeing, `|fwd − bwd| > kinkTolerance · scale`,
    /// and skipped. The detection looks only at `f`, never at `analytic`, so a wrong gradient cannot
    /// hide behind it. Smooth curvature gives `|fwd − bwd| ≈ h |f''|`, far below the tolerance.
    public static func check(_ analytic: Matrix, at x: Matrix, h: Double = 1e-6, offDiagonalOnly: Bool = true,
                             kinkTolerance: Double = 1e-2, floor: Double = 1e-8,
                             _ f: (Matrix) -> Double) -> FiniteDifferenceReport {
        precondition(analytic.rows == x.rows && analytic.columns == x.columns, "shapes differ")
        let f0 = f(x)
        var central = [Double](repeating: 0, count: x.storage.count)
        var kink = [Double](repeating: 0, count: x.storage.count)
        var considered = [Bool](repeating: false, count: x.storage.count)
        for r in 0..<x.rows {
            for c in 0..<x.columns where !(offDiagonalOnly && r == c) {
                let k = r * x.columns + c
                var plus = x, minus = x
                plus.storage[k] += h
                minus.storage[k] -= h
                let fp = f(plus), fm = f(minus)
                central[k] = (fp - fm) / (2 * h)
                kink[k] = abs((fp - f0) / h - (f0 - fm) / h)
                considered[k] = true
            }
        }
        var report = FiniteDifferenceReport()
        report.scale = max(central.reduce(0) { max($0, abs($1)) }, floor)
        report.noise = 64 * abs(f0).ulp / h
        for k in 0..<central.count where considered[k] {
            if !kink[k].isFinite || kink[k] > kinkTolerance * report.scale + 4 * report.noise {
                report.skipped += 1
                continue
            }
            report.checked += 1
            let error = max(0, abs(central[k] - analytic.storage[k]) - report.noise) / report.scale
            if !(error <= report.worst) {
                report.worst = error
                report.worstEntry = (k / x.columns, k % x.columns)
            }
        }
        return report
    }

    /// Checks a loss's `G = ∂L/∂S` on a similarity matrix.
    public static func check(_ loss: any PairLoss, similarity: Matrix, labels: PairLabels, h: Double = 1e-6) -> FiniteDifferenceReport {
        let g = loss.evaluate(similarity: similarity, labels: labels).gradient
        return check(g, at: similarity, h: h) { loss.evaluate(similarity: $0, labels: labels).value }
    }
}
