import PairWeighting

/// Gaussian clusters on a hypersphere hidden under class-independent nuisance and a random
/// rotation (data/README.md, "Synthetic generator"):
///
///     mu_c = normalize(N(0, I_ds))                      class centres on S^(ds−1)
///     z    = normalize(mu_c + sigma N(0, I_ds))          the sample's signal
///     u_j  = tau s_j N(0, 1),  s_j from 1.0 down to 0.3   nuisance, shared by every class
///     x    = Q [z, u]                                     Q: random orthogonal D × D, D = ds + dn
///     x   += omega sin(2 W x),  W ~ N(0, 1/D)             optional smooth warp
///     x   += eta N(0, I_D)                                observation noise
///
/// The nuisance is the same for every class, so an embedding that learns to ignore it on the
/// training classes also works on unseen ones: what metric learning relies on.
public struct SyntheticParameters: Sendable, Equatable {
    /// `C`, number of classes.
    public var classes = 40
    /// `n`, samples per class.
    public var samplesPerClass = 30
    /// `ds`, signal dimension.
    public var signalDimension = 8
    /// `sigma`, within-class spread (sets the ceiling).
    public var sigma = 0.15
    /// `dn`, nuisance dimension.
    public var nuisanceDimension = 16
    /// `tau`, nuisance scale (how wrong the raw metric is).
    public var tau = 0.8
    /// `omega`, warp strength (0: no warp).
    public var omega = 0.0
    /// `eta`, observation noise.
    public var eta = 0.05
    /// Fixes the centres, rotation, warp and samples.
    public var seed: UInt64 = 0

    /// The demo preset.
    public init() {}

    /// Ambient dimension `D = ds + dn`.
    public var dimension: Int { signalDimension + nuisanceDimension }

    /// The generated data, rows class by class (`n` rows of class 0, then class 1, …).
    public func generate(name: String = "synthetic") -> Dataset {
        var rng = SplitMix64(seed: seed)
        let ds = signalDimension, dn = nuisanceDimension, d = dimension
        let centres = (0..<classes).map { _ in Orthogonal.normalized((0..<ds).map { _ in rng.gaussian() }) }
        let q = Orthogonal.random(d, using: &rng)
        var warp = Matrix(rows: d, columns: d)
        if omega != 0 {
            let scale = (1 / Double(d)).squareRoot()
            for i in 0..<warp.storage.count { warp.storage[i] = scale * rng.gaussian() }
        }
        let nuisanceScale: [Double] = (0..<dn).map { j in dn == 1 ? 1 : 1 - 0.7 * Double(j) / Double(dn - 1) }
        var features = Matrix(rows: classes * samplesPerClass, columns: d)
        var labels: [Int] = []
        labels.reserveCapacity(features.rows)
        for c in 0..<classes {
            for s in 0..<samplesPerClass {
                let row = c * samplesPerClass + s
                let z = Orthogonal.normalized((0..<ds).map { centres[c][$0] + sigma * rng.gaussian() })
                let u = (0..<dn).map { tau * nuisanceScale[$0] * rng.gaussian() }
                let h = z + u
                var x = (0..<d).map { r in (0..<d).reduce(0.0) { $0 + q[r, $1] * h[$1] } }
                if omega != 0 {
                    let wx = (0..<d).map { r in (0..<d).reduce(0.0) { $0 + warp[r, $1] * x[$1] } }
                    for r in 0..<d { x[r] += omega * Orthogonal.sine(2 * wx[r]) }
                }
                for r in 0..<d { features[row, r] = x[r] + eta * rng.gaussian() }
                labels.append(c)
            }
        }
        return Dataset(features: features, labels: labels, name: name)
    }
}
