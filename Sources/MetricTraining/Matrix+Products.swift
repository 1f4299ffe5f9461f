import PairWeighting

/// The three matrix products a linear layer needs, on the engine's blocked kernel
/// (``PairWeighting/Kernels/multiply(rows:columns:depth:a:aRowStride:aColumnStride:b:bRowStride:bColumnStride:c:cRowStride:accumulate:upperTriangleOnly:build:)``):
/// a transposed operand is read through its strides, never copied. Each has a plain twin
/// (`plainProduct`, …) with the textbook loops, kept for reading and for the tests. Every entry is
/// summed over the shared index in increasing order starting from 0, in both, so for finite inputs
/// the portable build agrees with the twin bit for bit (the AVX2 build to a few ulps: it fuses
/// each multiply-add).
extension Matrix {
    /// `op(A) op(B)` where `op(A)` is `[n, k]` read from `a` with the given strides.
    private static func product(_ a: Matrix, _ b: Matrix, n: Int, k: Int, m: Int,
                                aStrides: (row: Int, column: Int), bStrides: (row: Int, column: Int)) -> Matrix {
        a.storage.withUnsafeBufferPointer { a in
            b.storage.withUnsafeBufferPointer { b in
                Matrix(rows: n, columns: m) { c in            // every entry written
                    guard let c else { return }
                    Kernels.multiply(rows: n, columns: m, depth: k, a: a.baseAddress, aRowStride: aStrides.row, aColumnStride: aStrides.column,
                                     b: b.baseAddress, bRowStride: bStrides.row, bColumnStride: bStrides.column,
                                     c: c, cRowStride: m, accumulate: false)
                }
            }
        }
    }

    /// `A B`: `[n, k] × [k, m] -> [n, m]`.
    static func product(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "product: [\(a.rows), \(a.columns)] × [\(b.rows), \(b.columns)]")
        return product(a, b, n: a.rows, k: a.columns, m: b.columns, aStrides: (a.columns, 1), bStrides: (b.columns, 1))
    }

    /// `Aᵀ B`: `[k, n]ᵀ × [k, m] -> [n, m]`.
    static func transposedProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.rows == b.rows, "transposedProduct: [\(a.rows), \(a.columns)]ᵀ × [\(b.rows), \(b.columns)]")
        return product(a, b, n: a.columns, k: a.rows, m: b.columns, aStrides: (1, a.columns), bStrides: (b.columns, 1))
    }

    /// `A Bᵀ`: `[n, k] × [m, k]ᵀ -> [n, m]`.
    static func productTransposed(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.columns, "productTransposed: [\(a.rows), \(a.columns)] × [\(b.rows), \(b.columns)]ᵀ")
        return product(a, b, n: a.rows, k: a.columns, m: b.rows, aStrides: (a.columns, 1), bStrides: (1, b.columns))
    }

    /// `A B` as the textbook triple loop: `c_ij = Σ_p a_ip b_pj`.
    static func plainProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "plainProduct: shapes do not match")
        var out = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var sum = 0.0
                for p in 0..<a.columns { sum += a[i, p] * b[p, j] }
                out[i, j] = sum
            }
        }
        return out
    }

    /// `Aᵀ B` as the textbook triple loop: `c_ij = Σ_p a_pi b_pj`.
    static func plainTransposedProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.rows == b.rows, "plainTransposedProduct: shapes do not match")
        var out = Matrix(rows: a.columns, columns: b.columns)
        for i in 0..<a.columns {
            for j in 0..<b.columns {
                var sum = 0.0
                for p in 0..<a.rows { sum += a[p, i] * b[p, j] }
                out[i, j] = sum
            }
        }
        return out
    }

    /// `A Bᵀ` as the textbook triple loop: `c_ij = Σ_p a_ip b_jp`.
    static func plainProductTransposed(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.columns, "plainProductTransposed: shapes do not match")
        var out = Matrix(rows: a.rows, columns: b.rows)
        for i in 0..<a.rows {
            for j in 0..<b.rows {
                var sum = 0.0
                for p in 0..<a.columns { sum += a[i, p] * b[j, p] }
                out[i, j] = sum
            }
        }
        return out
    }

    /// The rows listed in `indices`, in that order.
    public func rows(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, columns: columns)
        for (r, index) in indices.enumerated() {
            for c in 0..<columns { out.storage[r * columns + c] = storage[index * columns + c] }
        }
        return out
    }
}

/// `sqrt(Σ v²)` of a flat vector.
func euclideanNorm(_ values: [Double]) -> Double {
    var sum = 0.0
    for v in values { sum += v * v }
    return sum.squareRoot()
}
