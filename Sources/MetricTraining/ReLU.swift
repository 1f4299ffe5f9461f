import PairWeighting

/// The rectifier `max(0, x)`, entry-wise. Its derivative is taken as 0 at `x = 0`.
public enum ReLU {
    /// `max(0, x)` for every entry.
    public static func forward(_ input: Matrix) -> Matrix {
        var out = input
        for i in 0..<out.storage.count where out.storage[i] < 0 { out.storage[i] = 0 }
        return out
    }

    /// `∂L/∂X = ∂L/∂Y ⊙ [X > 0]`, from the forward input `X`.
    public static func backward(_ outputGradient: Matrix, input: Matrix) -> Matrix {
        var out = outputGradient
        for i in 0..<out.storage.count where !(input.storage[i] > 0) { out.storage[i] = 0 }
        return out
    }
}
