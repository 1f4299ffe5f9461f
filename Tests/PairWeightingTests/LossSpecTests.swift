import Testing
import PairWeighting

/// The `NAME[:key=value,...]` syntax: defaults, round trips and refusals that list the choices.
@Suite struct LossSpecTests {
    @Test func catalogueOrderAndNames() {
        #expect(LossCatalog.names == ["contrastive", "triplet", "lifted", "generalized-lifted", "binomial", "ms", "npair", "histogram",
                                     "circle", "ntxent", "supcon", "tuplet-margin",
                                     "margin", "angular", "fastap", "intra-pair-variance"])
        for name in LossCatalog.defaultSpecNames { #expect(LossCatalog.kind(named: name) != nil) }
    }

    @Test func decidedDefaults() throws {
        let expected: [String: String] = [
            "triplet": "triplet:margin=0.1,triplets=all,reduction=nonzero",
            "lifted": "lifted:pos-margin=0,neg-margin=1,reduction=pairs",
            "generalized-lifted": "generalized-lifted:pos-margin=1,neg-margin=0,reduction=batch",
            "binomial": "binomial:alpha=2,beta=40,lambda=0.5,epsilon=0.1,mining=off,reduction=batch",
            "ms": "ms:alpha=2,beta=50,lambda=0.5,epsilon=0.1,mining=on,weighting=on,reduction=batch",
            "npair": "npair",
            "histogram": "histogram:bins=100",
            "circle": "circle:m=0.4,gamma=80",
            "ntxent": "ntxent:temperature=0.1",
            "supcon": "supcon:temperature=0.1",
            "tuplet-margin": "tuplet-margin:margin=5.73,scale=64",
        ]
        for (name, full) in expected { #expect(try LossSpec.parse(name).description == full) }
    }

    @Test func roundTrips() throws {
        for kind in LossCatalog.all {
            let spec = kind.defaultSpec
            #expect(try LossSpec.parse(spec.description) == spec)
            #expect(try LossSpec.parse(spec.compactDescription) == spec)
            #expect(spec.compactDescription == kind.name)
        }
        let changed = try LossSpec.parse(" ms : beta=40 , lambda=1,mining=off ")
        #expect(changed.compactDescription == "ms:beta=40,lambda=1,mining=off")
        #expect(try LossSpec.parse(changed.description) == changed)
        #expect(try LossSpec.parse("triplet:triplets=hard,margin=0.25").compactDescription == "triplet:margin=0.25,triplets=hard")
        #expect(HistogramLoss(spec: try LossSpec.parse("histogram:bins=10")).settings.bins == 10)
    }

    @Test func unknownLossListsTheLosses() {
        #expect(throws: LossSpecError.unknownLoss(name: "msl", valid: LossCatalog.names)) { try LossSpec.parse("msl") }
        let message = LossSpecError.unknownLoss(name: "msl", valid: LossCatalog.names).description
        #expect(message.contains("generalized-lifted") && message.contains("histogram"))
    }

    @Test func unknownParameterListsTheParameters() {
        #expect(throws: LossSpecError.unknownParameter(loss: "ms", parameter: "gamma",
                                                       valid: ["alpha", "beta", "lambda", "epsilon", "mining", "weighting", "reduction"])) {
            try LossSpec.parse("ms:gamma=1")
        }
        #expect(throws: LossSpecError.unknownParameter(loss: "npair", parameter: "margin", valid: [])) { try LossSpec.parse("npair:margin=1") }
        #expect(LossSpecError.unknownParameter(loss: "npair", parameter: "margin", valid: []).description.contains("it has none"))
    }

    @Test func badValuesNameTheDomain() {
        #expect(throws: LossSpecError.notAChoice(loss: "triplet", parameter: "triplets", value: "easy", expected: "all|semihard|hard")) {
            try LossSpec.parse("triplet:triplets=easy")
        }
        #expect(throws: LossSpecError.badValue(loss: "ms", parameter: "beta", value: "0", expected: "0.01...1000")) { try LossSpec.parse("ms:beta=0") }
        #expect(throws: LossSpecError.notANumber(loss: "ms", parameter: "lambda", value: "x", expected: "-1...1")) { try LossSpec.parse("ms:lambda=x") }
        #expect(throws: LossSpecError.notAWholeNumber(loss: "histogram", parameter: "bins", value: "10.5", expected: "integer 2...1000")) {
            try LossSpec.parse("histogram:bins=10.5")
        }
        #expect(throws: LossSpecError.notAChoice(loss: "ms", parameter: "mining", value: "yes", expected: "on|off")) { try LossSpec.parse("ms:mining=yes") }
        #expect(throws: LossSpecError.duplicateParameter(loss: "ms", parameter: "beta")) { try LossSpec.parse("ms:beta=1,beta=2") }
        #expect(throws: LossSpecError.malformedSetting(loss: "ms", setting: "beta")) { try LossSpec.parse("ms:beta") }
        #expect(throws: LossSpecError.empty) { try LossSpec.parse("  ") }
    }

    /// Each refusal says what is wrong with the value: a non-number is not "out of range".
    @Test(arguments: [
        ("ms:beta=abc", "beta=abc is not a number; expected 0.01...1000"),
        ("ms:beta=nan", "beta=nan is not a number"),
        ("ms:beta=0", "beta=0 is out of range; expected 0.01...1000"),
        ("histogram:bins=10.5", "bins=10.5 is not a whole number; expected integer 2...1000"),
        ("histogram:bins=1", "bins=1 is out of range"),
        ("triplet:triplets=easy", "triplets=easy is not one of all|semihard|hard"),
    ])
    func refusalsSayWhatIsWrong(_ spec: String, _ message: String) {
        do {
            _ = try LossSpec.parse(spec)
            Issue.record("\(spec) was accepted")
        } catch {
            #expect(error.description.contains(message), "\(spec): \(error.description)")
        }
    }

    /// The MS paper's table, and its point: the types come from the steps (P from mining; S and
    /// N from MS's weighting), so the ablations use fewer.
    @Test func similarityTypesFollowTheMiningAndWeightingSwitches() throws {
        let cases: [(String, [String])] = [
            ("ms", ["S", "N", "P"]), ("ms:mining=off", ["S", "N"]), ("ms:weighting=off", ["P"]),
            ("ms:mining=off,weighting=off", []), ("binomial", ["S"]), ("binomial:mining=on", ["S", "P"]),
            ("contrastive", ["S"]), ("lifted", ["N"]),
        ]
        for (text, types) in cases { #expect(try LossSpec.parse(text).similarityTypes == types, "\(text)") }
    }

    @Test func everyKindDocumentsItself() {
        for kind in LossCatalog.all {
            #expect(!kind.title.isEmpty && !kind.citation.isEmpty && !kind.equation.isEmpty && !kind.weightFormula.isEmpty)
            let types = kind.defaultLoss.similarityTypes
            #expect(!types.isEmpty && types.allSatisfy { ["S", "N", "P"].contains($0) })
            #expect(kind.defaultSpec.makeLoss().spec == kind.defaultSpec)
        }
    }
}
