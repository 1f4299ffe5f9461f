import Foundation
import Testing
@testable import DataIO

@Suite struct CSVReaderTests {
    @Test func readsLabelAnywhereAndFeaturesInOrder() throws {
        let t = try CSVReader.parse("a,label,b\n1.5,3,-2\n0,7,1e-3\n", source: "t.csv")
        #expect(t.labels == [3, 7])
        #expect(t.columnNames == ["a", "b"])
        #expect(t.features.nested == [[1.5, -2], [0, 0.001]])
    }

    @Test func acceptsCRLFAndBlankLines() throws {
        let t = try CSVReader.parse("label,x\r\n\r\n1,2\r\n2,3\r\n\n", source: "t.csv")
        #expect(t.labels == [1, 2])
    }

    @Test(arguments: [
        ("", "t.csv: empty file"),
        ("x,y\n1,2\n", "t.csv:1: header has no 'label' column"),
        ("label\n1\n", "t.csv:1: no feature columns"),
        ("label,x\n", "t.csv: no data rows"),
        ("label,x\n1,2\n1,abc\n", "t.csv:3: column 'x': 'abc' is not a finite number"),
        ("label,x\n1,2\n1,nan\n", "t.csv:3: column 'x': 'nan' is not a finite number"),
        ("label,x\n1,\n", "t.csv:2: column 'x': missing value"),
        ("label,x\n1.5,2\n", "t.csv:2: label '1.5' is not an integer"),
        ("label,x\n1,2,3\n", "t.csv:2: more than the header's 2 fields"),
        ("label,x,y\n1,2\n", "t.csv:2: 2 fields, the header has 3"),
        ("label,,y\n1,2,3\n", "t.csv:1: header column 2 has no name"),
    ])
    func rejectsWithFileAndLine(text: String, expectedPrefix: String) {
        #expect(throws: DataError.self) { try CSVReader.parse(text, source: "t.csv") }
        do {
            _ = try CSVReader.parse(text, source: "t.csv")
        } catch {
            #expect(error.description.hasPrefix(expectedPrefix), "\(error.description)")
            #expect(error.isContentError)
        }
    }

    @Test func missingFileIsNotAContentError() {
        do {
            _ = try CSVReader.read(path: "/nonexistent/gpw.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/gpw.csv: cannot read: no such file")
            #expect(!error.isContentError)
        }
    }

    @Test func bundledDatasetsMatchTheirDocumentedShapes() throws {
        let letters = try BundledData.table(named: "letters")
        #expect(letters.count == 20000 && letters.features.columns == 16 && Set(letters.labels).count == 26)
        let leaves = try BundledData.table(named: "leaves")
        #expect(leaves.count == 1907 && leaves.features.columns == 49 && Set(leaves.labels).count == 32)
        let digits = try BundledData.table(named: "digits")
        #expect(digits.count == 1797 && digits.features.columns == 64 && Set(digits.labels).count == 10)
        // Frozen CNN features of the same rows, in the same order (so the same labels).
        let frozen = try BundledData.table(named: "digits-frozen")
        #expect(frozen.count == 1797 && frozen.features.columns == 32 && frozen.labels == digits.labels)
        #expect(frozen.features.storage.allSatisfy { $0 >= 0 })   // post-ReLU
        let split = try DatasetSelection.split("digits-frozen")
        #expect(split.train.classes == [0, 1, 2, 3, 4] && split.test.classes == [5, 6, 7, 8, 9])
        #expect(throws: DataError.self) { try BundledData.table(named: "nope") }
    }

    @Test func bundledTextIsByteIdenticalToTheShippedFile() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let csv = here.appendingPathComponent("../../Sources/CBundledData/csv/digits.csv").standardized
        let onDisk = try String(contentsOf: csv, encoding: .utf8)
        #expect(BundledData.csv(named: "digits") == onDisk)
    }
}

/// The fast path of number parsing against `Double(String)`, its slow obvious twin.
@Suite struct CSVNumberFastPathTests {
    static func bytes(_ s: String) -> ArraySlice<UInt8> { ArraySlice(Array(s.utf8)) }

    @Test func agreesWithDoubleOnEveryFormItTakes() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var checked = 0
        for _ in 0..<200_000 {
            let sign = ["", "-", "+"][next(3)]
            let whole = String((0..<next(9)).map { _ in Character(String(next(10))) })
            let part = next(3) == 0 ? "" : "." + String((0..<next(9)).map { _ in Character(String(next(10))) })
            let text = sign + whole + part
            let fast = CSVReader.plainNumber(Self.bytes(text))
            if let fast {
                let slow = Double(text)
                #expect(slow != nil && fast.bitPattern == slow!.bitPattern, "\(text): \(fast) vs \(String(describing: slow))")
                checked += 1
            } else {
                // Declined only where it must: no digit, or more than 15 digits.
                #expect(whole.count + max(part.count - 1, 0) == 0 || whole.count + max(part.count - 1, 0) > 15, "\(text) declined")
            }
        }
        #expect(checked > 150_000)
        for text in ["0.1", "0.461", "1e5", "1.5e-3", "inf", "nan", "0x10", "1,5", "--1", "1.2.3", "", ".", "-", "1234567890123456"] {
            let fast = CSVReader.plainNumber(Self.bytes(text))
            if let fast { #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text)") }
        }
        #expect(CSVReader.plainNumber(Self.bytes("1e5")) == nil && CSVReader.plainNumber(Self.bytes("-0"))?.sign == .minus)
    }

    /// The bundled files parse to the same numbers as the plain `Double(String)` path would.
    @Test func bundledFilesMatchTheSlowPath() throws {
        for name in ["letters", "leaves", "digits"] {
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/CBundledData/csv/\(name).csv").path
            let table = try CSVReader.read(path: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let rows = text.split(separator: "\n").dropFirst()
            let header = text.split(separator: "\n")[0].split(separator: ",").map(String.init)
            let featureColumns = header.indices.filter { header[$0] != "label" && header[$0] != "class_name" }
            var slow: [Double] = []
            for row in rows {
                let fields = row.split(separator: ",", omittingEmptySubsequences: false)
                for c in featureColumns { slow.append(Double(String(fields[c]))!) }
            }
            #expect(table.features.storage.map(\.bitPattern) == slow.map(\.bitPattern), "\(name)")
        }
    }
}
