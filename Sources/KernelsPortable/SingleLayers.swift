/// The entry-wise passes of the float32 training step, eight lanes at a time (one AVX register
/// in the AVX2 and AVX-512 builds, two SSE registers in the portable one): a layer's bias and
/// ReLU, the ReLU's backward mask, the bias gradient, and Adam's update. No fused multiply-add
/// anywhere here (Swift does not contract `a * b + c`), and square root and division are
/// correctly rounded, so every build gives the same bits.

/// `y_rc ← y_rc + b_c`, then `max(0, ·)` when `relu`, for `y` `[rows, columns]` (row-major).
public func singleAddBias(_ y: UnsafeMutablePointer<Float>, rows: Int, columns m: Int,
                          bias b: UnsafePointer<Float>, relu: Bool) {
    let whole = m - m % 8
    for r in 0..<rows {
        let row = y + r * m
        var c = 0
        while c < whole {
            let v = load8(row + c) + load8(b + c)
            store8(relu ? v.replacing(with: 0, where: v .< 0) : v, row + c)
            c += 8
        }
        while c < m {
            let v = row[c] + b[c]
            row[c] = relu && v < 0 ? 0 : v
            c += 1
        }
    }
}

/// `g_i ← x_i > 0 ? g_i : 0` over `count` entries: ReLU's backward pass from its output `x`
/// (`x > 0` exactly where its input was).
public func singleMaskByPositive(_ g: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
    let whole = count - count % 8
    var i = 0
    while i < whole {
        let v = load8(g + i)
        store8(v.replacing(with: 0, where: .!(load8(x + i) .> 0)), g + i)
        i += 8
    }
    while i < count { if !(x[i] > 0) { g[i] = 0 }; i += 1 }
}

/// `b_c = Σ_r g_rc` over the rows in order, for `g` `[rows, columns]`, eight columns at a time
/// (the sums stay in registers).
public func singleSumRows(_ g: UnsafePointer<Float>, rows n: Int, columns m: Int, into b: UnsafeMutablePointer<Float>) {
    let whole = m - m % 8
    var c = 0
    while c < whole {
        var sum = SIMD8<Float>()
        for r in 0..<n { sum += load8(g + r * m + c) }
        store8(sum, b + c)
        c += 8
    }
    while c < m {
        var sum: Float = 0
        for r in 0..<n { sum += g[r * m + c] }
        b[c] = sum
        c += 1
    }
}

/// Adam's update in single precision (sixteen lanes on the AVX-512 build, eight elsewhere; the
/// same bits), from `parameters` into `newParameters` and from the
/// moments into the new moments (separate buffers, so the caller can refuse the step):
///
///     g = grad + decay · θ;  m' = b1 · m + (1 − b1) · g;  v' = b2 · v + (1 − b2) · g · g
///     θ' = θ − lr · (m' · c1) / (√(v' · c2) + eps)
///
/// Returns `Σ θ'²`, `Σ (θ' − θ)²` and `Σ grad²` (the loss gradient, before decay), each summed in
/// eight float lanes (entry `i` into lane `i mod 8` over the whole groups), the lanes then added in
/// double, then the tail: checks and reports, never inputs to the update.
public func singleAdamUpdate(count: Int, parameters t: UnsafePointer<Float>, newParameters out: UnsafeMutablePointer<Float>,
                             gradient gp: UnsafePointer<Float>,
                             firstMoment mp: UnsafePointer<Float>, secondMoment vp: UnsafePointer<Float>,
                             newFirstMoment mOut: UnsafeMutablePointer<Float>, newSecondMoment vOut: UnsafeMutablePointer<Float>,
                             beta1 b1: Float, beta2 b2: Float, correction1 c1: Float, correction2 c2: Float,
                             learningRate lr: Float, epsilon eps: Float, decay: Float)
    -> (squares: Double, changeSquares: Double, gradientSquares: Double) {
    let whole = count - count % 8
    var squares = SIMD8<Float>(), changes = SIMD8<Float>(), gradients = SIMD8<Float>()
    let d1 = 1 - b1, d2 = 1 - b2
    var i = 0
    #if GPW_AVX512
    // Sixteen entries per step (the square roots and divisions, which dominate, twice as wide);
    // each sum takes the low half, then the high half: the eight-lane order, the same bits.
    while i + 16 <= whole {
        let th = load16(t + i), raw = load16(gp + i)
        let g = raw + decay * th
        let m16 = b1 * load16(mp + i) + d1 * g
        let v16 = b2 * load16(vp + i) + d2 * g * g
        store16(m16, mOut + i)
        store16(v16, vOut + i)
        let updated = th - lr * (m16 * c1) / ((v16 * c2).squareRoot() + eps)
        store16(updated, out + i)
        let change = updated - th
        squares += updated.lowHalf * updated.lowHalf
        squares += updated.highHalf * updated.highHalf
        changes += change.lowHalf * change.lowHalf
        changes += change.highHalf * change.highHalf
        gradients += raw.lowHalf * raw.lowHalf
        gradients += raw.highHalf * raw.highHalf
        i += 16
    }
    #endif
    while i < whole {
        let th = load8(t + i), raw = load8(gp + i)
        let g = raw + decay * th
        let m8 = b1 * load8(mp + i) + d1 * g
        let v8 = b2 * load8(vp + i) + d2 * g * g
        store8(m8, mOut + i)
        store8(v8, vOut + i)
        let updated = th - lr * (m8 * c1) / ((v8 * c2).squareRoot() + eps)
        store8(updated, out + i)
        squares += updated * updated
        let change = updated - th
        changes += change * change
        gradients += raw * raw
        i += 8
    }
    @inline(__always) func total(_ v: SIMD8<Float>) -> Double {
        var s = 0.0
        for l in 0..<8 { s += Double(v[l]) }
        return s
    }
    var squareSum = total(squares), changeSum = total(changes), gradientSum = total(gradients)
    while i < count {
        let th = t[i], raw = gp[i]
        let g = raw + decay * th
        let m = b1 * mp[i] + d1 * g
        let v = b2 * vp[i] + d2 * g * g
        mOut[i] = m
        vOut[i] = v
        let updated = th - lr * (m * c1) / ((v * c2).squareRoot() + eps)
        out[i] = updated
        squareSum += Double(updated * updated)
        changeSum += Double((updated - th) * (updated - th))
        gradientSum += Double(raw * raw)
        i += 1
    }
    return (squareSum, changeSum, gradientSum)
}
