import PairWeighting

/// Small dense linear algebra the synthetic generator needs.
enum Orthogonal {
    /// A random orthogonal `n × n` matrix: the Q factor of the QR decomposition of a Gaussian
    /// matrix, by modified Gram–Schmidt on its columns. Gram–Schmidt gives `R` a positive
    /// diagonal, which makes `Q` uniformly (Haar) distributed.
    static func random(_ n: Int, using rng: inout SplitMix64) -> Matrix {
        var columns = [[Double]](repeating: [], count: n)
        for c in 0..<n { columns[c] = (0..<n).map { _ in rng.gaussian() } }
        for c in 0..<n {
            for previous in 0..<c {
                var dot = 0.0
                for k in 0..<n { dot += columns[c][k] * columns[previous][k] }
                for k in 0..<n { columns[c][k] -= dot * columns[previous][k] }
            }
            let norm = euclideanNorm(columns[c])
            // A Gaussian matrix is singular with probability 0; guard anyway.
            let inverse = norm > 1e-300 ? 1 / norm : 0
            for k in 0..<n { columns[c][k] *= inverse }
        }
        var q = Matrix(rows: n, columns: n)
        for r in 0..<n { for c in 0..<n { q[r, c] = columns[c][r] } }
        return q
    }

    /// `v / ‖v‖` (a zero vector stays zero).
    static func normalized(_ v: [Double]) -> [Double] {
        let norm = euclideanNorm(v)
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// `sin(x)` without libm: reduce to `[−π/2, π/2]`, then the Taylor series to `x²¹`
    /// (error below 1e-16 there).
    static func sine(_ x: Double) -> Double {
        guard x.isFinite else { return .nan }
        let twoPi = 6.283185307179586
        var r = x - (x / twoPi).rounded() * twoPi     // [−π, π]
        let halfPi = 1.5707963267948966
        if r > halfPi { r = 2 * halfPi - r } else if r < -halfPi { r = -2 * halfPi - r }
        let r2 = r * r
        var term = r, sum = r
        var n = 1.0
        while n < 21 {
            term *= -r2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }
}
