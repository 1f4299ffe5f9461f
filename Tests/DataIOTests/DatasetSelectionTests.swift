import DataIO
import Foundation
import MetricTraining
import Testing

@Suite struct DatasetSelectionTests {
    @Test func bundledDefaultsAreTheRecommendedSplits() throws {
        let letters = try DatasetSelection.split("letters")
        #expect(letters.train.classes == Array(0...12) && letters.test.classes == Array(13...25))
        #expect(letters.train.count + letters.test.count == 20000)
        let leaves = try DatasetSelection.split("leaves")
        #expect(leaves.train.classes == Array(0...15) && leaves.test.classes == Array(16...31))
        let digits = try DatasetSelection.split("digits")
        #expect(digits.rule == .rows(train: 0..<1000))
        #expect(digits.train.count == 1000 && digits.test.count == 797 && digits.test.classes == Array(0...9))
    }

    @Test func classOverrides() throws {
        let digits = try DatasetSelection.split("digits", trainClasses: "0-4")
        #expect(digits.train.classes == [0, 1, 2, 3, 4] && digits.test.classes == [5, 6, 7, 8, 9])
        let letters = try DatasetSelection.split("letters", trainClasses: "0-5", testClasses: "20,22-23")
        #expect(letters.train.classes == Array(0...5) && letters.test.classes == [20, 22, 23])
        let onlyTest = try DatasetSelection.split("digits", testClasses: "9")
        #expect(onlyTest.train.classes == Array(0...8))
        #expect(try DatasetSelection.parseClassList("3,0-2,2", option: "--x") == [0, 1, 2, 3])
        #expect(throws: DatasetSelectionError.usage("--train-classes 0-x: '0-x' is not a class or range; expected e.g. 0-12 or 0,2,5-7")) {
            try DatasetSelection.split("digits", trainClasses: "0-x")
        }
        #expect(throws: DatasetSelectionError.usage("digits has no class 12 (its classes: 0-9)")) {
            try DatasetSelection.split("digits", trainClasses: "0-4", testClasses: "12")
        }
    }

    @Test func trainingStatisticsStandardiseBothSides() throws {
        let split = try DatasetSelection.split("letters")
        // The training side is z-scored: mean 0 per feature (to rounding); the test side is not.
        let d = split.train.dimension
        for c in 0..<d {
            var mean = 0.0
            for r in 0..<split.train.count { mean += split.train.features[r, c] }
            #expect(abs(mean / Double(split.train.count)) < 1e-9)
        }
        let raw = try BundledData.table(named: "letters")
        let firstTestRow = try #require(raw.labels.firstIndex { $0 >= 13 })
        for c in 0..<d {
            let expected = (raw.features[firstTestRow, c] - split.standardizer.mean[c]) / split.standardizer.standardDeviation[c]
            #expect(split.test.features[0, c] == expected)
        }
    }

    @Test func syntheticNamesAndFiles() throws {
        let demo = try DatasetSelection.split("synthetic")
        #expect(demo.train.classes == Array(0..<20) && demo.test.classes == Array(20..<40) && demo.train.dimension == 24)
        let plot = try DatasetSelection.split("synthetic:plot-friendly")
        #expect(plot.train.dimension == 16 && plot.test.classes.count == 12)
        #expect(throws: DatasetSelectionError.self) { try DatasetSelection.split("synthetic:bogus") }

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-sel-\(UUID().uuidString).csv").path
        try "label,a,b\n0,1,2\n0,2,3\n1,5,5\n1,6,4\n2,0,0\n2,1,1\n3,9,9\n3,8,8\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try DatasetSelection.split(path)
        #expect(file.train.classes == [0, 1] && file.test.classes == [2, 3])
    }

    @Test func missingThingsAreClearErrors() {
        do {
            _ = try DatasetSelection.split("/nonexistent/x.csv")
            Issue.record("no error")
        } catch {
            guard case .data(let e) = error else { Issue.record("\(error)"); return }
            #expect(!e.isContentError && e.description.hasPrefix("/nonexistent/x.csv"))
        }
        do {
            _ = try DatasetSelection.split("lettres")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("letters") && error.description.contains("synthetic:low-dim"))
        }
    }
}
