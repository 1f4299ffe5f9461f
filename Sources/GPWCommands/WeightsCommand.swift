import DataIO
import PairWeighting

/// `gpw weights`: the loss value and per-pair weights `∂L/∂S` of one batch, for every loss asked.
enum WeightsCommand {
    enum Format: String, CaseIterable { case table, json, csv, npz }

    /// The most samples one batch may have. Every loss keeps several `N x N` matrices and the
    /// JSON holds four per loss: at 1000 samples the six default losses peak at 0.7 GB (measured, JSON),
    /// at 1797 (all of digits) at 2 GB and 565 MB of JSON; 20,000 rows would ask for 3.2 GB per matrix.
    static let maximumBatch = 1000

    /// The most pair weights one run may compute, `N x N x` the number of losses: 1000 samples
    /// with the six default losses. Memory grows with both, so twelve `--loss` flags halve the
    /// batch instead of doubling the peak.
    static let maximumPairWeights = maximumBatch * maximumBatch * 6

    /// The command line of `gpw weights`, read without touching any file.
    struct Options {
        var path: String
        var labelsPath: String?
        var specTexts: [String]
        var format: Format
        var sample: (Int, Int)?
        var seed: UInt64
        var output: String?
    }

    /// Reads and checks every flag (no file is opened).
    static func parse(_ arguments: inout Arguments) throws(CommandError) -> Options {
        guard let path = try arguments.value("--data") else {
            throw CommandError.usage("gpw weights needs --data NAME|PATH (\(DatasetSelection.knownNames.joined(separator: ", ")), a CSV with a 'label' column, a .npy with --labels, or a .npz)")
        }
        let labelsPath = try arguments.value("--labels")
        let specTexts = try arguments.lossSpecs()
        let formatText = try arguments.value("--format") ?? "table"
        guard let format = Format(rawValue: formatText) else {
            throw CommandError.usage("--format \(formatText): expected one of \(Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let sample = try arguments.shape("--sample")
        let seed = try arguments.unsigned("--seed", default: 1)
        let output = try arguments.value("--output")
        try arguments.finish()
        if format == .npz, output == nil {
            throw CommandError.usage("--format npz writes a binary archive; give -o FILE.npz")
        }
        return Options(path: path, labelsPath: labelsPath, specTexts: specTexts, format: format, sample: sample, seed: seed, output: output)
    }

    static func run(_ arguments: Arguments) throws {
        var arguments = arguments
        let options = try parse(&arguments)
        let (path, labelsPath, specTexts, format, sample, seed) = (options.path, options.labelsPath, options.specTexts,
                                                                  options.format, options.sample, options.seed)
        let specs = try parseSpecs(specTexts.isEmpty ? LossCatalog.defaultSpecNames.filter { LossCatalog.kind(named: $0) != nil } : specTexts)
        var table = try DataOption.table(path, labels: labelsPath)
        var rows = Array(0..<table.count)
        if let (p, k) = sample {
            try checkSize(samples: p * k, losses: specs.count, what: "--sample \(p)x\(k)")
            (table, rows) = try BatchSampling.sample(table, classes: p, perClass: k, seed: seed)
        } else if table.count > maximumBatch {
            throw CommandError.usage(batchTooLarge(rows: table.count, path: path))
        } else {
            try checkSize(samples: table.count, losses: specs.count, what: "--data \(path) (\(table.count) rows)")
        }
        let report = WeightsReport(table: table, rows: rows, specs: specs)
        if format != .table, let bad = report.firstNonFinite {
            throw CommandError("\(bad) holds numbers that are not finite; \(format.rawValue) would print them as null or nan", status: .failure)
        }
        if format == .npz, let output = options.output {
            try OutputFile.write(report.npz().archive(), to: output)
            return
        }
        var text = ""
        switch format {
        case .json: text = report.json() + "\n"
        case .csv:
            if let output = options.output {
                try OutputFile.stream(to: output) { emit throws(CommandError) in try report.csv(emit) }
            } else {
                try report.csv { (text: String) throws(CommandError) in try Output.write(text) }
            }
            return
        case .table: text = report.tableText() + "\n"
        case .npz: break
        }
        if let output = options.output { try OutputFile.write(Array(text.utf8), to: output) } else { try Output.write(text) }
    }

    /// Refuses `samples x samples x losses` above ``maximumPairWeights``, naming both numbers.
    static func checkSize(samples: Int, losses: Int, what: String) throws(CommandError) {
        let weights = samples * samples * max(1, losses)   // samples <= maximumBatch: no overflow
        guard weights > maximumPairWeights else { return }
        throw .usage("\(what) with \(losses) losses: \(samples) x \(samples) x \(losses) = \(weights) pair weights; "
            + "at most \(maximumPairWeights) (1000 samples with 6 losses): draw a smaller batch with --sample PxK or give fewer --loss")
    }

    /// The refusal for a file with more rows than ``maximumBatch`` and no `--sample`.
    static func batchTooLarge(rows: Int, path: String) -> String {
        let bytes = Double(rows) * Double(rows) * 8
        let size = bytes >= 1e9 ? "\(formatFixed(bytes / 1e9)) GB" : "\(formatFixed(bytes / 1e6)) MB"
        return "--data \(path): \(rows) rows would make one batch of \(rows) samples, whose N x N matrices need \(size) each "
            + "(several per loss); gpw weights takes at most \(maximumBatch) samples: draw a batch with --sample PxK, e.g. --sample 8x8"
    }

    private static func formatFixed(_ v: Double) -> String {
        let tenths = (v * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }

    static func parseSpecs(_ texts: [String]) throws(CommandError) -> [LossSpec] {
        var specs: [LossSpec] = []
        for text in texts {
            do { specs.append(try LossSpec.parse(text)) } catch { throw .usage("--loss \(text): \(error)") }
        }
        return specs
    }
}
