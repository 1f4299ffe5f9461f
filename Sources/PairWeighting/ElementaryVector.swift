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
        return KernelsPortable.logarithmInRange(x)
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
    /// ``sigmoid(_:)``: both branches of both functions exponentiate `−|z|`, so one `exp` serves
    /// (`KernelsPortable.softplusAndSigmoidInRange`). Lanes outside ±690 and NaN send the vector
    /// to the scalar functions.
    @inlinable
    public static func softplusAndSigmoid(_ z: SIMD8<Double>) -> (softplus: SIMD8<Double>, sigmoid: SIMD8<Double>) {
        guard all((z .>= -690) .& (z .<= 690)) else {
            var softplus = SIMD8<Double>(), sigmoid = SIMD8<Double>()
            for l in 0..<8 { softplus[l] = Elementary.softplus(z[l]); sigmoid[l] = Elementary.sigmoid(z[l]) }
            return (softplus, sigmoid)
        }
        return KernelsPortable.softplusAndSigmoidInRange(z)
    }
}

extension Elementary {
    /// `values[k] ← softplus(values[k])` and `sigmoids[k] ← sigmoid(values[k])` for every entry,
    /// eight at a time on the active kernel build (`KernelsPortable.softplusAndSigmoidInPlace`),
    /// the tail and out-of-range groups by the scalar functions; each result bit for bit the
    /// scalar one on every build.
    public static func softplusAndSigmoidInPlace(_ values: UnsafeMutableBufferPointer<Double>, sigmoids: UnsafeMutablePointer<Double>,
                                                 build: KernelBuild? = nil) {
        guard let base = values.baseAddress else { return }
        Kernels.softplusAndSigmoidInPlace(base, count: values.count, sigmoids: sigmoids, build: build)
    }

    /// `values[k] ← log(values[k])` for every entry, eight at a time on the active kernel build
    /// (`KernelsPortable.logarithmInPlace`), the tail and groups with a lane that is not positive,
    /// normal and finite by the scalar function; each result bit for bit ``log(_:)`` on every build.
    public static func logInPlace(_ values: UnsafeMutableBufferPointer<Double>, build: KernelBuild? = nil) {
        guard let base = values.baseAddress else { return }
        Kernels.logarithmInPlace(base, count: values.count, build: build)
    }

    /// `values[k] ← e^{values[k]}` for every entry, eight at a time on the active kernel build
    /// (`KernelsPortable.exponentialInPlace`: eight lanes in one AVX-512 register, two AVX2 or
    /// four SSE2 ones), the tail and out-of-range groups by the scalar function; each result bit
    /// for bit ``exp(_:)`` of that entry on every build.
    public static func expInPlace(_ values: UnsafeMutableBufferPointer<Double>, build: KernelBuild? = nil) {
        guard let base = values.baseAddress else { return }
        Kernels.exponentialInPlace(base, count: values.count, build: build)
    }
}
