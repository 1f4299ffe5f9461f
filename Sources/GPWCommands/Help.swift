import MetricTraining

/// `gpw help`, `gpw help CMD`, `gpw CMD --help`: generated from ``CommandTable``.
enum Help {
    /// The overview: every command's usage lines and summary, then what the commands share.
    static var text: String {
        var out = """
        gpw: see how pair-based metric-learning losses weight every pair of a batch
        (General Pair Weighting, Wang et al., CVPR 2019).

        commands (gpw COMMAND --help or gpw help COMMAND for each one's options):

        """
        let indent = String(repeating: " ", count: 19)
        for command in CommandTable.all {
            let head = "  gpw " + command.name + String(repeating: " ", count: max(1, 13 - command.name.count))
            let folded = CommandInfo.fold(command.summary, width: 78 - indent.count).split(separator: "\n")
            out += head + (folded.first.map(String.init) ?? "") + "\n"
            for line in folded.dropFirst() { out += indent + line + "\n" }
        }
        out += "\n" + CommandInfo.fold(shared, width: 78)
        return out
    }

    /// What every command shares: specs, data, environment.
    static var shared: String { """
    A loss SPEC is NAME[:key=value,...], e.g. ms:beta=40,lambda=1 or triplet:margin=0.2,triplets=hard;
    gpw losses lists the names and parameters.

    --data NAME|PATH: letters, leaves, digits (bundled), synthetic[:PRESET][,key=value,...] with PRESET
    \(SyntheticPreset.allCases.map { $0 == .demo ? "demo (default)" : $0.rawValue }.joined(separator: ", ")) and keys classes,
    samples, signal, sigma, nuisance, tau, omega, eta, seed; or a .csv (with a label column), a .npy
    (with --labels) or a .npz (arrays x or embeddings, and y or labels). The same in every command.

    Exit status: 0 success, 1 a failed run (training diverged, no terminal), 64 a bad option,
    65 a malformed file, 66 a missing file, 73 an output that cannot be written.

    Environment: NO_COLOR (no colour); GPW_KERNELS=auto|portable|avx2-fma|avx512-fma (which build
    of the dense kernels runs; auto picks the widest the CPU has; portable differs from the
    other two in the last bits).
    """ }

    /// True when `tokens` ask for help (`--help` or `-h` standing as an option, not as the
    /// value of another option such as `--keys`).
    static func isRequested(in tokens: [String], for command: CommandInfo) -> Bool {
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if Options.help.spellings.contains(t) { return true }
            if let option = command.option(named: t), option.takesValue { i += 1 }
            i += 1
        }
        return false
    }
}
