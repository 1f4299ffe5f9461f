@testable import DataIO
import Testing

/// Readable class names: a CSV's `class_name` column and the bundled datasets' own.
@Suite struct ClassNameTests {
    @Test func aClassNameColumnNamesEachLabel() throws {
        let table = try CSVReader.parse("label,class_name,a,b\n0,cat,1,2\n1,dog,3,4\n0,cat,5,6\n", source: "t.csv")
        #expect(table.classNames == [0: "cat", 1: "dog"])
        #expect(table.columnNames == ["a", "b"] && table.features.columns == 2 && table.labels == [0, 1, 0])
        // The column may come after the features too.
        let late = try CSVReader.parse("a,label,class_name\n1,3,x\n", source: "t.csv")
        #expect(late.classNames == [3: "x"] && late.columnNames == ["a"])
    }

    @Test func twoNamesForOneLabelAreRefusedWithTheLine() {
        #expect(throws: DataError.malformed(file: "t.csv", line: 3,
                                            reason: "class_name 'mouse' for label 0, which earlier rows call 'cat'")) {
            try CSVReader.parse("label,class_name,a\n0,cat,1\n0,mouse,2\n", source: "t.csv")
        }
        #expect(throws: DataError.self) { try CSVReader.parse("label,class_name,a\n0,,1\n", source: "t.csv") }
    }

    @Test func bundledDataHasItsNames() throws {
        #expect(BundledData.classNames(of: "letters")[13] == "N" && BundledData.classNames(of: "letters").count == 26)
        #expect(BundledData.classNames(of: "digits")[7] == "7")
        #expect(BundledData.classNames(of: "leaves")[12] == "deodar" && BundledData.classNames(of: "leaves").count == 32)
        let split = try DatasetSelection.split("letters")
        #expect(split.train.classNames[0] == "A" && split.test.classNames[25] == "Z")
    }
}
