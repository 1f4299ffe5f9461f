import Foundation
import Testing
@testable import DataIO

/// Inputs meant to exhaust memory or time: each is refused quickly with a message naming the
/// file, or read within bounded memory.
@Suite struct HugeInputTests {
    private func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "gpw-huge-\(getpid())-\(UUID().uuidString)-\(name)"
    }

    @Test func sparseOneGigabyteFileIsRefusedBeforeReading() throws {
        let path = temporaryPath("big.csv")
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { unlink(path) }
        // A sparse file: 1 GiB long, no disk blocks; reading it would allocate 1 GiB.
        #expect(ftruncate(fd, 1 << 30) == 0)
        close(fd)
        do {
            _ = try CSVReader.read(path: path)
            Issue.record("a 1 GiB file was read")
        } catch {
            #expect(error.description == "\(path): is 1024 MiB; gpw reads files up to 512 MiB")
        }
        #expect(throws: DataError.invalid(file: path, reason: "is 1024 MiB; gpw reads files up to 512 MiB")) {
            try FeatureFile.load(path: path, labelsPath: nil)
        }
    }

    @Test func devicesAndDirectoriesAreRefusedByName() {
        #expect(throws: DataError.unreadable(file: "/dev/zero", reason: "is a device, not a file")) {
            try CSVReader.read(path: "/dev/zero")
        }
        #expect(throws: DataError.unreadable(file: "/tmp", reason: "is a directory")) {
            try LabelFileReader.read(path: "/tmp")
        }
        #expect(throws: DataError.unreadable(file: "/nonexistent/x.csv", reason: "no such file")) {
            try CSVReader.read(path: "/nonexistent/x.csv")
        }
    }

    @Test func fileThatReportsSizeZeroIsStillRead() {
        // /proc files report st_size 0: the chunked reader must still see their text.
        do {
            _ = try CSVReader.read(path: "/proc/self/status")
            Issue.record("/proc/self/status parsed as a dataset")
        } catch {
            #expect(error.description.hasPrefix("/proc/self/status:1: header has no 'label' column (found: Name:"),
                    "\(error.description)")
        }
    }

    @Test func npyShapesThatOverflowOrExplodeAreRefused() {
        let overflow = npy(descr: "<f8", shape: [20_000_000, 20_000_000, 20_000_000], payload: [])
        #expect(throws: DataError.invalid(file: "o.npy", reason: "shape [20000000, 20000000, 20000000] is too large")) {
            try NPYReader.parse(overflow, source: "o.npy")
        }
        // One dimension alone beyond the limit (even next to a zero one, which holds nothing).
        let long = npy(descr: "<f8", shape: [4_611_686_018_427_387_904, 0], payload: [])
        #expect(throws: DataError.invalid(file: "l.npy", reason: "shape [4611686018427387904, 0]: holds 4611686018427387904 or more numbers; gpw reads files of up to 20000000 numbers")) {
            try NPYReader.parse(long, source: "l.npy")
        }
        // 10^10 values: refused before the data length is even compared.
        let explode = npy(descr: "|u1", shape: [100_000, 100_000], payload: [])
        do {
            _ = try NPYReader.parse(explode, source: "e.npy")
            Issue.record("accepted")
        } catch {
            #expect(error.description == "e.npy: shape [100000, 100000]: holds 10000000000 or more numbers; gpw reads files of up to 20000000 numbers")
        }
    }

    @Test func unsignedLabelsBeyondIntMaxAreRefused() throws {
        let path = temporaryPath("labels.npy")
        defer { unlink(path) }
        let bytes = npy(descr: "<u8", shape: [2], payload: littleEndian(UInt64(3)) + littleEndian(UInt64.max))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try NPYReader.readLabels(path: path)
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("\(path): label 1 ("), "\(error.description)")
            #expect(error.description.hasSuffix("does not fit a 64-bit signed integer"))
        }
    }

    @Test func hugeClassRangeIsRefusedAtOnce() throws {
        #expect(throws: DatasetSelectionError.usage("--train-classes 0-99999999999: '0-99999999999' names more than 100000 classes")) {
            try DatasetSelection.parseClassList("0-99999999999", option: "--train-classes")
        }
        #expect(throws: DatasetSelectionError.self) {
            try DatasetSelection.parseClassList("0-\(Int.max)", option: "--test-classes")
        }
        #expect(try DatasetSelection.parseClassList("0-99999", option: "--x").count == 100_000)
    }
}
