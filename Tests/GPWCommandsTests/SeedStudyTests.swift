import Foundation
import MetricTraining
import Testing
import TestSupport

/// `gpw compare --seeds` and `--ablation ms` (issue 20): intervals over seeds, differences paired
/// by seed, the same bytes for the same seeds.
@Suite struct SeedStudyTests {
    static let base = ["compare", "--data", "synthetic:low-dim", "--steps", "20", "--batch", "4x4"]

    struct Study: Decodable {
        struct Summary: Decodable { var mean: Double; var sd: Double; var ci95: [Double]; var n: Int }
        struct Run: Decodable { var seed: UInt64; var map_at_r: Double?; var recall_at_1: Double? }
        struct Loss: Decodable {
            var spec: String
            var similarity_types: [String]
            var baseline: Bool
            var map_at_r: Summary?
            var map_at_r_minus_baseline: Summary?
            var runs: [Run]
        }
        var seeds: [UInt64]
        var baseline: String
        var losses: [Loss]
    }

    static func study(_ extra: [String]) throws -> (Study, String) {
        let run = try GPWProcess.run(base + extra + ["--json"])
        #expect(run.status == 0, "\(run.stderr)")
        return (try JSONDecoder().decode(Study.self, from: Data(run.stdout.utf8)), run.stdout)
    }

    /// Every summary is the t interval of the per-seed values in the JSON, and the difference is
    /// the interval of the same seed's differences (recomputed here from the runs).
    @Test func summariesAndPairedDifferencesComeFromTheRuns() throws {
        let (study, _) = try Self.study(["--loss", "contrastive", "--loss", "ms", "--loss", "triplet", "--seeds", "1-4", "--baseline", "triplet"])
        #expect(study.seeds == [1, 2, 3, 4] && study.baseline.hasPrefix("triplet"))
        let baseline = try #require(study.losses.first { $0.baseline })
        for loss in study.losses {
            #expect(loss.runs.map(\.seed) == [1, 2, 3, 4])
            let values = loss.runs.compactMap(\.map_at_r)
            let summary = SampleSummary(values)
            let reported = try #require(loss.map_at_r)
            #expect(abs(reported.mean - summary.mean) < 1e-12 && abs(reported.ci95[0] - summary.lower) < 1e-12 && reported.n == 4)
            guard !loss.baseline else { #expect(loss.map_at_r_minus_baseline == nil); continue }
            let paired = zip(loss.runs, baseline.runs).map { a, b in
                #expect(a.seed == b.seed)
                return a.map_at_r! - b.map_at_r!
            }
            let difference = try #require(loss.map_at_r_minus_baseline)
            let expected = SampleSummary(paired)
            #expect(abs(difference.mean - expected.mean) < 1e-12 && abs(difference.ci95[1] - expected.upper) < 1e-12)
            // Unpaired (seed 1 against seed 2, ...) would not give the same interval.
            let shifted = SampleSummary(zip(loss.runs, baseline.runs.dropFirst() + baseline.runs.prefix(1)).map { $0.map_at_r! - $1.map_at_r! })
            #expect(shifted.standardDeviation != expected.standardDeviation)
        }
    }

    @Test func sameSeedsGiveTheSameBytes() throws {
        let a = try Self.study(["--loss", "ms", "--loss", "npair", "--seeds", "2,5,9"]).1
        let b = try Self.study(["--loss", "ms", "--loss", "npair", "--seeds", "2,5,9"]).1
        #expect(a == b)
        let text = try GPWProcess.run(Self.base + ["--loss", "ms", "--loss", "npair", "--seeds", "2,5,9"])
        #expect(text.stdout.contains("seeds: 2,5,9 (3 runs per loss") && text.stdout.contains("the MAP@R difference to ms, paired by seed"))
        #expect(text.stderr.contains("[6/6] ") || text.stderr.contains("6/6"), "\(text.stderr)")
    }

    /// The ablation: the paper's variants with the similarity types each uses.
    @Test func ablationListsThePapersVariantsAndTheirTypes() throws {
        let (study, _) = try Self.study(["--ablation", "ms", "--seeds", "1-3"])
        #expect(study.losses.map { $0.spec.split(separator: ":").first.map(String.init) ?? "" }
                == ["ms", "ms", "ms", "binomial", "binomial", "lifted", "contrastive"])
        #expect(study.losses[0].similarity_types == ["S", "N", "P"] && study.losses[1].similarity_types == ["S", "N"])
        #expect(study.losses[5].similarity_types == ["N"])
        let text = try GPWProcess.run(Self.base + ["--ablation", "ms", "--seeds", "1-3"])
        #expect(text.stdout.contains("variant") && text.stdout.contains("SNP") && text.stdout.contains("(baseline)"))
        #expect(text.stdout.contains("\nms                  xxx  ") && text.stdout.contains("\nlifted              .x.  "))
    }

    /// A projector's 80 columns: with the catalogue's longest names as rows and as the baseline,
    /// the table and its notes fit (the data and model lines above it are prose and may wrap).
    @Test func theTableFitsEightyColumns() throws {
        let run = try GPWProcess.run(Self.base + ["--ablation", "ms", "--loss", "generalized-lifted", "--seeds", "1-2",
                                                  "--baseline", "generalized-lifted"])
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let table = lines.drop(while: { !$0.hasPrefix("variant") })
        #expect(table.count > 10, "\(run.stdout)")
        for line in table { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
        #expect(run.stdout.contains("binomial:mining=on  x.x  "))
    }

    @Test(arguments: [
        (["--loss", "ms", "--seeds", "4"], "--seeds 4: an interval needs at least 2 seeds"),
        (["--loss", "ms", "--seeds", "a-b"], "--seeds a-b: expected seeds like 1-5 or 1,4,9"),
        (["--loss", "ms", "--seeds", "1-500"], "at most 100 seeds"),
        (["--ablation", "ms"], "--ablation goes with --seeds LIST"),
        (["--loss", "ms", "--baseline", "npair"], "--baseline goes with --seeds LIST"),
        (["--ablation", "circle", "--seeds", "1-2"], "--ablation circle: expected one of ms"),
    ])
    func badRequestsAreNamed(_ extra: [String], _ message: String) throws {
        let run = try GPWProcess.run(Self.base + extra)
        #expect(run.status == 64 && run.stderr.contains(message), "\(extra): \(run.stderr)")
    }
}
