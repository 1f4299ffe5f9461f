import PairWeighting

/// The rectifier `max(0, x)`, entry-wise. Its derivative is taken as 0 at `x = 0`.
public enum ReLU {
    /// `max(0, x)` for every entry.
    public static func forward(_ input: Matrix) -> Matrix {
        var out = input
        // Four lanes at a time and without branches: the signs of a layer's outputs are a coin
        // toss, and a mispredicted branch per entry cost more than the rest of the layer.
        out.storage.withUnsafeMutableBufferPointer { x in
            guard let base = x.baseAddress else { return }
            let count = x.count, whole = count & ~3
            var i = 0
            while i < whole {
                let raw = UnsafeMutableRawPointer(base + i)
                let v = raw.loadUnaligned(as: SIMD4<Double>.self)
                raw.storeBytes(of: v.replacing(with: 0, where: v .< 0), as: SIMD4<Double>.self)
                i += 4
            }
            while i < count { if base[i] < 0 { base[i] = 0 }; i += 1 }
        }
        return out
    }

    /// `∂L/∂X = ∂L/∂Y ⊙ [X > 0]`, from the forward input `X`.
    public static func backward(_ outputGradient: Matrix, input: Matrix) -> Matrix {
        var out = outputGradient
        input.storage.withUnsafeBufferPointer { z in
            out.storage.withUnsafeMutableBufferPointer { g in
                guard let zBase = z.baseAddress, let gBase = g.baseAddress else { return }
                let count = g.count, whole = count & ~3
                var i = 0
                while i < whole {                  // branch-free, as in forward
                    let zv = UnsafeRawPointer(zBase + i).loadUnaligned(as: SIMD4<Double>.self)
                    let raw = UnsafeMutableRawPointer(gBase + i)
                    let gv = raw.loadUnaligned(as: SIMD4<Double>.self)
                    raw.storeBytes(of: gv.replacing(with: 0, where: .!(zv .> 0)), as: SIMD4<Double>.self)
                    i += 4
                }
                while i < count { if !(zBase[i] > 0) { gBase[i] = 0 }; i += 1 }
            }
        }
        return out
    }
}
