/// Adam's update over flat buffers, four entries per step (in the AVX2 build one 4-lane vector per
/// operation, so the square roots and divisions, which dominate, run twice as wide).
///
/// For every entry, exactly:
///
///     g = grad + decay · θ;  m = b1 · m + (1 − b1) · g;  v = b2 · v + (1 − b2) · g · g
///     θ = θ − lr · (m · c1) / (√(v · c2) + eps)
///
/// with no fused multiply-add in either build (Swift does not contract `a * b + c`), and square
/// root and division correctly rounded, so both builds give the same bits as the scalar formula.
public func adamUpdate(count: Int, parameters t: UnsafeMutablePointer<Double>, gradient gp: UnsafePointer<Double>,
                       firstMoment mp: UnsafeMutablePointer<Double>, secondMoment vp: UnsafeMutablePointer<Double>,
                       beta1 b1: Double, beta2 b2: Double, correction1 c1: Double, correction2 c2: Double,
                       learningRate lr: Double, epsilon eps: Double, decay: Double) {
    let whole = count & ~3
    var i = 0
    while i < whole {
        let th = load4(t + i)
        let g = load4(gp + i) + decay * th
        let m4 = b1 * load4(mp + i) + (1 - b1) * g
        let v4 = b2 * load4(vp + i) + (1 - b2) * g * g
        store4(m4, mp + i)
        store4(v4, vp + i)
        let mHat = m4 * c1, vHat = v4 * c2
        store4(th - lr * mHat / (vHat.squareRoot() + eps), t + i)
        i += 4
    }
    while i < count {
        let g = gp[i] + decay * t[i]
        mp[i] = b1 * mp[i] + (1 - b1) * g
        vp[i] = b2 * vp[i] + (1 - b2) * g * g
        let mHat = mp[i] * c1, vHat = vp[i] * c2
        t[i] -= lr * mHat / (vHat.squareRoot() + eps)
        i += 1
    }
}
