/// Numerically stable log-sum-exp pieces shared by the softmax-weighted losses.
public enum LogSumExp {
    /// `log(1 + Σ_k e^{z_k})` and the weights `e^{z_k} / (1 + Σ_j e^{z_j})`, written into
    /// `weights` (same count as `z`). Stable for any finite `z`: shifts by `M = max(0, max z)`.
    /// An empty `z` gives 0.
    @inlinable
    public static func onePlus(_ z: UnsafeBufferPointer<Double>, weights: UnsafeMutableBufferPointer<Double>) -> Double {
        var m = 0.0
        for v in z where v > m { m = v }
        var sum = Elementary.exp(-m)
        for (k, v) in z.enumerated() {
            let e = Elementary.exp(v - m)
            weights[k] = e
            sum += e
        }
        for k in 0..<z.count { weights[k] /= sum }
        return m + Elementary.log(sum)
    }

    /// `log Σ_k e^{z_k}` and the softmax weights of `z`. An empty `z` gives 0 (the convention of
    /// pytorch-metric-learning's masked log-sum-exp).
    @inlinable
    public static func plain(_ z: UnsafeBufferPointer<Double>, weights: UnsafeMutableBufferPointer<Double>) -> Double {
        guard var m = z.first else { return 0 }
        for v in z where v > m { m = v }
        var sum = 0.0
        for (k, v) in z.enumerated() {
            let e = Elementary.exp(v - m)
            weights[k] = e
            sum += e
        }
        for k in 0..<z.count { weights[k] /= sum }
        return m + Elementary.log(sum)
    }
}
