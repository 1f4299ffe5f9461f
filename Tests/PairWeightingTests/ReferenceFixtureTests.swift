import Foundation
import Testing
import PairWeighting
import TestSupport

/// Cases computed by the reference implementations (PyTorch metric learning, the MS authors' code,
/// Deep_Metric; see Fixtures/reference-cases.json and the script that made it), replayed through
/// `LossSpec.parse(spec).makeLoss().evaluate(embeddings:labels:)`.
@Suite struct ReferenceFixtureTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("reference-cases.json")
    /// dL/dx is compared relative to its largest entry, or to this when every entry is smaller: a
    /// batch whose rows are all orthogonal or antipodal has dL/dx = 0 exactly in the reference and
    /// rounding noise (~1e-17) in gpw.
    static let embeddingFloor = 1e-10
    static var present: Bool { FileManager.default.fileExists(atPath: url.path) }

    struct Case: Decodable {
        var id: String
        var reference: String
        var call: String
        var spec: String
        var labels: [Int]
        var embeddings: [[Double]]
        var value: Double?
        var gradient: [[Double]]?
        var embedding_gradient: [[Double]]?
        var pml_early_exit: Bool?
        /// For an early-exit case: what PML's arithmetic gives without the exit (no dL/dx).
        var formula_value: Double?
        var formula_gradient: [[Double]]?
        var crashes: Bool?
        var self_by_value_differs: Bool?
        /// For a by-value case: PML + miner's value with the same parameters (by index, like gpw).
        var pml_with_miner_value: Double?
        /// Why gpw computes this case differently from the reference on purpose (the numbers are
        /// the reference's own, kept to document the difference).
        var differs_by_design: String?
        /// The reference's G is the gradient with respect to a symmetric S, `(G + Gᵀ)/2` (a loss that
        /// reads the embedding rows themselves, not a matrix: AngularLoss).
        var gradient_symmetrised: Bool?
        /// Why the case has no G (it keeps value and dL/dx).
        var gradient_unavailable: String?
        /// dL/dx is the reference's gradient with its radial part removed (see the generator).
        var embedding_gradient_tangential: Bool?

        /// The relative error of gpw's `G` against the case's, compared as the case records it;
        /// nil if the case has no G.
        func gradientError(_ g: Matrix) -> Double? {
            guard let expected = gradient else { return nil }
            guard gradient_symmetrised == true else { return relativeError(g, Matrix(expected)) }
            var symmetric = g
            for i in 0..<g.rows { for j in 0..<g.columns { symmetric[i, j] = (g[i, j] + g[j, i]) / 2 } }
            return relativeError(symmetric, Matrix(expected))
        }

        /// Why the case is not replayed, if it is not.
        var skipReason: String? {
            if crashes == true { return "the reference crashes" }
            if let reason = differs_by_design { return "gpw differs by design: " + reason }
            if pml_early_exit == true && (formula_value == nil || formula_gradient == nil) {
                return "PML's one-pair early exit (gpw does not replicate it)"
            }
            if value == nil || embedding_gradient == nil || (gradient == nil && gradient_unavailable == nil) { return "no numbers" }
            if self_by_value_differs == true { return "the reference excludes self pairs by value" }
            return nil
        }
    }
    struct File: Decodable { var cases: [Case] }

    /// Every fixture file: `reference-cases.json`, and any `NAME-cases.json` beside it (one per
    /// generator script in `scripts/reference/`).
    static func load() throws -> [Case] {
        let folder = url.deletingLastPathComponent()
        let others = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix("-cases.json") && $0 != url.lastPathComponent }.sorted()
        return try ([url] + others.map { folder.appendingPathComponent($0) })
            .flatMap { try JSONDecoder().decode(File.self, from: Data(contentsOf: $0)).cases }
    }

    @Test(.enabled(if: present, "Fixtures/reference-cases.json is absent (made on branch wip/fixtures); skipped"))
    func engineMatchesReferences() throws {
        let cases = try Self.load()
        #expect(!cases.isEmpty)
        var lines: [String] = []
        for c in cases {
            if let reason = c.skipReason {
                // A by-value case still has PML + miner's by-index value to compare with.
                if c.self_by_value_differs == true, let pml = c.pml_with_miner_value {
                    let w = try LossSpec.parse(c.spec).makeLoss().evaluate(embeddings: Matrix(c.embeddings), labels: PairLabels(c.labels)).weights
                    #expect(relativeError(w.value, pml) <= 1e-6, "\(c.id): \(w.value) vs PML + miner \(pml)")
                    lines.append("\(c.id)\tskipped: \(reason); value vs PML + miner: \(relativeError(w.value, pml))")
                } else {
                    lines.append("\(c.id)\tskipped: \(reason)")
                }
                continue
            }
            let spec = try LossSpec.parse(c.spec)
            let (w, dx) = spec.makeLoss().evaluate(embeddings: Matrix(c.embeddings), labels: PairLabels(c.labels))
            // An early-exit case is compared with PML's arithmetic without the exit (value and G).
            let earlyExit = c.pml_early_exit == true
            let value = (earlyExit ? c.formula_value : c.value) ?? .nan
            let gradientError = earlyExit ? relativeError(w.gradient, Matrix(c.formula_gradient ?? [])) : c.gradientError(w.gradient) ?? 0
            let valueError = relativeError(w.value, value, floor: 1e-12)
            let embeddingError = earlyExit ? 0 : relativeError(dx, Matrix(c.embedding_gradient ?? []), floor: Self.embeddingFloor)
            lines.append("\(c.id)\t\(c.reference)\t\(c.spec)\tvalue \(valueError)\tG \(gradientError)\tdL/dx \(embeddingError)")
            #expect(valueError <= 1e-6 || abs(w.value - value) <= 1e-12, "\(c.id) \(c.spec): value \(w.value) vs \(value)")
            #expect(gradientError <= 1e-6, "\(c.id) \(c.spec): G relative error \(gradientError)")
            #expect(embeddingError <= 1e-6, "\(c.id) \(c.spec): dL/dx relative error \(embeddingError)")
        }
        // GPW_FIXTURE_REPORT=path writes one tab-separated line per case (for the agreement table).
        if let path = ProcessInfo.processInfo.environment["GPW_FIXTURE_REPORT"] {
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// Each loss's plain reference (its folder's textbook form, which the inspector's derivations
    /// read) against the same cases: an oracle for the reference that does not come from gpw.
    @Test(.enabled(if: present, "Fixtures/reference-cases.json is absent; skipped"))
    func plainReferencesMatchReferences() throws {
        var replayed = 0
        for c in try Self.load() where c.skipReason == nil {
            let loss = try LossSpec.parse(c.spec).makeLoss()
            let s = CosineSimilarity.forward(Matrix(c.embeddings)).similarity
            let reference = loss.referenceEvaluation(similarity: s, labels: PairLabels(c.labels))
            let earlyExit = c.pml_early_exit == true
            let value = (earlyExit ? c.formula_value : c.value) ?? .nan
            let gradientError = earlyExit ? relativeError(reference.gradient, Matrix(c.formula_gradient ?? [])) : c.gradientError(reference.gradient) ?? 0
            #expect(relativeError(reference.value, value, floor: 1e-12) <= 1e-6 || abs(reference.value - value) <= 1e-12,
                    "\(c.id) \(c.spec): reference value \(reference.value) vs \(value)")
            #expect(gradientError <= 1e-6, "\(c.id) \(c.spec): reference G differs (\(gradientError))")
            replayed += 1
        }
        #expect(replayed > 400)
    }

    /// Every `reproduces` claim of the catalogue (`gpw losses --json`) is backed by fixture cases
    /// of that very call (with its miner) and spec, and gpw with the claimed spec agrees with
    /// them on value, G and dL/dx to 1e-6.
    @Test(.enabled(if: present, "Fixtures/reference-cases.json is absent; skipped"))
    func everyReproducesClaimHolds() throws {
        let cases = try Self.load()
        for kind in LossCatalog.all {
            #expect(!kind.reproduces.isEmpty, "\(kind.name) claims to reproduce nothing")
            for claim in kind.reproduces {
                let spec = try LossSpec.parse(claim.spec)
                #expect(spec.kind.name == kind.name, "\(kind.name): claim \(claim.spec) is another loss's")
                let backing = cases.filter { c in
                    guard c.skipReason == nil, (try? LossSpec.parse(c.spec)) == spec else { return false }
                    return claim.library == Reproduction.pml ? c.call == claim.fixtureCall : !c.reference.hasPrefix("pml.")
                }
                #expect(!backing.isEmpty, "\(kind.name): no fixture for \(claim.fixtureCall) as \(claim.spec)")
                #expect(backing.contains { $0.gradient != nil || $0.formula_gradient != nil },
                        "\(kind.name): no fixture of \(claim.fixtureCall) with G")
                for c in backing {
                    let (w, dx) = spec.makeLoss().evaluate(embeddings: Matrix(c.embeddings), labels: PairLabels(c.labels))
                    let earlyExit = c.pml_early_exit == true
                    let value = (earlyExit ? c.formula_value : c.value) ?? .nan
                    #expect(relativeError(w.value, value, floor: 1e-12) <= 1e-6 || abs(w.value - value) <= 1e-12, "\(c.id)")
                    let gradientError = earlyExit ? relativeError(w.gradient, Matrix(c.formula_gradient ?? [])) : c.gradientError(w.gradient) ?? 0
                    #expect(gradientError <= 1e-6, "\(c.id): G relative error \(gradientError)")
                    if !earlyExit { #expect(relativeError(dx, Matrix(c.embedding_gradient ?? []), floor: Self.embeddingFloor) <= 1e-6, "\(c.id)") }
                }
            }
        }
    }
}
