import Foundation
import Testing
import PairWeighting

/// Hand-checked oracles for the eight losses added after the MS paper's set: circle, NT-Xent,
/// SupCon, tuplet margin, margin, angular, FastAP and intra-pair variance.
///
/// Each test evaluates one loss on a tiny batch: mostly the 4-sample `s1` / `labels1` of
/// ``HandExampleTests``, or a 3- or 4-sample batch chosen to show an edge (a singleton class, a
/// positive inside the margin, two negatives in one bin). It checks the value, at least one
/// positive and one negative weight `W_ij = ∂L/∂S_ij`, and where it means something a pair's
/// status. The comments derive every number step by step from the loss's equations (the doc
/// comment of each `NAMELoss.swift`, which cites the paper and PML). The expected numbers are
/// closed-form Swift expressions of literals: no gpw code computes them, so they are independent
/// of gpw. They are exact, so the tolerance is 1e-9 relative. The weights were also checked,
/// outside the repository, against central finite differences of the written-out formulas.
///
/// Batch `s1`, labels `[0, 0, 1, 1]`: `P_0 = {1}, N_0 = {2, 3}`; `P_1 = {0}, N_1 = {2, 3}`;
/// `P_2 = {3}, N_2 = {0, 1}`; `P_3 = {2}, N_3 = {0, 1}`. Row by row, the anchor's positive's
/// similarity and then its two negatives' similarities:
/// row 0: 0.7 | 0.45, 0.10;  row 1: 0.7 | 0.65, −0.20;  row 2: 0.4 | 0.45, 0.65;  row 3: 0.4 | 0.10, −0.20.
@Suite struct SuccessorHandExampleTests {
    static let labels1 = HandExampleTests.labels1
    static let s1 = HandExampleTests.s1

    /// HandExampleTests' example 4: labels `[0, 0, 0, 1]`, so sample 3 is a class of its own.
    static let labels4 = PairLabels([0, 0, 0, 1])
    static let s4 = Matrix([[1.00, 0.60, 0.50, 0.30],
                            [0.60, 1.00, 0.70, 0.55],
                            [0.50, 0.70, 1.00, 0.45],
                            [0.30, 0.55, 0.45, 1.00]])

    static func run(_ spec: String, _ s: Matrix = s1, _ labels: PairLabels = labels1) throws -> PairWeights {
        try LossSpec.parse(spec).makeLoss().evaluate(similarity: s, labels: labels)
    }

    /// Relative agreement to 1e-9. The expected numbers are exact closed forms.
    static func close(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(actual - expected) <= tolerance * abs(expected)
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    // MARK: - Circle

    @Test func circle() throws {
        // Defaults m = 0.4, γ = 80: O_p = 1.4, O_n = −0.4, Δ_p = 0.6, Δ_n = 0.4.
        // α_p = [1.4 − S]_+, z_p = −80 α_p (S − 0.6);  α_n = [S + 0.4]_+, z_n = 80 α_n (S − 0.4).
        // anchor 0: z_01 = −80·0.7·(0.7 − 0.6) = −5.6;  z_02 = 80·0.85·(0.45 − 0.4) = 3.4;  z_03 = 80·0.5·(0.1 − 0.4) = −12
        //           ℓ_0 = log(1 + e^−5.6 (e^3.4 + e^−12)) ≈ 0.105083
        // anchor 1: z_10 = −5.6;  z_12 = 80·1.05·0.25 = 21;  z_13 = 80·0.2·(−0.6) = −9.6
        //           ℓ_1 = log(1 + e^−5.6 (e^21 + e^−9.6)) ≈ 15.400000
        // anchor 2: z_23 = −80·1.0·(0.4 − 0.6) = 16;  z_20 = 3.4;  z_21 = 21
        //           ℓ_2 = log(1 + e^16 (e^3.4 + e^21)) ≈ 37.000000
        // anchor 3: z_32 = 16;  z_30 = −12;  z_31 = −9.6
        //           ℓ_3 = log(1 + e^16 (e^−12 + e^−9.6)) ≈ 6.488358
        // Every anchor has a positive and a negative: K = 4, L = (ℓ_0 + ℓ_1 + ℓ_2 + ℓ_3) / 4.
        let w = try Self.run("circle")
        let expected = (log(1 + exp(-5.6) * (exp(3.4) + exp(-12))) + log(1 + exp(-5.6) * (exp(21.0) + exp(-9.6)))
                        + log(1 + exp(16.0) * (exp(3.4) + exp(21.0))) + log(1 + exp(16.0) * (exp(-12) + exp(-9.6)))) / 4
        #expect(Self.close(w.value, expected))
        // Weights (α frozen, paper eq. 10 / K): σ_0 = X/(1 + X), X = e^−5.6 (e^3.4 + e^−12), σ_0 ≈ 0.099751.
        // One positive, so its softmax share is 1: W_01 = −(σ_0/4)·80·α_01 = −(σ_0/4)·80·0.7 ≈ −1.396507.
        // W_02 = (σ_0/4)·(e^3.4/(e^3.4 + e^−12))·80·0.85 ≈ 1.695758.
        let x0 = exp(-5.6) * (exp(3.4) + exp(-12)), sigma0 = x0 / (1 + x0)
        #expect(Self.close(w.gradient[0, 1], -(sigma0 / 4) * 80 * 0.7))
        #expect(Self.close(w.gradient[0, 2], (sigma0 / 4) * exp(3.4) / (exp(3.4) + exp(-12)) * 80 * 0.85))
        #expect(w.status(0, 1) == .active && w.status(0, 2) == .active)

        // m = 0.2, γ = 32: O_p = 1.2, O_n = −0.2, Δ_p = 0.8, Δ_n = 0.2. The negatives at S = −0.2
        // sit exactly at O_n: α = 0, z = 0, so the term e^0 = 1 stays in the sum but weighs 0 (inactive).
        // anchor 0: z_01 = −32·0.5·(0.7 − 0.8) = 1.6;  z_02 = 32·0.65·0.25 = 5.2;  z_03 = 32·0.3·(−0.1) = −0.96
        // anchor 1: z_10 = 1.6;  z_12 = 32·0.85·0.45 = 12.24;  z_13 = 32·0·(−0.4) = 0
        // anchor 2: z_23 = −32·0.8·(0.4 − 0.8) = 10.24;  z_20 = 5.2;  z_21 = 12.24
        // anchor 3: z_32 = 10.24;  z_30 = −0.96;  z_31 = 0
        // ℓ ≈ 6.803221, 13.840006, 22.480876, 10.564203.
        let relaxed = try Self.run("circle:m=0.2,gamma=32")
        let expectedRelaxed = (log(1 + exp(1.6) * (exp(5.2) + exp(-0.96))) + log(1 + exp(1.6) * (exp(12.24) + 1))
                               + log(1 + exp(10.24) * (exp(5.2) + exp(12.24))) + log(1 + exp(10.24) * (exp(-0.96) + 1))) / 4
        #expect(Self.close(relaxed.value, expectedRelaxed))
        // anchor 1: σ_1 = X/(1 + X), X = e^1.6 (e^12.24 + 1), σ_1 ≈ 0.999999.
        // W_10 = −(σ_1/4)·32·0.5 ≈ −3.999996;  W_12 = (σ_1/4)·(e^12.24/(e^12.24 + 1))·32·0.85 ≈ 6.799960;  W_13 = 0.
        let x1 = exp(1.6) * (exp(12.24) + 1), sigma1 = x1 / (1 + x1)
        #expect(Self.close(relaxed.gradient[1, 0], -(sigma1 / 4) * 32 * 0.5))
        #expect(Self.close(relaxed.gradient[1, 2], (sigma1 / 4) * exp(12.24) / (exp(12.24) + 1) * 32 * 0.85))
        #expect(relaxed.gradient[1, 3] == 0 && relaxed.status(1, 3) == .inactive)
        #expect(relaxed.gradient[3, 1] == 0 && relaxed.status(3, 1) == .inactive)
    }

    // MARK: - NT-Xent

    @Test func ntxent() throws {
        // Default τ = 0.1. ℓ_ap = log(1 + Σ_{n∈N_a} e^{(S_an − S_ap)/τ}); M = 4 ordered positive pairs.
        // (0,1): log(1 + e^{(0.45−0.7)/0.1} + e^{(0.1−0.7)/0.1}) = log(1 + e^−2.5 + e^−6) ≈ 0.081178
        // (1,0): log(1 + e^{(0.65−0.7)/0.1} + e^{(−0.2−0.7)/0.1}) = log(1 + e^−0.5 + e^−9) ≈ 0.474154
        // (2,3): log(1 + e^{(0.45−0.4)/0.1} + e^{(0.65−0.4)/0.1}) = log(1 + e^0.5 + e^2.5) ≈ 2.696734
        // (3,2): log(1 + e^{(0.1−0.4)/0.1} + e^{(−0.2−0.4)/0.1}) = log(1 + e^−3 + e^−6) ≈ 0.050946
        let w = try Self.run("ntxent")
        let expected = (log(1 + exp(-2.5) + exp(-6)) + log(1 + exp(-0.5) + exp(-9))
                        + log(1 + exp(0.5) + exp(2.5)) + log(1 + exp(-3) + exp(-6))) / 4
        #expect(Self.close(w.value, expected))
        // 1/(Mτ) = 2.5. W_01 = −2.5·σ_01, σ_01 = (e^−2.5 + e^−6)/(1 + e^−2.5 + e^−6) ≈ 0.077970 → W_01 ≈ −0.194926.
        // A negative with one positive: share among negatives × σ_ap = e^{(S_an − S_ap)/τ}/(1 + Σ):
        // W_02 = 2.5·e^−2.5/(1 + e^−2.5 + e^−6) ≈ 0.189212;  W_21 = 2.5·e^2.5/(1 + e^0.5 + e^2.5) ≈ 2.053523.
        #expect(Self.close(w.gradient[0, 1], -2.5 * (exp(-2.5) + exp(-6)) / (1 + exp(-2.5) + exp(-6))))
        #expect(Self.close(w.gradient[0, 2], 2.5 * exp(-2.5) / (1 + exp(-2.5) + exp(-6))))
        #expect(Self.close(w.gradient[2, 1], 2.5 * exp(2.5) / (1 + exp(0.5) + exp(2.5))))

        // τ = 0.5 on batch 4 (labels [0, 0, 0, 1]): anchors 0–2 have two positives and one negative
        // (sample 3); anchor 3 has no positive, so no term. M = 6, 1/τ = 2.
        // (0,1): log(1 + e^{2(0.3−0.6)}) = log(1 + e^−0.6);   (0,2): log(1 + e^{2(0.3−0.5)}) = log(1 + e^−0.4)
        // (1,0): log(1 + e^{2(0.55−0.6)}) = log(1 + e^−0.1); (1,2): log(1 + e^{2(0.55−0.7)}) = log(1 + e^−0.3)
        // (2,0): log(1 + e^{2(0.45−0.5)}) = log(1 + e^−0.1); (2,1): log(1 + e^{2(0.45−0.7)}) = log(1 + e^−0.5)
        let warm = try Self.run("ntxent:temperature=0.5", Self.s4, Self.labels4)
        let expectedWarm = (log(1 + exp(-0.6)) + log(1 + exp(-0.4)) + log(1 + exp(-0.1))
                            + log(1 + exp(-0.3)) + log(1 + exp(-0.1)) + log(1 + exp(-0.5))) / 6
        #expect(Self.close(warm.value, expectedWarm))
        // 1/(Mτ) = 1/3. W_01 = −σ(−0.6)/3 ≈ −0.118115. The one negative of anchor 0 has share 1
        // among negatives, times Σ_p σ_0p: W_03 = (σ(−0.6) + σ(−0.4))/3 ≈ 0.251885. Row 3 weighs 0.
        #expect(Self.close(warm.gradient[0, 1], -(exp(-0.6) / (1 + exp(-0.6))) / 3))
        #expect(Self.close(warm.gradient[0, 3], (Self.sigmoid(-0.6) + Self.sigmoid(-0.4)) / 3))
        #expect(warm.gradient[3, 0] == 0 && warm.status(3, 0) == .inactive)
    }

    // MARK: - SupCon

    @Test func supcon() throws {
        // Default τ = 0.1: ℓ_i = log Σ_{k≠i} e^{S_ik/τ} − (1/|P_i|) Σ_p S_ip/τ. With one positive
        // per anchor this is NT-Xent's term: ℓ_0 = log(e^7 + e^4.5 + e^1) − 7 = log(1 + e^−2.5 + e^−6), …
        // K = 4 anchors with a positive; the same four terms as NT-Xent above.
        let w = try Self.run("supcon")
        let expected = (log(1 + exp(-2.5) + exp(-6)) + log(1 + exp(-0.5) + exp(-9))
                        + log(1 + exp(0.5) + exp(2.5)) + log(1 + exp(-3) + exp(-6))) / 4
        #expect(Self.close(w.value, expected))
        // W_ik = (q_ik − [k ∈ P_i]/|P_i|)/(Kτ), Kτ = 0.4; anchor 0: q = (e^7, e^4.5, e^1)/(e^7 + e^4.5 + e^1).
        // W_01 = (q_01 − 1)/0.4 ≈ −0.194926;  W_02 = q_02/0.4 ≈ 0.189212.
        let z0 = exp(7.0) + exp(4.5) + exp(1.0)
        #expect(Self.close(w.gradient[0, 1], (exp(7.0) / z0 - 1) / 0.4))
        #expect(Self.close(w.gradient[0, 2], (exp(4.5) / z0) / 0.4))

        // τ = 0.05 on batch 4: K = 3 (anchor 3 has no positive), 1/τ = 20, |P_i| = 2.
        // anchor 0: logits 20·(0.6, 0.5, 0.3) = (12, 10, 6):  ℓ_0 = log(e^12 + e^10 + e^6) − (12 + 10)/2 ≈ 1.129109
        // anchor 1: logits 20·(0.6, 0.7, 0.55) = (12, 14, 11): ℓ_1 = log(e^12 + e^14 + e^11) − (12 + 14)/2 ≈ 1.169846
        // anchor 2: logits 20·(0.5, 0.7, 0.45) = (10, 14, 9):  ℓ_2 = log(e^10 + e^14 + e^9) − (10 + 14)/2 ≈ 2.024745
        let cold = try Self.run("supcon:temperature=0.05", Self.s4, Self.labels4)
        let expectedCold = ((log(exp(12.0) + exp(10.0) + exp(6.0)) - 11) + (log(exp(12.0) + exp(14.0) + exp(11.0)) - 13)
                            + (log(exp(10.0) + exp(14.0) + exp(9.0)) - 12)) / 3
        #expect(Self.close(cold.value, expectedCold))
        // 1/(Kτ) = 20/3. Anchor 1: q_12 = e^14/(e^12 + e^14 + e^11) ≈ 0.843795 > 1/2, so the closer
        // positive is pushed: W_12 = (20/3)(q_12 − 1/2) ≈ 2.291965 > 0; q_10 ≈ 0.114195:
        // W_10 = (20/3)(q_10 − 1/2) ≈ −2.572032; the negative: W_13 = (20/3) q_13 ≈ 0.280067. Row 3 weighs 0.
        let z1 = exp(12.0) + exp(14.0) + exp(11.0)
        #expect(Self.close(cold.gradient[1, 2], (20.0 / 3) * (exp(14.0) / z1 - 0.5)))
        #expect(Self.close(cold.gradient[1, 0], (20.0 / 3) * (exp(12.0) / z1 - 0.5)))
        #expect(Self.close(cold.gradient[1, 3], (20.0 / 3) * (exp(11.0) / z1)))
        #expect(cold.gradient[3, 1] == 0 && cold.status(3, 1) == .inactive)
    }

    // MARK: - Tuplet margin

    @Test func tupletMargin() throws {
        // Defaults β = 5.73° = 5.73π/180 ≈ 0.100007 rad, s = 64. c = cos(arccos S_ap − β):
        // S_ap = 0.7: θ ≈ 0.795399, c7 ≈ 0.767803;  S_ap = 0.4: θ ≈ 1.159279, c4 ≈ 0.489507.
        // ℓ_ap = log(1 + Σ_n e^{64(S_an − c_ap)}), M = 4:
        // (0,1): exponents 64(0.45 − c7) ≈ −20.34, 64(0.10 − c7) ≈ −42.74
        // (1,0): 64(0.65 − c7) ≈ −7.54, 64(−0.20 − c7) ≈ −61.94
        // (2,3): 64(0.45 − c4) ≈ −2.53, 64(0.65 − c4) ≈ 10.27
        // (3,2): 64(0.10 − c4) ≈ −24.93, 64(−0.20 − c4) ≈ −44.13
        let beta = 5.73 * Double.pi / 180
        let c7 = cos(acos(0.7) - beta), c4 = cos(acos(0.4) - beta)
        let w = try Self.run("tuplet-margin")
        let expected = (log(1 + exp(64 * (0.45 - c7)) + exp(64 * (0.10 - c7))) + log(1 + exp(64 * (0.65 - c7)) + exp(64 * (-0.20 - c7)))
                        + log(1 + exp(64 * (0.45 - c4)) + exp(64 * (0.65 - c4))) + log(1 + exp(64 * (0.10 - c4)) + exp(64 * (-0.20 - c4)))) / 4
        #expect(Self.close(w.value, expected))
        // s/M = 16. Anchor 2: X = e^{64(0.45 − c4)} + e^{64(0.65 − c4)}, σ_23 = X/(1 + X) ≈ 0.999965;
        // c' = sin(θ − β)/sin θ at S = 0.4 ≈ 0.951429. W_23 = −16 σ_23 c' ≈ −15.222343.
        // One positive: W_21 = 16 e^{64(0.65 − c4)}/(1 + X) ≈ 15.999402.
        let x2 = exp(64 * (0.45 - c4)) + exp(64 * (0.65 - c4))
        #expect(Self.close(w.gradient[2, 3], -16 * x2 / (1 + x2) * sin(acos(0.4) - beta) / sin(acos(0.4))))
        #expect(Self.close(w.gradient[2, 1], 16 * exp(64 * (0.65 - c4)) / (1 + x2)))

        // β = 10°, s = 16 on a 3-sample batch, labels [0, 0, 1] (eigenvalues ≈ 0.0059, 0.23, 2.76):
        // S_01 = 0.99 (θ = arccos 0.99 ≈ 8.11° < β: inside the margin), S_02 = 0.8, S_12 = 0.85.
        // c = cos(arccos 0.99 − π/18) ≈ 0.999456; M = 2 (pairs (0,1), (1,0)); sample 2 has no positive.
        // ℓ_01 = log(1 + e^{16(0.8 − c)}) (exponent ≈ −3.191),  ℓ_10 = log(1 + e^{16(0.85 − c)}) (≈ −2.391).
        let s3 = Matrix([[1.00, 0.99, 0.80], [0.99, 1.00, 0.85], [0.80, 0.85, 1.00]])
        let wide = try Self.run("tuplet-margin:margin=10,scale=16", s3, PairLabels([0, 0, 1]))
        let beta10 = 10 * Double.pi / 180, c = cos(acos(0.99) - beta10)
        #expect(Self.close(wide.value, (log(1 + exp(16 * (0.8 - c))) + log(1 + exp(16 * (0.85 - c)))) / 2))
        // s/M = 8. c' = sin(θ − β)/sin θ ≈ −0.233842 < 0, so the positive is pushed towards angle β:
        // W_01 = −8 σ(16(0.8 − c)) c' ≈ 0.073884 > 0.  W_02 = 8 σ(16(0.8 − c)) ≈ 0.315958. Row 2 weighs 0.
        #expect(Self.close(wide.gradient[0, 1], -8 * Self.sigmoid(16 * (0.8 - c)) * sin(acos(0.99) - beta10) / sin(acos(0.99))))
        #expect(Self.close(wide.gradient[0, 2], 8 * Self.sigmoid(16 * (0.8 - c))))
        #expect(wide.gradient[2, 0] == 0 && wide.status(2, 0) == .inactive)
    }

    // MARK: - Margin

    @Test func margin() throws {
        // Defaults α = 0.2, β = 1.2, pairs = each. d = sqrt(2 − 2S):
        // S 0.7 → √0.6 ≈ 0.7746;  0.45 → √1.1 ≈ 1.0488;  0.10 → √1.8 ≈ 1.3416;
        // 0.65 → √0.7 ≈ 0.8367;  −0.2 → √2.4 ≈ 1.5492;  0.4 → √1.2 ≈ 1.0954.
        // Positive active iff 0.2 + d − 1.2 > 0 (d > 1): (0,1), (1,0) at 0.7746 are inactive; (2,3), (3,2) active.
        // Negative active iff 1.4 − d > 0 (d < 1.4): S = 0.45, 0.10, 0.65 active (each in two ordered
        // pairs); (1,3), (3,1) at S = −0.2 (d ≈ 1.5492) inactive. D = 2 + 6 = 8 active terms.
        let w = try Self.run("margin")
        let expected = (2 * (0.2 + sqrt(1.2) - 1.2) + 2 * (1.4 - sqrt(1.1)) + 2 * (1.4 - sqrt(1.8)) + 2 * (1.4 - sqrt(0.7))) / 8
        #expect(Self.close(w.value, expected))
        // W = ∓1/(D d): W_23 = −1/(8√1.2) ≈ −0.114109;  W_02 = 1/(8√1.1) ≈ 0.119183.
        #expect(Self.close(w.gradient[2, 3], -1 / (8 * sqrt(1.2))))
        #expect(Self.close(w.gradient[0, 2], 1 / (8 * sqrt(1.1))))
        #expect(w.gradient[0, 1] == 0 && w.status(0, 1) == .inactive)
        #expect(w.gradient[1, 3] == 0 && w.status(1, 3) == .inactive)

        // pairs = triplets (PML) on s1 with labels [0, 1, 0, 2]: samples 0 and 2 are classmates
        // (S_02 = 0.45); samples 1 and 3 are singletons, so their negatives are in no triplet (m = 0).
        // anchor 0: P = {2}, N = {1, 3}; positive (0,2): m = |N_0| = 2, d = √1.1, term 0.2 + √1.1 − 1.2 ≈ 0.0488 > 0;
        //   negatives, m = |P_0| = 1: (0,1) d = √0.6, 1.4 − √0.6 > 0; (0,3) d = √1.8, 1.4 − √1.8 > 0.
        // anchor 2: positive (2,0): m = 2, same term; negatives (2,1) d = √0.7, (2,3) d = √1.2, both active.
        // D = 2 + 2 + 4·1 = 8.
        let pml = try Self.run("margin:pairs=triplets", Self.s1, PairLabels([0, 1, 0, 2]))
        let expectedPML = (2 * 2 * (0.2 + sqrt(1.1) - 1.2) + (1.4 - sqrt(0.6)) + (1.4 - sqrt(1.8))
                           + (1.4 - sqrt(0.7)) + (1.4 - sqrt(1.2))) / 8
        #expect(Self.close(pml.value, expectedPML))
        // W_02 = −2/(8√1.1) ≈ −0.238366;  W_01 = 1/(8√0.6) ≈ 0.161374;  W_10 = 0 (S = 0.7 would be an
        // active negative under `each`, but anchor 1 has no classmate).
        #expect(Self.close(pml.gradient[0, 2], -2 / (8 * sqrt(1.1))))
        #expect(Self.close(pml.gradient[0, 1], 1 / (8 * sqrt(0.6))))
        #expect(pml.gradient[1, 0] == 0 && pml.status(1, 0) == .inactive)
    }

    // MARK: - Angular

    @Test func angular() throws {
        // Default α = 40°: t = tan²(40°) ≈ 0.704088. f_apn = 4t (S_an + S_pn) − 2(1 + t) S_ap.
        // (0,1), n = 2: 4t(0.45 + 0.65) − 2(1 + t)·0.7 = 4.4t − 1.4(1 + t) ≈ 0.712265
        //        n = 3: 4t(0.10 − 0.20) − 1.4(1 + t) = −0.4t − 1.4(1 + t) ≈ −2.667359
        // (1,0): the same two exponents (S_12 + S_02, S_13 + S_03), so ℓ_10 = ℓ_01.
        // (2,3), n = 0: 4t(0.45 + 0.10) − 2(1 + t)·0.4 = 2.2t − 0.8(1 + t) ≈ 0.185723
        //        n = 1: 4t(0.65 − 0.20) − 0.8(1 + t) = 1.8t − 0.8(1 + t) ≈ −0.095912
        // (3,2): the same as (2,3). Four ordered positive pairs: L = (2ℓ_01 + 2ℓ_23)/4.
        let t = tan(40 * Double.pi / 180) * tan(40 * Double.pi / 180)
        let e012 = exp(4.4 * t - 1.4 * (1 + t)), e013 = exp(-0.4 * t - 1.4 * (1 + t))
        let e230 = exp(2.2 * t - 0.8 * (1 + t)), e231 = exp(1.8 * t - 0.8 * (1 + t))
        let w = try Self.run("angular")
        #expect(Self.close(w.value, (log(1 + e012 + e013) + log(1 + e230 + e231)) / 2))
        // c = 1/4. W_01 = −c·2(1 + t)·(σ_012 + σ_013) = −(1/2)(1 + t)(e012 + e013)/(1 + e012 + e013) ≈ −0.577902.
        // W_02 = c·4t·(σ_012 [triplet (0,1,2), S_an] + σ_102 [triplet (1,0,2), S_pn]) = 2t·e012/(1 + e012 + e013) ≈ 0.923641.
        // W_31 = c·4t·(σ_321 + σ_231) = 2t·e231/(1 + e230 + e231) ≈ 0.411032.
        #expect(Self.close(w.gradient[0, 1], -0.5 * (1 + t) * (e012 + e013) / (1 + e012 + e013)))
        #expect(Self.close(w.gradient[0, 2], 2 * t * e012 / (1 + e012 + e013)))
        #expect(Self.close(w.gradient[3, 1], 2 * t * e231 / (1 + e230 + e231)))

        // α = 45° (t = 1) with labels [0, 0, 1, 2]: only (0,1) and (1,0) are positive pairs, c = 1/2.
        // f_012 = 4(0.45 + 0.65) − 4·0.7 = 1.6;  f_013 = 4(0.10 − 0.20) − 2.8 = −3.2;  ℓ_10 = ℓ_01.
        // L = log(1 + e^1.6 + e^−3.2) ≈ 1.790725.
        let wide = try Self.run("angular:alpha=45", Self.s1, PairLabels([0, 0, 1, 2]))
        #expect(Self.close(wide.value, log(1 + exp(1.6) + exp(-3.2))))
        // W_01 = −(1/2)·4·(e^1.6 + e^−3.2)/(1 + e^1.6 + e^−3.2) ≈ −1.666322;
        // W_02 = (1/2)·4·2·e^1.6/(1 + e^1.6 + e^−3.2) ≈ 3.305440. Samples 2 and 3 have no classmate:
        // they are in no triplet as anchor or positive, so W_20 = W_23 = 0.
        #expect(Self.close(wide.gradient[0, 1], -2 * (exp(1.6) + exp(-3.2)) / (1 + exp(1.6) + exp(-3.2))))
        #expect(Self.close(wide.gradient[0, 2], 4 * exp(1.6) / (1 + exp(1.6) + exp(-3.2))))
        #expect(wide.gradient[2, 0] == 0 && wide.status(2, 0) == .inactive)
        #expect(wide.gradient[2, 3] == 0 && wide.status(2, 3) == .inactive)
    }

    // MARK: - FastAP

    @Test func fastap() throws {
        // Default R = 10: D = 2 − 2S, Δ = 0.4, nodes m_k = 0.4k; pulse_k(D) = [1 − |D − m_k|/0.4]_+.
        // anchor 0: positive D_01 = 0.6 → (node 1: 0.5, node 2: 0.5); negatives D_02 = 1.1 → (2: 0.25, 3: 0.75),
        //   D_03 = 1.8 → (4: 0.5, 5: 0.5). h⁺_1 = h⁺_2 = 0.5; H⁺_1 = 0.5, H⁺_2 = 1; H_1 = 0.5, H_2 = 1.25.
        //   AP_0 = 0.5·0.5/0.5 + 0.5·1/1.25 = 0.5 + 0.4 = 0.9.
        // anchor 1: positive D_10 = 0.6 (as above); negatives D_12 = 0.7 → (1: 0.25, 2: 0.75), D_13 = 2.4 → node 6
        //   exactly (mass 1). H_1 = 0.75, H_2 = 2. AP_1 = 0.5·0.5/0.75 + 0.5·1/2 = 1/3 + 1/4 = 7/12.
        // anchor 2: positive D_23 = 1.2 → node 3 (mass 1); negatives D_20 = 1.1 → (2: 0.25, 3: 0.75),
        //   D_21 = 0.7 → (1: 0.25, 2: 0.75). H_3 = 0.25 + 1 + 1.75 = 3. AP_2 = 1·1/3.
        // anchor 3: positive D_32 = 1.2 → node 3; negatives D_30 = 1.8 (nodes 4, 5), D_31 = 2.4 (node 6):
        //   nothing at or below node 3 but the positive: AP_3 = 1·1/1 = 1.
        // L = ((1 − 0.9) + (1 − 7/12) + (1 − 1/3) + 0)/4 = 71/240.
        let w = try Self.run("fastap")
        let ap0: Double = 0.5 * 0.5 / 0.5 + 0.5 * 1 / 1.25, ap1: Double = 0.5 * 0.5 / 0.75 + 0.5 * 1 / 2.0
        let ap2: Double = 1.0 * 1 / 3, ap3: Double = 1.0 * 1 / 1
        let expected: Double = ((1 - ap0) + (1 - ap1) + (1 - ap2) + (1 - ap3)) / 4
        #expect(Self.close(w.value, expected))
        // Weights, c = 1/4, |P_0| = 1: a pair in bin r weighs (2c/(|P| Δ))(g_{r+1} − g_r) = 1.25 (g_{r+1} − g_r).
        // anchor 0: q_1 = 0.5·0.5/0.5 = 0.5, q_2 = 0.5·1/1.25 = 0.4; (h⁺_1 − q_1)/H_1 = 0, (h⁺_2 − q_2)/H_2 = 0.08.
        //   g⁺_1 = H⁺_1/H_1 + 0 + 0.08 = 1.08;  g⁺_2 = H⁺_2/H_2 + 0.08 = 0.8 + 0.08 = 0.88.
        //   W_01 (bin 1) = 1.25 (0.88 − 1.08) = −0.25.
        //   g⁻_2 = −q_2/H_2 = −0.32, g⁻_3 = 0 (no positive mass at node ≥ 3): W_02 (bin 2) = 1.25·0.32 = 0.4.
        //   D_03 = 1.8 lies in bin 4, above every positive: g⁻_4 = g⁻_5 = 0, W_03 = 0.
        // (Direct check of W_01: AP_0(x) = a + 0.8b with a = 2 − 2.5x, b = 2.5x − 1 at D_01 = x; dAP/dx = −0.5;
        //  W = −c·dAP/dx·dD/dS = −(1/4)(−0.5)(−2) = −0.25.)
        let g1: Double = 0.5 / 0.5 + 0.08, g2: Double = 1 / 1.25 + 0.08
        #expect(Self.close(w.gradient[0, 1], 1.25 * (g2 - g1)))
        #expect(Self.close(w.gradient[0, 2], 1.25 * (0 - (-0.4 / 1.25))))
        #expect(w.gradient[0, 3] == 0 && w.status(0, 3) == .inactive)
        // anchor 1: q_1 = 1/3, q_2 = 1/4; (h⁺_1 − q_1)/H_1 = (1/6)/(3/4) = 2/9, (h⁺_2 − q_2)/H_2 = 1/8.
        //   g⁻_1 = −(q_1/H_1 + q_2/H_2) = −(4/9 + 1/8), g⁻_2 = −1/8: W_12 (bin 1) = 1.25·(4/9) = 5/9.
        //   D_13 = 2.4 is on node 6, above every positive: W_13 = 0.
        let gMinus1: Double = -(4.0 / 9 + 1.0 / 8), gMinus2: Double = -1.0 / 8
        #expect(Self.close(w.gradient[1, 2], 1.25 * (gMinus2 - gMinus1)))
        #expect(w.gradient[1, 3] == 0 && w.status(1, 3) == .inactive)

        // R = 4 (Δ = 1, nodes 0…4, pulse = [1 − |D − k|]_+) with labels [0, 0, 1, 2]: samples 2 and 3 have
        // no classmate, so only anchors 0 and 1 count, c = 1/2, and 2c/(|P| Δ) = 1.
        // anchor 0: D_01 = 0.6 → (0: 0.4, 1: 0.6); D_02 = 1.1 → (1: 0.9, 2: 0.1); D_03 = 1.8 → (1: 0.2, 2: 0.8).
        //   H_0 = 0.4, H_1 = 0.4 + 0.6 + 1.1 = 2.1; AP_0 = 0.4·0.4/0.4 + 0.6·1/2.1.
        // anchor 1: D_10 = 0.6 → (0: 0.4, 1: 0.6); D_12 = 0.7 → (0: 0.3, 1: 0.7); D_13 = 2.4 → (2: 0.6, 3: 0.4).
        //   H_0 = 0.7, H_1 = 2.0; AP_1 = 0.4·0.4/0.7 + 0.6·1/2.0.
        let coarse = try Self.run("fastap:bins=4", Self.s1, PairLabels([0, 0, 1, 2]))
        let coarseAP0: Double = 0.4 * 0.4 / 0.4 + 0.6 * 1 / 2.1, coarseAP1: Double = 0.4 * 0.4 / 0.7 + 0.6 * 1 / 2.0
        #expect(Self.close(coarse.value, ((1 - coarseAP0) + (1 - coarseAP1)) / 2))
        // anchor 0: q_0 = 0.4, q_1 = 0.6/2.1; g⁺_0 = 0.4/0.4 + 0 + (0.6 − q_1)/2.1, g⁺_1 = 1/2.1 + (0.6 − q_1)/2.1:
        //   W_01 (bin 0) = g⁺_1 − g⁺_0 = 1/2.1 − 1 ≈ −0.523810.
        //   g⁻_1 = −q_1/2.1 = −0.6/2.1², g⁻_2 = 0: both negatives lie in bin 1, so both weigh
        //   W_02 = W_03 = 0.6/2.1² ≈ 0.136054 (FastAP does not weigh within a bin).
        #expect(Self.close(coarse.gradient[0, 1], 1 / 2.1 - 1))
        #expect(Self.close(coarse.gradient[0, 2], 0.6 / (2.1 * 2.1)))
        #expect(Self.close(coarse.gradient[0, 3], 0.6 / (2.1 * 2.1)))
        #expect(coarse.gradient[2, 0] == 0 && coarse.status(2, 0) == .inactive)
    }

    // MARK: - Intra-pair variance

    @Test func intraPairVariance() throws {
        // Defaults ε⁺ = ε⁻ = 0.01. Ordered positive pairs: S = 0.7, 0.7, 0.4, 0.4 → μ⁺ = 0.55,
        // threshold 0.99·0.55 = 0.5445: r⁺ = 0 at 0.7, r⁺ = 0.5445 − 0.4 = 0.1445 at 0.4.
        // Ordered negative pairs: 0.45, 0.10, 0.65, −0.20, each twice → μ⁻ = 2·1.0/8 = 0.25,
        // threshold 1.01·0.25 = 0.2525: r⁻ = 0.1975 at 0.45, 0.3975 at 0.65, 0 at 0.10 and −0.20.
        // L = 2·0.1445²/4 + (2·0.1975² + 2·0.3975²)/8 = 0.05969325.
        let w = try Self.run("intra-pair-variance")
        let rPos = 0.99 * ((0.7 + 0.7 + 0.4 + 0.4) / 4) - 0.4
        let meanNeg = (2 * (0.45 + 0.10 + 0.65 - 0.20)) / 8
        let rNeg45 = 0.45 - 1.01 * meanNeg, rNeg65 = 0.65 - 1.01 * meanNeg
        #expect(Self.close(w.value, 2 * rPos * rPos / 4 + (2 * rNeg45 * rNeg45 + 2 * rNeg65 * rNeg65) / 8))
        // R̄⁺ = 2·0.1445/4 = 0.07225, R̄⁻ = (2·0.1975 + 2·0.3975)/8 = 0.14875.
        // W_01 = (2/4)(0.99·R̄⁺ − 0) = 0.03576375 > 0: a positive above its mean is pushed (the shared part).
        // W_23 = (2/4)(0.99·R̄⁺ − 0.1445) = −0.03648625.
        // W_02 = (2/8)(0.1975 − 1.01·R̄⁻) = 0.011815625;  W_03 = (2/8)(0 − 1.01·R̄⁻) = −0.037559375 < 0.
        let meanRPos = 2 * rPos / 4, meanRNeg = (2 * rNeg45 + 2 * rNeg65) / 8
        #expect(Self.close(w.gradient[0, 1], 0.5 * (0.99 * meanRPos - 0)))
        #expect(Self.close(w.gradient[2, 3], 0.5 * (0.99 * meanRPos - rPos)))
        #expect(Self.close(w.gradient[0, 2], 0.25 * (rNeg45 - 1.01 * meanRNeg)))
        #expect(Self.close(w.gradient[0, 3], 0.25 * (0 - 1.01 * meanRNeg)))
        #expect(w.status(0, 1) == .active && w.status(0, 3) == .active)

        // ε⁺ = 0.5, ε⁻ = 0.05: the positive threshold 0.5·0.55 = 0.275 is below every positive, so no
        // positive hinge is active: every positive weighs 0 (inactive). Negative threshold 1.05·0.25 = 0.2625:
        // r⁻ = 0.1875 at 0.45, 0.3875 at 0.65. L = (2·0.1875² + 2·0.3875²)/8 = 0.046328125.
        // R̄⁻ = (2·0.1875 + 2·0.3875)/8 = 0.14375. W_12 = (2/8)(0.3875 − 1.05·R̄⁻) = 0.059140625;
        // W_13 = (2/8)(0 − 1.05·R̄⁻) = −0.037734375.
        let loose = try Self.run("intra-pair-variance:pos-eps=0.5,neg-eps=0.05")
        let looseNeg45 = 0.45 - 1.05 * meanNeg, looseNeg65 = 0.65 - 1.05 * meanNeg
        let looseMean = (2 * looseNeg45 + 2 * looseNeg65) / 8
        #expect(Self.close(loose.value, (2 * looseNeg45 * looseNeg45 + 2 * looseNeg65 * looseNeg65) / 8))
        #expect(Self.close(loose.gradient[1, 2], 0.25 * (looseNeg65 - 1.05 * looseMean)))
        #expect(Self.close(loose.gradient[1, 3], 0.25 * (0 - 1.05 * looseMean)))
        #expect(loose.gradient[0, 1] == 0 && loose.status(0, 1) == .inactive)
        #expect(loose.gradient[2, 3] == 0 && loose.status(2, 3) == .inactive)
    }
}
