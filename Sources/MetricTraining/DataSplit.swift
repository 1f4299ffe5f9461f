import PairWeighting

/// How to split a dataset into the rows training sees and the rows evaluation uses.
public enum SplitRule: Sendable, Equatable, CustomStringConvertible {
    /// By class: train on `train`, evaluate on `test` (metric learning's unseen-class protocol).
    case classes(train: [Int], test: [Int])
    /// By class: the lower half of the sorted classes trains, the upper half is unseen.
    case halvesOfClasses
    /// By sample: rows `train` train, every other row is the test set (all classes in both).
    case rows(train: Range<Int>)

    public var description: String {
        switch self {
        case .classes(let train, let test): return "classes \(classListDescription(train)) -> \(classListDescription(test))"
        case .halvesOfClasses: return "first half of the classes -> second half"
        case .rows(let train): return "rows \(train.lowerBound)-\(train.upperBound - 1) -> the other rows"
        }
    }
}

/// A dataset split into training and test rows, both standardised with the training rows'
/// statistics.
public struct DataSplit: Sendable, Equatable {
    /// The rows training draws batches from (standardised).
    public var train: Dataset
    /// The rows retrieval is evaluated on (standardised with the *training* statistics).
    public var test: Dataset
    /// The rule that made the split, for reports.
    public var rule: SplitRule
    /// The statistics fitted on the training rows.
    public var standardizer: Standardizer
    /// The source dataset's name.
    public var name: String

    /// Splits `dataset` by `rule`, then standardises both parts with training statistics (or,
    /// with `standardise` false, leaves the features as they are: a user's embeddings explored
    /// as they are).
    public init(_ dataset: Dataset, rule: SplitRule, standardise: Bool = true) throws(TrainingError) {
        let byClass = dataset.rowsByClass
        var trainRows: [Int] = [], testRows: [Int] = []
        var resolvedRule = rule
        switch rule {
        case .classes(let train, let test):
            let missing = (train + test).filter { byClass[$0] == nil }
            guard missing.isEmpty else {
                throw .invalidSplit("\(dataset.name) has no class \(classListDescription(Array(Set(missing)).sorted())) (its classes: \(classListDescription(dataset.classes)))")
            }
            trainRows = Set(train).sorted().flatMap { byClass[$0] ?? [] }.sorted()
            testRows = Set(test).sorted().flatMap { byClass[$0] ?? [] }.sorted()
        case .halvesOfClasses:
            let classes = dataset.classes
            guard classes.count >= 2 else {
                throw .invalidSplit("\(dataset.name) has \(classes.count) class; a class split needs at least 2")
            }
            let half = classes.count / 2
            let train = Array(classes[..<half]), test = Array(classes[half...])
            resolvedRule = .classes(train: train, test: test)
            trainRows = train.flatMap { byClass[$0] ?? [] }.sorted()
            testRows = test.flatMap { byClass[$0] ?? [] }.sorted()
        case .rows(let train):
            guard train.lowerBound >= 0, train.upperBound <= dataset.count else {
                throw .invalidSplit("\(dataset.name) has \(dataset.count) rows; cannot train on rows \(train.lowerBound)-\(train.upperBound - 1)")
            }
            trainRows = Array(train)
            testRows = (0..<dataset.count).filter { !train.contains($0) }
        }
        guard !trainRows.isEmpty else { throw .invalidSplit("the training split of \(dataset.name) is empty") }
        guard !testRows.isEmpty else { throw .invalidSplit("the test split of \(dataset.name) is empty") }
        let rawTrain = dataset.subset(rows: trainRows), rawTest = dataset.subset(rows: testRows)
        standardizer = standardise ? Standardizer(fitting: rawTrain.features) : .identity(dimension: dataset.features.columns)
        self.train = Dataset(features: standardizer.apply(rawTrain.features), labels: rawTrain.labels, name: dataset.name,
                             classNames: dataset.classNames)
        self.test = Dataset(features: standardizer.apply(rawTest.features), labels: rawTest.labels, name: dataset.name,
                            classNames: dataset.classNames)
        self.rule = resolvedRule
        self.name = dataset.name
    }
}

/// `0-12`, `0,2,5-7`: consecutive runs written as ranges.
public func classListDescription(_ classes: [Int]) -> String {
    let sorted = Array(Set(classes)).sorted()
    var parts: [String] = []
    var i = 0
    while i < sorted.count {
        var j = i
        while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
        parts.append(j > i ? "\(sorted[i])-\(sorted[j])" : "\(sorted[i])")
        i = j + 1
    }
    return parts.joined(separator: ",")
}
