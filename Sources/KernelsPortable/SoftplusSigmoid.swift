/// PairWeighting's eight-lane `log` and shared-exp softplus/sigmoid (`Elementary.log`,
/// `Elementary.softplusAndSigmoid`), here so that each kernel build compiles them for its own
/// registers, as `Exponential.swift` does for `exp`. Multiplies and adds stay separate (no fused
/// multiply-add, even where `GPW_FMA` is set), so every build gives the scalar functions' bits.

/// `log x` lane by lane for positive, normal, finite lanes (the caller checks): `x = 2^e m` with
/// `m` in `[√2/2, √2)`, `s = (m − 1)/(m + 1)`, `log m = 2 atanh s` by its series to `s^23`, then
/// `e ln 2` in two parts — `Elementary.log`'s operations in its order.
@inlinable @inline(__always)
public func logarithmInRange(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
    var e = SIMD8<Int64>(truncatingIfNeeded: bits &>> 52) &- 1023
    var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)
    let high = m .> 1.4142135623730951
    m.replace(with: m * 0.5, where: high)
    e.replace(with: e &+ 1, where: high)
    let s = (m - 1) / (m + 1)
    let s2 = s * s
    var q = SIMD8<Double>(repeating: 0.043478260869565216)
    q = q * s2 + 0.047619047619047616
    q = q * s2 + 0.05263157894736842
    q = q * s2 + 0.058823529411764705
    q = q * s2 + 0.06666666666666667
    q = q * s2 + 0.07692307692307693
    q = q * s2 + 0.09090909090909091
    q = q * s2 + 0.1111111111111111
    q = q * s2 + 0.14285714285714285
    q = q * s2 + 0.2
    q = q * s2 + 0.3333333333333333
    let sum = s + s * s2 * q
    let ed = SIMD8<Double>(e)
    return ed * 6.93147180369123816490e-01 + (2 * sum + ed * 1.90821492927058770002e-10)
}

/// `(softplus z, sigmoid z)` lane by lane for lanes with `|z| ≤ 690` (the caller checks): both
/// exponentiate `−|z|`, so one `exp` serves; `log1p(e)` is `log(1 + e) · (e / ((1 + e) − 1))`
/// (`e` itself where `1 + e` rounds to 1) — `Elementary.softplusAndSigmoid`'s operations.
@inlinable @inline(__always)
public func softplusAndSigmoidInRange(_ z: SIMD8<Double>) -> (softplus: SIMD8<Double>, sigmoid: SIMD8<Double>) {
    let minusMagnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD8<UInt64>.self) | (1 << 63), to: SIMD8<Double>.self)
    let e = exponentialInRange(minusMagnitude)                       // e^{−|z|}, in (0, 1]
    let u = 1 + e                                                     // in (1, 2]: log's range
    var log1p = logarithmInRange(u) * (e / (u - 1))
    log1p.replace(with: e, where: u .== 1)
    // softplus: z + log1p(e) for z > 0, else log1p(e) (adding +0 to a result ≥ 0 changes nothing).
    let softplus = SIMD8<Double>(repeating: 0).replacing(with: z, where: z .> 0) + log1p
    // sigmoid: 1/(1 + e) for z ≥ 0, else e/(1 + e).
    let sigmoid = e.replacing(with: 1, where: z .>= 0) / u
    return (softplus, sigmoid)
}

/// `values[k] ← log values[k]` for `k < count`, eight at a time; a group with a lane that is not
/// positive, normal and finite, and the last `count mod 8` entries, go to `scalar` one by one.
public func logarithmInPlace(_ values: UnsafeMutablePointer<Double>, count: Int, scalar: (Double) -> Double) {
    mapInPlace(values, count: count, inRange: { all(($0 .>= Double.leastNormalMagnitude) .& ($0 .<= Double.greatestFiniteMagnitude)) },
               logarithmInRange, scalar: scalar)
}

/// `values[k] ← softplus values[k]` and `sigmoids[k] ← sigmoid values[k]` for `k < count`, eight
/// at a time; a group with a lane outside ±690 (or NaN), and the last `count mod 8` entries, go
/// to `scalar` one by one.
public func softplusAndSigmoidInPlace(_ values: UnsafeMutablePointer<Double>, count: Int, sigmoids: UnsafeMutablePointer<Double>,
                                      scalar: (Double) -> (softplus: Double, sigmoid: Double)) {
    var k = 0
    while k + 8 <= count {
        let raw = UnsafeMutableRawPointer(values + k)
        let z = raw.loadUnaligned(as: SIMD8<Double>.self)
        if all((z .>= -690) .& (z .<= 690)) {
            let (softplus, sigmoid) = softplusAndSigmoidInRange(z)
            raw.storeBytes(of: softplus, as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(sigmoids + k).storeBytes(of: sigmoid, as: SIMD8<Double>.self)
        } else {
            for l in 0..<8 { (values[k + l], sigmoids[k + l]) = scalar(values[k + l]) }
        }
        k += 8
    }
    while k < count {
        (values[k], sigmoids[k]) = scalar(values[k])
        k += 1
    }
}
