/// `gpw help`.
enum Help {
    static let text = """
    gpw: see how pair-based metric-learning losses weight every pair of a batch
    (General Pair Weighting, Wang et al., CVPR 2019).

    usage:
      gpw [explore] [options]          the interactive explorer (default)
      gpw losses                       every loss, its parameters, defaults and weight formula
      gpw weights --data FILE --loss SPEC [--loss SPEC ...] [--format table|json|csv]
                  [--labels FILE] [--sample PxK --seed S]
                                       per-pair weights dL/dS of one batch
      gpw help                         this text

    A loss SPEC is NAME[:key=value,...], e.g. ms:beta=40,lambda=1 or triplet:margin=0.2,triplets=hard.
    """
}
