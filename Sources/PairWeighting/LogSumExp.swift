/// Numerically stable log-sum-exp pieces shared by the softmax-weighted losses.
public enum LogSumExp {
    /// `log Σ_k e^{z_k}` and the softmax weights of `z`. An empty `z` gives 0 (the convention of
    /// pytorch-metric-learning's masked log-sum-exp).
    @inlinable
    public static func plain(_ z: UnsafeBufferPointer<Double>, weights: UnsafeMutableBufferPointer<Double>) -> Double {
        guard var m = z.first else { return 0 }
        for v in z where v > m { m = v }
        for k in 0..<z.count { weights[k] = z[k] - m }
        Elementary.expInPlace(weights)
        var sum = 0.0
        for k in 0..<z.count { sum += weights[k] }
        let inverse = 1 / sum
        for k in 0..<z.count { weights[k] *= inverse }
        return m + Elementary.log(sum)
    }

    /// `log Σ_k e^{z_k}` and `Σ_k e^{z_k − max z}`, overwriting `z` with `e^{z_k − max z}` (the
    /// unnormalised softmax shares, for losses that scale them themselves).
    @inlinable
    public static func shifted(_ z: UnsafeMutablePointer<Double>, count: Int) -> (log: Double, sum: Double) {
        var shift = -Double.infinity
        for k in 0..<count where z[k] > shift { shift = z[k] }
        for k in 0..<count { z[k] -= shift }
        // Eight at a time on the kernel build, each entry bit for bit the scalar exp.
        Elementary.expInPlace(UnsafeMutableBufferPointer(start: z, count: count))
        var sum = 0.0
        for k in 0..<count { sum += z[k] }
        return (shift + Elementary.log(sum), sum)
    }
}
