import MetricTraining
import PairWeighting

/// Why `--data`, `--labels`, `--train-classes` or `--test-classes` could not be turned into a
/// training split.
public enum DatasetSelectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be read (exit 66) or is malformed (exit 65).
    case data(DataError)
    /// A bad option value: unknown preset, bad class list, a class the data lacks (exit 64).
    case usage(String)

    public var description: String {
        switch self {
        case .data(let error): return error.description
        case .usage(let message): return message
        }
    }
}

/// Turns the `--data NAME|PATH` family of options into a standardised ``DataSplit``.
///
/// `NAME` is a bundled dataset (`letters`, `leaves`, `digits`), a synthetic preset
/// (`synthetic`, `synthetic:low-dim`, `synthetic:demo,seed=3,classes=60`), or a path to a CSV
/// with a `label` column or a `.npy` feature matrix (with `--labels`).
///
/// Default splits (data/README.md): letters trains on classes 0–12 and is evaluated on 13–25;
/// leaves 0–15 → 16–31; digits by sample, rows 0–999 → 1000–1796 (a class split on request);
/// synthetic data and files: the lower half of the classes → the upper half.
public enum DatasetSelection {
    /// The names `--data` accepts besides paths, for help and error messages.
    public static var knownNames: [String] {
        BundledData.names + ["synthetic"] + SyntheticPreset.allCases.map { "synthetic:\($0.rawValue)" }
    }

    /// The data named by `name` (and `labelsPath` for a `.npy` file), and its recommended split.
    public static func load(_ name: String, labelsPath: String? = nil) throws(DatasetSelectionError) -> (dataset: Dataset, rule: SplitRule) {
        let synthetic: (preset: SyntheticPreset, parameters: SyntheticParameters)?
        do { synthetic = try SyntheticPreset.parse(name) } catch { throw .usage("--data \(name): \(error)") }
        if let synthetic {
            guard labelsPath == nil else { throw .usage("--labels goes with a .npy file, not with --data \(name)") }
            return (synthetic.parameters.generate(name: name), .halvesOfClasses)
        }
        do throws(DataError) {
            if BundledData.names.contains(name) {
                guard labelsPath == nil else { throw DataError.invalid(file: name, reason: "--labels goes with a .npy file; bundled data carries its labels") }
                let table = try BundledData.table(named: name)
                return (Dataset(features: table.features, labels: table.labels, name: name, classNames: table.classNames),
                        defaultRule(bundled: name))
            }
            guard name.contains("/") || name.contains(".") else {
                throw DataError.unknownDataset(name: name, known: knownNames)
            }
            let table = try FeatureFile.load(path: name, labelsPath: labelsPath)
            return (Dataset(features: table.features, labels: table.labels, name: name, classNames: table.classNames),
                    .halvesOfClasses)
        } catch {
            throw .data(error)
        }
    }

    /// The recommended split of a bundled dataset.
    public static func defaultRule(bundled name: String) -> SplitRule {
        switch name {
        case "letters": return .classes(train: Array(0...12), test: Array(13...25))
        case "leaves": return .classes(train: Array(0...15), test: Array(16...31))
        case "digits": return .rows(train: 0..<1000)
        // Frozen features of a CNN trained on digits 0-4 only (scripts/frozen): the head trains
        // on those classes and is evaluated on 5-9, which the backbone never saw.
        case "digits-frozen": return .classes(train: Array(0...4), test: Array(5...9))
        default: return .halvesOfClasses
        }
    }

    /// Loads `name` and splits it: the recommended split, or by class when `trainClasses` or
    /// `testClasses` (`0-12`, `0,2,5-7`) is given; a side left out gets every other class.
    public static func split(_ name: String, labelsPath: String? = nil,
                             trainClasses: String? = nil, testClasses: String? = nil,
                             standardise: Bool = true) throws(DatasetSelectionError) -> DataSplit {
        let (dataset, recommended) = try load(name, labelsPath: labelsPath)
        var rule = recommended
        if trainClasses != nil || testClasses != nil {
            let all = dataset.classes
            let train = try trainClasses.map { text throws(DatasetSelectionError) in try parseClassList(text, option: "--train-classes") }
            let test = try testClasses.map { text throws(DatasetSelectionError) in try parseClassList(text, option: "--test-classes") }
            let trainSet = train ?? all.filter { !(test ?? []).contains($0) }
            let testSet = test ?? all.filter { !trainSet.contains($0) }
            rule = .classes(train: trainSet, test: testSet)
        }
        do {
            return try DataSplit(dataset, rule: rule, standardise: standardise)
        } catch {
            throw .usage(error.description)
        }
    }

    /// The most classes a `--train-classes`/`--test-classes` list may name (so `0-99999999999`
    /// is refused at once instead of filling memory).
    public static let maximumClassListLength = 100_000

    /// Parses `0-12`, `13,15,20-25` into sorted distinct class labels.
    public static func parseClassList(_ text: String, option: String) throws(DatasetSelectionError) -> [Int] {
        var out = Set<Int>()
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        for item in items {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            if bounds.count == 1, let v = Int(bounds[0]), v >= 0 {
                out.insert(v)
            } else if bounds.count == 2, let a = Int(bounds[0]), let b = Int(bounds[1]), a >= 0, a <= b {
                guard b - a < maximumClassListLength - out.count else {
                    throw .usage("\(option) \(text): '\(item)' names more than \(maximumClassListLength) classes")
                }
                out.formUnion(a...b)
            } else {
                throw .usage("\(option) \(text): '\(item)' is not a class or range; expected e.g. 0-12 or 0,2,5-7")
            }
        }
        return out.sorted()
    }
}
