import PairWeighting

/// Several parameter settings of every loss, used by the gradient, reference, derivation and invariant tests.
/// Each loss's defaults come first; the others move margins, scales and reductions so that some
/// terms are active and some are not.
enum LossSettings {
    static let specs: [String] = [
        "contrastive",
        "contrastive:reduction=nonzero,pos-margin=0.8,neg-margin=0.2",
        "triplet",
        "triplet:margin=0.4,reduction=all",
        "triplet:margin=0.5,reduction=batch",
        "triplet:triplets=semihard,margin=0.3",
        "triplet:triplets=hard,reduction=all",
        "triplet:triplets=hard,margin=0.6",
        "lifted",
        "lifted:pos-margin=0.5,neg-margin=0",
        "lifted:reduction=batch,pos-margin=-0.5",
        "generalized-lifted",
        "generalized-lifted:reduction=nonzero,pos-margin=0.2,neg-margin=0.5",
        "binomial",
        "binomial:alpha=10,beta=100,lambda=0.2,reduction=nonzero",
        "binomial:mining=on",
        "binomial:mining=on,epsilon=0.3,beta=10,reduction=nonzero",
        "ms",
        "ms:lambda=1,beta=50",
        "ms:beta=40,epsilon=0.3,reduction=nonzero",
        "ms:mining=off",
        "ms:mining=off,weighting=off",
        "ms:weighting=off,epsilon=0.5",
        "ms:alpha=0.1,beta=10,lambda=0",
        "npair",
        "histogram",
        "histogram:bins=10",
        "circle",
        "circle:m=0.25,gamma=256",
        "circle:m=0.1,gamma=16",
        "ntxent",
        "ntxent:temperature=0.5",
        "ntxent:temperature=0.02",
        "supcon",
        "supcon:temperature=1",
        "supcon:temperature=0.03",
        "tuplet-margin",
        "tuplet-margin:margin=20,scale=16",
        "tuplet-margin:margin=0,scale=8",
        "margin",
        "margin:pairs=triplets",
        "margin:margin=0.3,beta=1",
        "margin:margin=0.1,beta=0.8,pairs=triplets",
        "angular",
        "angular:alpha=45",
        "angular:alpha=25",
        "fastap",
        "fastap:bins=7",
        "fastap:bins=25",
        "intra-pair-variance",
        "intra-pair-variance:pos-eps=0.1,neg-eps=0.05",
        "intra-pair-variance:pos-eps=0,neg-eps=0.3",
    ]

    /// Parsed specs. - Precondition: every entry above parses (a test checks it).
    static var parsed: [LossSpec] { specs.compactMap { try? LossSpec.parse($0) } }
}
