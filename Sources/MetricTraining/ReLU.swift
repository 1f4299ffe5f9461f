import PairWeighting

/// The rectifier `max(0, x)`, entry-wise. Its derivative is taken as 0 at `x = 0`.
///
/// Both directions run four lanes at a time and without branches (the signs of a layer's outputs
/// are a coin toss, and a mispredicted branch per entry cost more than the rest of the layer),
/// in one pass that reads the inputs and writes a fresh result.
public enum ReLU {
    /// `max(0, x)` for every entry.
    public static func forward(_ input: Matrix) -> Matrix {
        input.storage.withUnsafeBufferPointer { x in
            Matrix(rows: input.rows, columns: input.columns) { out in
                guard let out, let x = x.baseAddress else { return }
                let count = input.rows * input.columns, whole = count & ~3
                var i = 0
                while i < whole {
                    let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD4<Double>.self)
                    UnsafeMutableRawPointer(out + i).storeBytes(of: v.replacing(with: 0, where: v .< 0), as: SIMD4<Double>.self)
                    i += 4
                }
                while i < count { out[i] = x[i] < 0 ? 0 : x[i]; i += 1 }
            }
        }
    }

    /// `∂L/∂X = ∂L/∂Y ⊙ [X > 0]`, from the forward input `X`.
    public static func backward(_ outputGradient: Matrix, input: Matrix) -> Matrix {
        precondition(outputGradient.rows == input.rows && outputGradient.columns == input.columns, "ReLU backward: shapes do not match")
        return input.storage.withUnsafeBufferPointer { z in
            outputGradient.storage.withUnsafeBufferPointer { g in
                Matrix(rows: input.rows, columns: input.columns) { out in
                    guard let out, let z = z.baseAddress, let g = g.baseAddress else { return }
                    let count = input.rows * input.columns, whole = count & ~3
                    var i = 0
                    while i < whole {
                        let zv = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD4<Double>.self)
                        let gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD4<Double>.self)
                        UnsafeMutableRawPointer(out + i).storeBytes(of: gv.replacing(with: 0, where: .!(zv .> 0)), as: SIMD4<Double>.self)
                        i += 4
                    }
                    while i < count { out[i] = z[i] > 0 ? g[i] : 0; i += 1 }
                }
            }
        }
    }
}
