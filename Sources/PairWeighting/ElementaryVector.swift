import KernelsPortable

/// Eight-lane `exp`, `log`, `log1p` and a shared-exp softplus/sigmoid, each lane bit for bit the
/// scalar function of ``Elementary``: the same operations in the same order, eight lanes at a
/// time. Eight lanes, not four, because these are chains of dependent multiply-adds: with four
/// independent register chains in flight the CPU overlaps them instead of waiting on each step.
/// Lanes the fast path does not cover (NaN, ±∞, out-of-range, zero, negative or subnormal
/// arguments) send the vector to the scalar functions.
extension Elementary {
    /// `e^x` lane by lane, each lane bit for bit ``exp(_:)``: the same operations in the same
    /// order. Lanes outside ±690 (where `2^k` needs the two-step scaling, or the result overflows
    /// or underflows) and NaN send the vector to the scalar path.
    @inlinable
    public static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
        guard all((x .>= -690) .& (x .<= 690)) else { return SIMD8(exp(x[0]), exp(x[1]), exp(x[2]), exp(x[3]), exp(x[4]), exp(x[5]), exp(x[6]), exp(x[7])) }
        return KernelsPortable.exponentialInRange(x)
    }

    /// `log x` lane by lane, each lane bit for bit ``log(_:)``.
    @inlinable
    public static func log(_ x: SIMD8<Double>) -> SIMD8<Double> {
        // Positive normal finite lanes only: there `exponent` and `significand` are plain bit fields.
        guard all((x .>= Double.leastNormalMagnitude) .& (x .<= Double.greatestFiniteMagnitude)) else {
            var out = SIMD8<Double>()
            for l in 0..<8 { out[l] = log(x[l]) }
            return out
        }
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
        return ed * ln2Hi + (2 * sum + ed * ln2Lo)
    }

    /// `log(1 + x)` lane by lane, each lane bit for bit ``log1p(_:)``.
    @inlinable
    public static func log1p(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let u = 1 + x
        var r = log(u) * (x / (u - 1))
        r.replace(with: x, where: u .== 1)
        return r
    }

    /// `(softplus z, sigmoid z)` lane by lane, each lane bit for bit ``softplus(_:)`` and
    /// ``sigmoid(_:)``: both branches of both functions exponentiate `−|z|`, so one `exp` serves.
    @inlinable
    public static func softplusAndSigmoid(_ z: SIMD8<Double>) -> (softplus: SIMD8<Double>, sigmoid: SIMD8<Double>) {
        let minusMagnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD8<UInt64>.self) | (1 << 63), to: SIMD8<Double>.self)
        let e = exp(minusMagnitude)                                       // e^{−|z|}
        // softplus: z + log1p(e) for z > 0, else log1p(e) (adding +0 to a result ≥ 0 changes nothing).
        let softplus = SIMD8<Double>(repeating: 0).replacing(with: z, where: z .> 0) + log1p(e)
        // sigmoid: 1/(1 + e) for z ≥ 0, else e/(1 + e).
        let sigmoid = e.replacing(with: 1, where: z .>= 0) / (1 + e)
        return (softplus, sigmoid)
    }
}

extension Elementary {
    /// `values[k] ← softplus(values[k])` and `sigmoids[k] ← sigmoid(values[k])` for every entry,
    /// eight at a time (the tail in a zero-padded vector); each result bit for bit the scalar one.
    @inlinable
    public static func softplusAndSigmoidInPlace(_ values: UnsafeMutableBufferPointer<Double>, sigmoids: UnsafeMutablePointer<Double>) {
        guard let base = values.baseAddress else { return }
        let count = values.count, whole = count & ~7
        var k = 0
        while k < whole {
            let raw = UnsafeMutableRawPointer(base + k)
            let (softplus, sigmoid) = softplusAndSigmoid(raw.loadUnaligned(as: SIMD8<Double>.self))
            raw.storeBytes(of: softplus, as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(sigmoids + k).storeBytes(of: sigmoid, as: SIMD8<Double>.self)
            k += 8
        }
        if k < count {
            var lanes = SIMD8<Double>()
            for l in 0..<(count - k) { lanes[l] = base[k + l] }
            let (softplus, sigmoid) = softplusAndSigmoid(lanes)
            for l in 0..<(count - k) { base[k + l] = softplus[l]; sigmoids[k + l] = sigmoid[l] }
        }
    }

    /// `values[k] ← log(values[k])` for every entry, eight at a time (the tail in a vector padded
    /// with 1); each result bit for bit ``log(_:)`` of that entry.
    @inlinable
    public static func logInPlace(_ values: UnsafeMutableBufferPointer<Double>) {
        mapEightWide(values, padding: 1) { log($0) }
    }

    /// `values[k] ← e^{values[k]}` for every entry, eight at a time on the active kernel build
    /// (`KernelsPortable.exponentialInPlace`: eight lanes in one AVX-512 register, two AVX2 or
    /// four SSE2 ones), the tail and out-of-range groups by the scalar function; each result bit
    /// for bit ``exp(_:)`` of that entry on every build.
    public static func expInPlace(_ values: UnsafeMutableBufferPointer<Double>, build: KernelBuild? = nil) {
        guard let base = values.baseAddress else { return }
        Kernels.exponentialInPlace(base, count: values.count, build: build)
    }

    /// Applies a lane-wise `function` to `values` in place, eight at a time; the last `count mod 8`
    /// entries go through one vector filled up with `padding` (a value the function accepts cheaply).
    @inlinable @inline(__always)
    static func mapEightWide(_ values: UnsafeMutableBufferPointer<Double>, padding: Double,
                             _ function: (SIMD8<Double>) -> SIMD8<Double>) {
        guard let base = values.baseAddress else { return }
        let count = values.count, whole = count & ~7
        var k = 0
        while k < whole {
            let raw = UnsafeMutableRawPointer(base + k)
            raw.storeBytes(of: function(raw.loadUnaligned(as: SIMD8<Double>.self)), as: SIMD8<Double>.self)
            k += 8
        }
        if k < count {
            var lanes = SIMD8<Double>(repeating: padding)
            for l in 0..<(count - k) { lanes[l] = base[k + l] }
            let out = function(lanes)
            for l in 0..<(count - k) { base[k + l] = out[l] }
        }
    }
}
