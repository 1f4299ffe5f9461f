/// The multiply-add peak of this build on this core, for `gpw bench` to hold the products to:
/// twelve independent chains of `c ← c + a b` on the build's widest vector (more chains than the
/// multiply-add latency times the pipes, so the pipes, not the latency, set the pace), nothing
/// loaded or stored inside the loop.

#if GPW_AVX512
/// Doubles per vector of ``multiplyAddPeak(rounds:seed:)``.
public let peakLanes = 8
typealias PeakVector = SIMD8<Double>
#else
/// Doubles per vector of ``multiplyAddPeak(rounds:seed:)``.
public let peakLanes = 4
typealias PeakVector = SIMD4<Double>
#endif

/// Multiply-adds per round of ``multiplyAddPeak(rounds:seed:)``: twelve vectors.
public var peakMultiplyAddsPerRound: Int { 12 * peakLanes }

/// Runs `rounds` rounds and returns the sum of the chains (so the work cannot be dropped).
@inline(never)
public func multiplyAddPeak(rounds: Int, seed: Double) -> Double {
    let a = PeakVector(repeating: 1 + 0x1p-20), b = PeakVector(repeating: 1 - 0x1p-20)
    var c0 = PeakVector(repeating: seed), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0
    var c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0
    for _ in 0..<rounds {
        madd(&c0, a, b); madd(&c1, a, b); madd(&c2, a, b); madd(&c3, a, b)
        madd(&c4, a, b); madd(&c5, a, b); madd(&c6, a, b); madd(&c7, a, b)
        madd(&c8, a, b); madd(&c9, a, b); madd(&c10, a, b); madd(&c11, a, b)
    }
    return ((c0 + c1 + c2 + c3) + (c4 + c5 + c6 + c7) + (c8 + c9 + c10 + c11)).sum()
}
