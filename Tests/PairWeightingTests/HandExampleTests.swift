import Foundation
import Testing
import PairWeighting
import TestSupport

/// Hand-checked numbers: four worked examples of the reference notes (the `S` matrices and the
/// values printed to 6 decimals), typed in as independent oracles. The reference fixtures hold
/// the same batches as `md-ex1` … `md-ex4` (`scripts/reference/README.md`). Where gpw's number is
/// not the document's, `docs/losses.md`, "Where gpw differs from a reference, and why", says why.
@Suite struct HandExampleTests {
    static let labels1 = PairLabels([0, 0, 1, 1])
    static let s1 = Matrix([[1.00, 0.70, 0.45, 0.10],
                            [0.70, 1.00, 0.65, -0.20],
                            [0.45, 0.65, 1.00, 0.40],
                            [0.10, -0.20, 0.40, 1.00]])

    static func run(_ spec: String, _ s: Matrix = s1, _ labels: PairLabels = labels1) throws -> PairWeights {
        try LossSpec.parse(spec).makeLoss().evaluate(similarity: s, labels: labels)
    }

    /// The document prints 6 decimals: allow half a unit in the last place.
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 5.1e-7) -> Bool { abs(a - b) <= tolerance }
    static func close(_ a: Matrix, _ b: [[Double]], _ tolerance: Double = 5.1e-7) -> Bool {
        let m = Matrix(b)
        return zip(a.storage, m.storage).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func example1MultiSimilarityAuthors() throws {
        let w = try Self.run("ms:alpha=2,beta=40,lambda=0.5,epsilon=0.1")
        #expect(Self.close(w.value, 0.238927))
        #expect(Self.close(w.gradient, [[0, 0, 0, 0], [-0.100328, 0, 0.249382, 0],
                                        [0.000084, 0.249298, 0, -0.137458], [0, 0, 0, 0]]))
        // Mining keeps positives (1,0), (2,3) and negatives (1,2), (2,0), (2,1); anchors 0 and 3 mine nothing.
        let kept = (0..<4).flatMap { i in (0..<4).filter { w.isSelected(i, $0) }.map { [i, $0] } }
        #expect(kept == [[1, 0], [1, 2], [2, 0], [2, 1], [2, 3]])
    }

    @Test func example1MultiSimilarityOtherSettings() throws {
        let paper = try Self.run("ms:lambda=1,alpha=2,beta=50,epsilon=0.1")
        #expect(Self.close(paper.value, 0.312596))
        #expect(Self.close(paper.gradient[1, 0], -0.161414) && Self.close(paper.gradient[2, 3], -0.192131))
        for i in 0..<4 { for j in 0..<4 where Self.labels1.role(i, j) == .negative { #expect(paper.gradient[i, j] < 1e-7) } }

        let noMiner = try Self.run("ms:mining=off")
        #expect(Self.close(noMiner.value, 0.403189))
        #expect(Self.close(noMiner.gradient, [[0, -0.100328, 0.018965, 0], [-0.100328, 0, 0.249862, 0],
                                              [0.000011, 0.249850, 0, -0.137458], [0, 0, -0.137458, 0]]))
        let miner = try Self.run("ms")
        #expect(Self.close(miner.value, 0.238900))
    }

    @Test func example1OtherLosses() throws {
        let contrastive = try Self.run("contrastive:pos-margin=1,neg-margin=0.5,reduction=batch")
        // The notes' 0.775 is Deep_Metric's value, whose active negatives add S_ij; gpw's similarity
        // form adds [S_ij − λ]_+ (docs/losses.md, "Where gpw differs from a reference, and why",
        // item 7), so it is lower by λ per active negative / m: 2 × 0.5 / 4.
        // The weights are the same.
        #expect(Self.close(contrastive.value, 0.775 - 2 * 0.5 / 4))
        #expect(Self.close(contrastive.gradient, [[0, -0.25, 0, 0], [-0.25, 0, 0.25, 0], [0, 0.25, 0, -0.25], [0, 0, -0.25, 0]]))

        let triplet = try Self.run("triplet:margin=0.1")
        #expect(Self.close(triplet.value, 0.183333))
        let third = 1.0 / 3
        #expect(Self.close(triplet.gradient, [[0, 0, 0, 0], [-third, 0, third, 0], [third, third, 0, -2 * third], [0, 0, 0, 0]]))

        let generalized = try Self.run("generalized-lifted:pos-margin=1,neg-margin=0")
        #expect(Self.close(generalized.value, 1.422935))
        #expect(Self.close(generalized.gradient, [[0, -0.25, 0.146654, 0.103346], [-0.25, 0, 0.175142, 0.074858],
                                                  [0.112542, 0.137458, 0, -0.25], [0.143611, 0.106389, -0.25, 0]]))

        let binomial = try Self.run("binomial:alpha=2,beta=40,lambda=0.5")
        #expect(Self.close(binomial.value, 2.187928))
        #expect(Self.close(binomial.gradient, [[0, -0.200656, 0.596015, 0.000001], [-0.200656, 0, 4.987637, 0],
                                               [0.596015, 4.987637, 0, -0.274917], [0.000001, 0, -0.274917, 0]]))

        // MS mining first (the same pairs as MS: positives (1,0), (2,3), negatives (1,2), (2,0),
        // (2,1); anchors 0 and 3 mine nothing), then binomial's means over the mined pairs only:
        // ℓ_1 = ln(1 + e^-0.4) + ln(1 + e^6), ℓ_2 = ln(1 + e^0.2) + (ln(1 + e^-2) + ln(1 + e^6)) / 2.
        let mined = try Self.run("binomial:alpha=2,beta=40,lambda=0.5,mining=on")
        #expect(Self.close(mined.value, 2.594583))
        #expect(Self.close(mined.gradient, [[0, 0, 0, 0], [-0.200656, 0, 9.975274, 0],
                                            [0.596015, 4.987637, 0, -0.274917], [0, 0, 0, 0]]))
        let ms = try Self.run("ms:alpha=2,beta=40,lambda=0.5")
        #expect(mined.status == ms.status && mined.mines)

        let npair = try Self.run("npair")
        #expect(Self.close(npair.value, 0.631714))
        #expect(Self.close(npair.gradient, [[0, -0.177172, 0, 0.177172], [0, 0, 0, 0], [0, 0.281088, 0, -0.281088], [0, 0, 0, 0]]))

        let histogram = try Self.run("histogram:bins=4")
        #expect(Self.close(histogram.value, 0.4725))
        #expect(Self.close(histogram.gradient, [[0, -0.45, 0.35, 0.35], [0, 0, 0.10, 0.05], [0, 0, 0, -0.375], [0, 0, 0, 0]]))
    }

    @Test func example1EmbeddingGradientOfAuthorsMS() throws {
        let f: [[Double]] = [[1, 0, 0, 0], [0.7, 0.714143, 0, 0], [0.45, 0.469094, 0.759902, 0], [0.1, -0.378076, 0.700555, 0.596893]]
        let scales = [2, 0.5, 1.5, 3]
        let x = Matrix(zip(f, scales).map { row, a in row.map { $0 * a } })
        let loss = try LossSpec.parse("ms:alpha=2,beta=40,lambda=0.5,epsilon=0.1").makeLoss()
        let (_, dx) = loss.evaluate(embeddings: x, labels: Self.labels1)
        // The printed Cholesky rows and dL/dx carry 6 decimals: agreement to half a unit plus rounding, 1e-6.
        #expect(Self.close(dx, [[0, -0.035805, 0.000032, 0], [-0.107321, 0.105196, 0.757896, 0],
                                [0.142850, 0.187880, -0.200573, -0.054699], [-0.018786, -0.028423, -0.021979, 0.010940]], 1e-6))
    }

    /// Example 2: PML's 5-point set-up, angles 0..80° mapped to (2 cos θ, 0.5 sin θ).
    static let x2 = Matrix([0.0, 20, 40, 60, 80].map { deg -> [Double] in
        let t = deg * Double.pi / 180
        return [2 * cos(t), 0.5 * sin(t)]
    })
    static let labels2 = PairLabels([0, 0, 1, 1, 2])

    @Test func example2PMLTestSetup() throws {
        let s = CosineSimilarity.forward(Self.x2).similarity
        #expect(Self.close(s[0, 4], 0.576370) && Self.close(s[2, 3], 0.979695))
        let pmlTest = try Self.run("ms:alpha=0.1,beta=40,lambda=0.5,mining=off", s, Self.labels2)
        #expect(abs(pmlTest.value - 5.81098211) <= 6e-9)
        let defaults = try Self.run("ms:mining=off", s, Self.labels2)
        #expect(abs(defaults.value - 0.58467714) <= 6e-9)
        let mined = try Self.run("ms", s, Self.labels2)
        #expect(abs(mined.value - 0.51391469) <= 6e-9)
    }

    @Test func example3NoEarlyExit() throws {
        let s = Matrix([[1, 0.5, 0.1, 0], [0.5, 1, 0.7, 0.35], [0.1, 0.7, 1, 0.9], [0, 0.35, 0.9, 1]])
        let w = try Self.run("ms:beta=40", s)
        // The authors' value; PML's early exit would give 0 (one mined positive, one mined negative).
        #expect(abs(w.value - 0.13664549) <= 6e-9)
        #expect(Self.close(w.gradient[1, 0], -0.125) && Self.close(w.gradient[1, 2], 0.249916))
    }

    @Test func example4SingleSampleClass() throws {
        let s = Matrix([[1, 0.6, 0.5, 0.3], [0.6, 1, 0.7, 0.55], [0.5, 0.7, 1, 0.45], [0.3, 0.55, 0.45, 1]])
        let labels = PairLabels([0, 0, 0, 1])
        #expect(abs(try Self.run("ms:mining=off", s, labels).value - 0.39251294) <= 6e-9)
        #expect(abs(try Self.run("ms", s, labels).value - 0.17469965) <= 6e-9)
    }
}

