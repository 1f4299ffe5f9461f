/// Four-lane `log`, `log1p` and a shared-exp softplus/sigmoid, each lane bit for bit the scalar
/// function of ``Elementary``: the same operations in the same order, four lanes at a time. Lanes
/// the fast path does not cover (NaN, ±∞, zero, negative or subnormal arguments) send the vector
/// to the scalar functions.
extension Elementary {
    /// `log x` lane by lane, each lane bit for bit ``log(_:)``.
    @inlinable
    public static func log(_ x: SIMD4<Double>) -> SIMD4<Double> {
        // Positive normal finite lanes only: there `exponent` and `significand` are plain bit fields.
        guard all((x .>= Double.leastNormalMagnitude) .& (x .<= Double.greatestFiniteMagnitude)) else {
            return SIMD4(log(x[0]), log(x[1]), log(x[2]), log(x[3]))
        }
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
        var e = SIMD4<Int64>(truncatingIfNeeded: bits &>> 52) &- 1023
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD4<Double>.self)
        let high = m .> 1.4142135623730951
        m.replace(with: m * 0.5, where: high)
        e.replace(with: e &+ 1, where: high)
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var q = SIMD4<Double>(repeating: 0.043478260869565216)
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
        let ed = SIMD4<Double>(e)
        return ed * ln2Hi + (2 * sum + ed * ln2Lo)
    }

    /// `log(1 + x)` lane by lane, each lane bit for bit ``log1p(_:)``.
    @inlinable
    public static func log1p(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let u = 1 + x
        var r = log(u) * (x / (u - 1))
        r.replace(with: x, where: u .== 1)
        return r
    }

    /// `(softplus z, sigmoid z)` lane by lane, each lane bit for bit ``softplus(_:)`` and
    /// ``sigmoid(_:)``: both branches of both functions exponentiate `−|z|`, so one `exp` serves.
    @inlinable
    public static func softplusAndSigmoid(_ z: SIMD4<Double>) -> (softplus: SIMD4<Double>, sigmoid: SIMD4<Double>) {
        let minusMagnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD4<UInt64>.self) | (1 << 63), to: SIMD4<Double>.self)
        let e = exp(minusMagnitude)                                       // e^{−|z|}
        // softplus: z + log1p(e) for z > 0, else log1p(e) (adding +0 to a result ≥ 0 changes nothing).
        let softplus = SIMD4<Double>(repeating: 0).replacing(with: z, where: z .> 0) + log1p(e)
        // sigmoid: 1/(1 + e) for z ≥ 0, else e/(1 + e).
        let sigmoid = e.replacing(with: 1, where: z .>= 0) / (1 + e)
        return (softplus, sigmoid)
    }
}

extension Elementary {
    /// `values[k] ← softplus(values[k])` and `sigmoids[k] ← sigmoid(values[k])` for every entry,
    /// four at a time (the tail in a zero-padded vector); each result bit for bit the scalar one.
    @inlinable
    public static func softplusAndSigmoidInPlace(_ values: UnsafeMutableBufferPointer<Double>, sigmoids: UnsafeMutablePointer<Double>) {
        guard let base = values.baseAddress else { return }
        let count = values.count, whole = count & ~3
        var k = 0
        while k < whole {
            let raw = UnsafeMutableRawPointer(base + k)
            let (softplus, sigmoid) = softplusAndSigmoid(raw.loadUnaligned(as: SIMD4<Double>.self))
            raw.storeBytes(of: softplus, as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(sigmoids + k).storeBytes(of: sigmoid, as: SIMD4<Double>.self)
            k += 4
        }
        if k < count {
            var lanes = SIMD4<Double>()
            for l in 0..<(count - k) { lanes[l] = base[k + l] }
            let (softplus, sigmoid) = softplusAndSigmoid(lanes)
            for l in 0..<(count - k) { base[k + l] = softplus[l]; sigmoids[k + l] = sigmoid[l] }
        }
    }
}

extension Elementary {
    /// `values[k] ← log(values[k])` for every entry, four at a time (the tail in a vector padded
    /// with 1); each result bit for bit ``log(_:)`` of that entry.
    @inlinable
    public static func logInPlace(_ values: UnsafeMutableBufferPointer<Double>) {
        guard let base = values.baseAddress else { return }
        let count = values.count, whole = count & ~3
        var k = 0
        while k < whole {
            let raw = UnsafeMutableRawPointer(base + k)
            raw.storeBytes(of: log(raw.loadUnaligned(as: SIMD4<Double>.self)), as: SIMD4<Double>.self)
            k += 4
        }
        if k < count {
            var lanes = SIMD4<Double>(repeating: 1)
            for l in 0..<(count - k) { lanes[l] = base[k + l] }
            let out = log(lanes)
            for l in 0..<(count - k) { base[k + l] = out[l] }
        }
    }
}
