/// Adam's update over flat buffers, four entries per step (in the AVX2 build one 4-lane vector per
/// operation, so the square roots and divisions, which dominate, run twice as wide).
///
/// For every entry, exactly:
///
///     g = grad + decay · θ;  m' = b1 · m + (1 − b1) · g;  v' = b2 · v + (1 − b2) · g · g
///     θ' = θ − lr · (m' · c1) / (√(v' · c2) + eps)
///
/// with no fused multiply-add in either build (Swift does not contract `a * b + c`), and square
/// root and division correctly rounded, so every build gives the same bits as the scalar formula.
/// The new moments go to `newFirstMoment` / `newSecondMoment` (they may be the old buffers), so a
/// caller can keep the old state until it accepts the step.
///
/// Returns `Σ θ'²` and `Σ (θ' − θ)²`, each summed in four interleaved lanes (entry `i` into lane
/// `i mod 4` over the whole groups of four), the lanes added as `(l0 + l1) + (l2 + l3)`, then the
/// tail in order.
public func adamUpdate(count: Int, parameters t: UnsafeMutablePointer<Double>, gradient gp: UnsafePointer<Double>,
                       firstMoment mp: UnsafePointer<Double>, secondMoment vp: UnsafePointer<Double>,
                       newFirstMoment mOut: UnsafeMutablePointer<Double>, newSecondMoment vOut: UnsafeMutablePointer<Double>,
                       beta1 b1: Double, beta2 b2: Double, correction1 c1: Double, correction2 c2: Double,
                       learningRate lr: Double, epsilon eps: Double, decay: Double) -> (squares: Double, changeSquares: Double) {
    let whole = count & ~3
    var squares = SIMD4<Double>(), changes = SIMD4<Double>()
    var i = 0
    while i < whole {
        let th = load4(t + i)
        let g = load4(gp + i) + decay * th
        let m4 = b1 * load4(mp + i) + (1 - b1) * g
        let v4 = b2 * load4(vp + i) + (1 - b2) * g * g
        store4(m4, mOut + i)
        store4(v4, vOut + i)
        let mHat = m4 * c1, vHat = v4 * c2
        let updated = th - lr * mHat / (vHat.squareRoot() + eps)
        store4(updated, t + i)
        squares += updated * updated
        let change = updated - th
        changes += change * change
        i += 4
    }
    var squareTail = 0.0, changeTail = 0.0
    while i < count {
        let th = t[i]
        let g = gp[i] + decay * th
        let m = b1 * mp[i] + (1 - b1) * g
        let v = b2 * vp[i] + (1 - b2) * g * g
        mOut[i] = m
        vOut[i] = v
        let mHat = m * c1, vHat = v * c2
        let updated = th - lr * mHat / (vHat.squareRoot() + eps)
        t[i] = updated
        squareTail += updated * updated
        changeTail += (updated - th) * (updated - th)
        i += 1
    }
    return ((squares[0] + squares[1]) + (squares[2] + squares[3]) + squareTail,
            (changes[0] + changes[1]) + (changes[2] + changes[3]) + changeTail)
}
