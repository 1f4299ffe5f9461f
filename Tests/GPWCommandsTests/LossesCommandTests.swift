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

    @Test func anUnknownFlagIsRefused() throws {
        let run = try GPWProcess.run(["losses", "--jsn"])
        #expect(run.status != 0 && run.stderr.contains("--jsn"))
    }
}
