/// Unaligned four-double loads and stores, and the multiply-add every tile is made of.
///
/// This file is compiled three times (see `Tile.swift`): in `KernelsPortable` `madd` is a
/// multiply then an add (two roundings, SSE2 on x86-64), in `KernelsAVX2` and `KernelsAVX512` it
/// is one fused multiply-add (`vfmadd231pd`, one rounding), on four or eight lanes.

@inline(__always)
func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}

/// `c ← c + a b`, lane by lane.
@inline(__always)
func madd(_ c: inout SIMD4<Double>, _ a: SIMD4<Double>, _ b: SIMD4<Double>) {
    #if GPW_FMA
    c = c.addingProduct(a, b)
    #else
    c += a * b
    #endif
}

/// `c + a b` for one double, rounded as ``madd(_:_:_:)`` rounds each lane.
@inline(__always)
func scalarMultiplyAdd(_ c: Double, _ a: Double, _ b: Double) -> Double {
    #if GPW_FMA
    c.addingProduct(a, b)
    #else
    c + a * b
    #endif
}

#if GPW_AVX512
@inline(__always)
func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
}

@inline(__always)
func store8(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
}

/// `c ← c + a b` on eight lanes, one fused multiply-add.
@inline(__always)
func madd(_ c: inout SIMD8<Double>, _ a: SIMD8<Double>, _ b: SIMD8<Double>) {
    c = c.addingProduct(a, b)
}
#endif

/// Eight floats, for the single-precision kernels (`SingleMultiply.swift`, `SingleLayers.swift`):
/// unaligned loads and stores, and the multiply-add (fused in the FMA builds).
@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

@inline(__always)
func madd8(_ c: inout SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) {
    #if GPW_FMA
    c = c.addingProduct(a, b)
    #else
    c += a * b
    #endif
}

#if GPW_AVX512
/// Sixteen floats, for the AVX-512 build of the single-precision kernels.
@inline(__always)
func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always)
func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// `c ← c + a b` on sixteen lanes, one fused multiply-add.
@inline(__always)
func madd16(_ c: inout SIMD16<Float>, _ a: SIMD16<Float>, _ b: SIMD16<Float>) {
    c = c.addingProduct(a, b)
}
#endif
