import Foundation
import PairWeighting
import Testing
import TestSupport

/// `gpw losses --json`: one entry per catalogue loss, with its parameters and the library calls
/// it reproduces, in the shape documented in the README.
@Suite struct LossesCommandTests {
    struct Catalogue: Decodable {
        struct Loss: Decodable {
            struct Parameter: Decodable { var name: String; var meaning: String }
            struct Claim: Decodable { var library: String; var version: String; var call: String; var miner: String?; var spec: String }
            var name: String
            var similarity_types: [String]
            var equation: String
            var parameters: [Parameter]
            var reproduces: [Claim]
        }
        var losses: [Loss]
    }

    @Test func jsonListsEveryLossWithItsParametersAndClaims() throws {
        let run = try GPWProcess.run(["losses", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let catalogue = try JSONDecoder().decode(Catalogue.self, from: Data(run.stdout.utf8))
        #expect(catalogue.losses.map(\.name) == LossCatalog.names)
        for (loss, kind) in zip(catalogue.losses, LossCatalog.all) {
            #expect(loss.parameters.map(\.name) == kind.parameters.map(\.name))
            #expect(loss.similarity_types == kind.defaultLoss.similarityTypes)
            #expect(loss.reproduces.map(\.spec) == kind.reproduces.map(\.spec))
            #expect(!loss.reproduces.isEmpty && loss.reproduces.allSatisfy { (try? LossSpec.parse($0.spec))?.kind.name == loss.name })
        }
    }

    /// The text form, for a projector: every line within 80 columns, each equation's words all
    /// there (wrapping only moves them to indented lines), every loss and parameter listed.
    @Test func textFitsEightyColumnsAndKeepsEveryWord() throws {
        let run = try GPWProcess.run(["losses"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
        let words = run.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for kind in LossCatalog.all {
            #expect(lines.contains { $0.hasPrefix(kind.name + "  ") }, "\(kind.name)")
            #expect(words.contains(kind.equation.split(separator: " ").joined(separator: " ")), "\(kind.name)'s equation")
            for p in kind.parameters { #expect(lines.contains { $0.hasPrefix("  \(p.name)=") }, "\(kind.name) \(p.name)") }
        }
    }

    @Test func anUnknownFlagIsRefused() throws {
        let run = try GPWProcess.run(["losses", "--jsn"])
        #expect(run.status != 0 && run.stderr.contains("--jsn"))
    }

    /// The README's table of losses is the catalogue's (made by scripts/readme-losses-table.py):
    /// one row per loss, in catalogue order, each with its default spec's parameters.
    @Test func theReadmeTableListsEveryLoss() throws {
        let readme = try String(contentsOfFile: GPWProcess.packageRoot() + "/README.md", encoding: .utf8)
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `") && $0.contains(" | ") }
            .compactMap { line -> String? in
                let name = line.dropFirst(3).prefix { $0 != "`" }
                return LossCatalog.kind(named: String(name)) != nil ? String(name) : nil
            }
        #expect(rows == LossCatalog.names)
        for kind in LossCatalog.all {
            let parameters = kind.parameters.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: ", ")
            #expect(readme.contains("| `\(kind.name)` | \(kind.title) (\(kind.citation)) | \(parameters.isEmpty ? "none" : parameters) |"),
                    "README row for \(kind.name) is stale: run scripts/readme-losses-table.py")
        }
    }
}
