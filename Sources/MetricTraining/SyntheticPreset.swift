/// The synthetic generator's presets (data/README.md's table) and the `synthetic[:PRESET][,key=value…]`
/// syntax that names them on the command line.
public enum SyntheticPreset: String, Sendable, CaseIterable {
    /// C=40, n=30, ds=8, sigma=0.15, dn=16, tau=0.8, eta=0.05: the recommended demo.
    case demo
    /// C=30, ds=4, sigma=0.15, dn=16, tau=0.8.
    case lowDim = "low-dim"
    /// C=80, ds=8, sigma=0.2, dn=16, tau=0.8.
    case manyClasses = "many-classes"
    /// C=24, ds=3, sigma=0.12, dn=13, tau=0.8; meant for a 3-D embedding (points on a sphere).
    case plotFriendly = "plot-friendly"
    /// C=40, ds=8, sigma=0.3, dn=24, tau=1.5: classes that overlap.
    case overlapping
    /// C=40, ds=8, sigma=0.3, dn=0: the raw metric is already right (a control).
    case noNuisance = "no-nuisance"
    /// C=300, n=20, ds=32, sigma=0.1, dn=32, tau=1, omega=0.5: many classes under a warped
    /// nuisance (raw MAP@R 0.003 on the unseen half; 0.96 without the nuisance), meant for a
    /// 64-wide embedding and the paper's 16x5 batches.
    case fineGrained = "fine-grained"

    /// The preset's parameters (n=30 and eta=0.05 unless the README's row says otherwise).
    public var parameters: SyntheticParameters {
        var p = SyntheticParameters()
        switch self {
        case .demo: break
        case .lowDim: p.classes = 30; p.signalDimension = 4
        case .manyClasses: p.classes = 80; p.sigma = 0.2
        case .plotFriendly: p.classes = 24; p.signalDimension = 3; p.sigma = 0.12; p.nuisanceDimension = 13
        case .overlapping: p.sigma = 0.3; p.nuisanceDimension = 24; p.tau = 1.5
        case .noNuisance: p.sigma = 0.3; p.nuisanceDimension = 0
        case .fineGrained:
            p.classes = 300; p.samplesPerClass = 20; p.signalDimension = 32; p.sigma = 0.1
            p.nuisanceDimension = 32; p.tau = 1; p.omega = 0.5
        }
        return p
    }

    /// The embedding width the README measured this preset with.
    public var suggestedEmbedding: Int {
        switch self {
        case .plotFriendly: return 3
        case .fineGrained: return 64
        default: return 16
        }
    }

    /// Parses `synthetic`, `synthetic:PRESET`, `synthetic:PRESET,key=value,…` or
    /// `synthetic:key=value,…` (the demo preset with changes). Keys: `classes`, `samples`,
    /// `signal`, `sigma`, `nuisance`, `tau`, `omega`, `eta`, `seed`. Returns nil when `text`
    /// does not start with `synthetic`.
    public static func parse(_ text: String) throws(TrainingError) -> (preset: SyntheticPreset, parameters: SyntheticParameters)? {
        guard text == "synthetic" || text.hasPrefix("synthetic:") else { return nil }
        let rest = text.dropFirst("synthetic".count).drop { $0 == ":" }
        var items = rest.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if rest.isEmpty { items = [] }
        var preset = SyntheticPreset.demo
        if let first = items.first, !first.contains("=") {
            guard let named = SyntheticPreset(rawValue: first) else {
                throw .invalidConfiguration("unknown synthetic preset '\(first)'; presets: \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            preset = named
            items.removeFirst()
        }
        var p = preset.parameters
        for item in items {
            let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw .invalidConfiguration("synthetic setting '\(item)': expected key=value") }
            let key = kv[0], value = kv[1]
            func count(_ range: ClosedRange<Int>) throws(TrainingError) -> Int {
                guard let v = Int(value), range.contains(v) else {
                    throw .invalidConfiguration("synthetic \(key)=\(value): expected a whole number in \(range.lowerBound)...\(range.upperBound)")
                }
                return v
            }
            func real(_ range: ClosedRange<Double>) throws(TrainingError) -> Double {
                guard let v = Double(value), range.contains(v) else {
                    throw .invalidConfiguration("synthetic \(key)=\(value): expected a number in \(range.lowerBound)...\(range.upperBound)")
                }
                return v
            }
            switch key {
            case "classes": p.classes = try count(2...1000)
            case "samples": p.samplesPerClass = try count(2...10000)
            case "signal": p.signalDimension = try count(1...256)
            case "nuisance": p.nuisanceDimension = try count(0...256)
            case "sigma": p.sigma = try real(0...10)
            case "tau": p.tau = try real(0...100)
            case "omega": p.omega = try real(0...100)
            case "eta": p.eta = try real(0...100)
            case "seed":
                guard let v = UInt64(value) else { throw .invalidConfiguration("synthetic seed=\(value): expected a whole number ≥ 0") }
                p.seed = v
            default:
                throw .invalidConfiguration("unknown synthetic setting '\(key)'; settings: classes, samples, signal, sigma, nuisance, tau, omega, eta, seed")
            }
        }
        guard p.classes * p.samplesPerClass <= 2_000_000 else {
            throw .invalidConfiguration("synthetic data of \(p.classes) × \(p.samplesPerClass) rows is too large")
        }
        return (preset, p)
    }
}
