/// Numerically stable log-sum-exp pieces shared by the softmax-weighted losses.
public enum LogSumExp {
    /// `log(1 + Σ_k e^{z_k})` and the weights `e^{z_k} / (1 + Σ_j e^{z_j})`, written into
    /// `weights` (same count as `z`). Stable for any finite `z`: shifts by `M = max(0, max z)`.
    /// An empty `z` gives 0.
    @inlinable
    public static func onePlus(_ z: UnsafeBufferPointer<Double>, weights: UnsafeMutableBufferPointer<Double>) -> Double {
        var m = 0.0
        for v in z where v > m { m = v }
        for k in 0..<z.count { weights[k] = z[k] - m }
        Elementary.expInPlace(weights)                  // eight at a time, each as Elementary.exp
        var sum = Elementary.exp(-m)
        for k in 0..<z.count { sum += weights[k] }
        let inverse = 1 / sum
        for k in 0..<z.count { weights[k] *= inverse }
        return m + Elementary.log(sum)
    }

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
}
