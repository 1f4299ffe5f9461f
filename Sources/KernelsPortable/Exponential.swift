/// The engine's `e^x` (PairWeighting's `Elementary.exp`) on eight lanes, here so that each kernel
/// build compiles it for its own registers: eight doubles are four SSE2 registers in the portable
/// build, two in the AVX2 build, one in the AVX-512 build. Multiplies and adds stay separate (no
/// fused multiply-add, even where `GPW_FMA` is set), so every build gives `Elementary.exp`'s bits.

/// `e^x` lane by lane for `|x| ≤ 690` (the caller checks): `x = k ln 2 + r`, `k` rounded by the
/// `1.5 · 2^52` shifter, `ln 2` in two parts, a degree-13 polynomial in `r`, times `2^k` built
/// from its exponent bits — `Elementary.exp`'s operations in its order.
@inlinable @inline(__always)
public func exponentialInRange(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let shifter = SIMD8<Double>(repeating: 6755399441055744.0)   // 1.5 · 2^52
    let t = x * 1.44269504088896338700e+00 + shifter              // 1.5 · 2^52 + k, exactly
    let k = t - shifter
    let r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
    var p = SIMD8<Double>(repeating: 1.6059043836821613e-10)
    p = p * r + 2.08767569878681e-09
    p = p * r + 2.505210838544172e-08
    p = p * r + 2.755731922398589e-07
    p = p * r + 2.7557319223985893e-06
    p = p * r + 2.48015873015873e-05
    p = p * r + 0.0001984126984126984
    p = p * r + 0.001388888888888889
    p = p * r + 0.008333333333333333
    p = p * r + 0.041666666666666664
    p = p * r + 0.16666666666666666
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let kBits = unsafeBitCast(t, to: SIMD8<UInt64>.self) &- unsafeBitCast(shifter, to: SIMD8<UInt64>.self)
    let power = unsafeBitCast((kBits &+ 1023) &<< 52, to: SIMD8<Double>.self)   // 2^k from its exponent bits
    return p * power
}

/// `values[k] ← e^{values[k]}` for `k < count`, eight at a time; a group of eight with a lane
/// outside ±690 (or NaN), and the last `count mod 8` entries, go to `scalar` one by one.
public func exponentialInPlace(_ values: UnsafeMutablePointer<Double>, count: Int, scalar: (Double) -> Double) {
    mapInPlace(values, count: count, inRange: { all(($0 .>= -690) .& ($0 .<= 690)) }, exponentialInRange, scalar: scalar)
}

/// The in-place loop of the eight-lane functions (`exp`, `log`): `vector` on each group of eight
/// whose lanes are all `inRange`, `scalar` entry by entry on any other group and on the last
/// `count mod 8` entries.
@inline(__always)
func mapInPlace(_ values: UnsafeMutablePointer<Double>, count: Int, inRange: (SIMD8<Double>) -> Bool,
                _ vector: (SIMD8<Double>) -> SIMD8<Double>, scalar: (Double) -> Double) {
    var k = 0
    while k + 8 <= count {
        let raw = UnsafeMutableRawPointer(values + k)
        let x = raw.loadUnaligned(as: SIMD8<Double>.self)
        if inRange(x) {
            raw.storeBytes(of: vector(x), as: SIMD8<Double>.self)
        } else {
            for l in 0..<8 { values[k + l] = scalar(values[k + l]) }
        }
        k += 8
    }
    while k < count {
        values[k] = scalar(values[k])
        k += 1
    }
}
