import Foundation
import Testing
@testable import DataIO

/// Builds `.npy` bytes by hand, as NumPy writes them (format 1.0, header padded to 64 bytes).
func npy(descr: String, shape: [Int], fortran: Bool = false, payload: [UInt8], version: UInt8 = 1) -> [UInt8] {
    let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shapeText), }"
    let prefix = version == 1 ? 10 : 12
    while (prefix + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
    let n = header.utf8.count
    out += version == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), 0, 0]
    return out + Array(header.utf8) + payload
}

func littleEndian<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

@Suite struct NPYReaderTests {
    @Test func float64RowMajor() throws {
        let values: [Double] = [1, 2, 3, -4.5, 5, 6]
        let bytes = npy(descr: "<f8", shape: [2, 3], payload: values.flatMap { littleEndian($0.bitPattern) })
        let a = try NPYReader.parse(bytes, source: "x.npy")
        #expect(a.shape == [2, 3] && a.values == values && !a.isInteger)
    }

    @Test func float32FortranOrderIsTransposed() throws {
        // Column-major storage of [[1, 2, 3], [4, 5, 6]].
        let stored: [Float] = [1, 4, 2, 5, 3, 6]
        let bytes = npy(descr: "<f4", shape: [2, 3], fortran: true, payload: stored.flatMap { littleEndian($0.bitPattern) })
        let a = try NPYReader.parse(bytes, source: "x.npy")
        #expect(a.values == [1, 2, 3, 4, 5, 6])
    }

    @Test func bigEndianAndSignedIntegers() throws {
        let bytes = npy(descr: ">i4", shape: [3], payload: [Int32(-2), 7, 300].flatMap { withUnsafeBytes(of: $0.bigEndian) { Array($0) } })
        let a = try NPYReader.parse(bytes, source: "y.npy")
        #expect(a.values == [-2, 7, 300] && a.isInteger)
        let v2 = npy(descr: "<i8", shape: [2], payload: [Int64(5), -1].flatMap(littleEndian), version: 2)
        #expect(try NPYReader.parse(v2, source: "y.npy").values == [5, -1])
    }

    @Test(arguments: [
        (Array("not numpy".utf8), "x.npy: not a .npy file"),
        (npy(descr: "<c16", shape: [1], payload: Array(repeating: 0, count: 16)), "x.npy: unsupported dtype '<c16'"),
        (npy(descr: "<f8", shape: [2, 2], payload: Array(repeating: 0, count: 8)), "x.npy: data is truncated"),
    ])
    func rejects(bytes: [UInt8], prefix: String) {
        do {
            _ = try NPYReader.parse(bytes, source: "x.npy")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
        }
    }
}

/// Issue 21, causes 7 and 11: int64 labels stay exact, and feature rows whose squares overflow
/// or whose length the normalisation would clamp are refused naming the row.
@Suite struct NPYHostileInputTests {
    static func written(_ bytes: [UInt8], _ body: (String) throws -> Void) rethrows {
        let path = "/tmp/gpw-npy-\(UInt64.random(in: 0...UInt64.max)).npy"
        let file = fopen(path, "wb")
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        fclose(file)
        defer { unlink(path) }
        try body(path)
    }

    @Test func int64LabelsAbove2To53StayDistinct() throws {
        let labels: [Int64] = [1 << 53, (1 << 53) + 1, Int64.max, Int64.max - 1, Int64.min, -((1 << 53) + 1)]
        try Self.written(npy(descr: "<i8", shape: [labels.count], payload: labels.flatMap { littleEndian($0) })) { path in
            let read = try LabelFileReader.read(path: path)
            #expect(read == labels.map(Int.init))
        }
        let big: [UInt64] = [UInt64(Int64.max), UInt64(Int64.max) + 1]
        Self.written(npy(descr: "<u8", shape: [2], payload: big.flatMap { littleEndian($0) })) { path in
            #expect(throws: DataError.invalid(file: path, reason: "label 1 (9223372036854775808) does not fit a 64-bit signed integer")) {
                try LabelFileReader.read(path: path)
            }
        }
    }

    @Test(arguments: [1e200, 1e-200])
    func extremeRowScalesAreRefusedNamingTheRow(_ scale: Double) throws {
        let values = [1.0, 2, 3, 4, 5, 6].map { $0 }
        let scaled = values.enumerated().map { $0.offset >= 3 ? $0.element * scale : $0.element }   // row 1 only
        Self.written(npy(descr: "<f8", shape: [2, 3], payload: scaled.flatMap { littleEndian($0.bitPattern) })) { path in
            do {
                _ = try NPYReader.readMatrix(path: path)
                Issue.record("rows scaled by \(scale) were accepted")
            } catch {
                let text = "\(error)"
                #expect(text.hasPrefix("\(path): row 1: ") && text.contains("scale the data"), "\(text)")
            }
        }
    }
}
