import PairWeighting

/// The three matrix products a linear layer needs, as plain loops (teaching sizes; §10.4).
extension Matrix {
    /// `A B`: `[n, k] × [k, m] -> [n, m]`.
    static func product(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "product: [\(a.rows), \(a.columns)] × [\(b.rows), \(b.columns)]")
        let n = a.rows, k = a.columns, m = b.columns
        var out = Matrix(rows: n, columns: m)
        a.storage.withUnsafeBufferPointer { a in
            b.storage.withUnsafeBufferPointer { b in
                out.storage.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n {
                        for p in 0..<k {
                            let x = a[i * k + p]
                            if x == 0 { continue }
                            for j in 0..<m { c[i * m + j] += x * b[p * m + j] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `Aᵀ B`: `[k, n]ᵀ × [k, m] -> [n, m]`.
    static func transposedProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.rows == b.rows, "transposedProduct: [\(a.rows), \(a.columns)]ᵀ × [\(b.rows), \(b.columns)]")
        let k = a.rows, n = a.columns, m = b.columns
        var out = Matrix(rows: n, columns: m)
        a.storage.withUnsafeBufferPointer { a in
            b.storage.withUnsafeBufferPointer { b in
                out.storage.withUnsafeMutableBufferPointer { c in
                    for p in 0..<k {
                        for i in 0..<n {
                            let x = a[p * n + i]
                            if x == 0 { continue }
                            for j in 0..<m { c[i * m + j] += x * b[p * m + j] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `A Bᵀ`: `[n, k] × [m, k]ᵀ -> [n, m]`.
    static func productTransposed(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.columns, "productTransposed: [\(a.rows), \(a.columns)] × [\(b.rows), \(b.columns)]ᵀ")
        let n = a.rows, k = a.columns, m = b.rows
        var out = Matrix(rows: n, columns: m)
        a.storage.withUnsafeBufferPointer { a in
            b.storage.withUnsafeBufferPointer { b in
                out.storage.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n {
                        for j in 0..<m {
                            var dot = 0.0
                            for p in 0..<k { dot += a[i * k + p] * b[j * k + p] }
                            c[i * m + j] = dot
                        }
                    }
                }
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
