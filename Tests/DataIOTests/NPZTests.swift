import Foundation
import Testing
@testable import DataIO

/// `.npz` reading and writing (issue 19, items 3 and 4), against archives and DEFLATE streams
/// that the real numpy and zlib wrote (`scripts/fixtures/make_npz_fixtures.py`).
@Suite struct NPZTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("npz")

    struct Expected: Decodable {
        struct ArrayValue: Decodable { var shape: [Int]; var dtype: String; var values: [Double] }
        struct Stream: Decodable { var original: String; var size: Int; var crc32: UInt32 }
        var archives: [String: [String: ArrayValue]]
        var deflate: [String: Stream]
    }

    static let expected: Expected = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("expected.json"))
        return try! JSONDecoder().decode(Expected.self, from: data)
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    @Test func crc32OfTheCheckString() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    /// Every zlib stream (stored, fixed and dynamic blocks; levels 0, 1, 9) inflates to its input.
    @Test(arguments: expected.deflate.keys.sorted())
    func inflatesWhatZlibWrote(_ name: String) throws {
        let stream = Self.expected.deflate[name]!
        let original = try Self.bytes(stream.original)
        let out = try Inflate.decompress(try Self.bytes(name + ".deflate")[...], limit: stream.size)
        #expect(out == original)
        #expect(CRC32.checksum(out) == stream.crc32)
    }

    /// Damage is an error, never a trap or a silent short result: every truncation of a stream,
    /// and a limit one byte short of the output.
    @Test func damagedStreamsAreRefused() throws {
        let stream = try Self.bytes("text-9.deflate")
        let size = Self.expected.deflate["text-9"]!.size
        for cut in 0..<stream.count {
            #expect(throws: Inflate.Failure.self) { try Inflate.decompress(stream[..<cut], limit: size) }
        }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress(stream[...], limit: size - 1) }
        // Block type 3 is reserved.
        #expect(throws: Inflate.Failure(reason: "a block of the reserved type 3")) { try Inflate.decompress([0x07][...], limit: 10) }
        // A stored block whose length and complement disagree.
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress([0x01, 0x05, 0x00, 0x00, 0x00][...], limit: 10) }
        // Random bytes: whatever they decode to, no trap and never more than the limit.
        var state: UInt64 = 19
        for _ in 0..<300 {
            let noise = (0..<64).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            if let out = try? Inflate.decompress(noise[...], limit: 4096) { #expect(out.count <= 4096) }
        }
    }

    /// numpy.savez (stored) and savez_compressed (deflated) archives, every member's values.
    @Test(arguments: expected.archives.keys.sorted())
    func readsWhatNumpyWrote(_ name: String) throws {
        let members = try NPZReader.members(Self.bytes(name), source: name)
        for (member, expected) in Self.expected.archives[name]! {
            let bytes = try #require(members[member], "\(name) lacks \(member)")
            let array = try NPYReader.parse(bytes, source: member)
            #expect(array.shape == expected.shape && array.descr == expected.dtype)
            #expect(array.values == expected.values)
        }
    }

    @Test func loadsFeaturesAndLabelsUnderEitherName() throws {
        let stored = try NPZReader.load(path: Self.directory.appendingPathComponent("stored.npz").path, labelsPath: nil)
        #expect(stored.features.rows == 6 && stored.features.columns == 3 && stored.labels == [0, 0, 1, 1, 2, 2])
        let named = try NPZReader.load(path: Self.directory.appendingPathComponent("named.npz").path, labelsPath: nil)
        #expect(named.features.rows == 8 && named.labels == [3, 3, 7, 7, 9, 9, 1, 1])
        #expect(named.features.storage == Self.expected.archives["named.npz"]!["embeddings"]!.values)
        // Through the one loader every command uses.
        let viaFile = try FeatureFile.load(path: Self.directory.appendingPathComponent("compressed.npz").path, labelsPath: nil)
        #expect(viaFile.features.rows == 40 && viaFile.features.columns == 8 && Set(viaFile.labels).count == 10)
    }

    @Test func labelsComeFromTheArchiveOrFromLabelsNotBoth() throws {
        let featuresOnly = Self.directory.appendingPathComponent("features-only.npz").path
        #expect(throws: DataError.invalid(file: featuresOnly, reason: "has no y.npy or labels.npy; add them or give --labels FILE; members: x.npy")) {
            try NPZReader.load(path: featuresOnly, labelsPath: nil)
        }
        try Self.inScratch { dir in
            let labels = dir + "/labels.txt"
            try "4\n4\n5\n5\n".write(toFile: labels, atomically: true, encoding: .utf8)
            let table = try NPZReader.load(path: featuresOnly, labelsPath: labels)
            #expect(table.labels.count == 4 && Set(table.labels).count == 2)
            let stored = Self.directory.appendingPathComponent("stored.npz").path
            #expect(throws: DataError.self) { try NPZReader.load(path: stored, labelsPath: labels) }
            let short = dir + "/short.txt"
            try "4\n5\n".write(toFile: short, atomically: true, encoding: .utf8)
            #expect(throws: DataError.invalid(file: featuresOnly, reason: "has 2 labels and 4 rows of x")) {
                try NPZReader.load(path: featuresOnly, labelsPath: short)
            }
        }
    }

    /// Truncated, altered and foreign files are refused with a reason, naming the file.
    @Test func damagedArchivesAreRefused() throws {
        let good = try Self.bytes("compressed.npz")
        for cut in stride(from: 0, to: good.count, by: 97) {
            #expect(throws: DataError.self) { _ = try NPZReader.members(Array(good[..<cut]), source: "cut.npz") }
        }
        var altered = good
        altered[200] ^= 0x40  // inside x.npy's deflated data
        do {
            _ = try NPZReader.members(altered, source: "altered.npz")
            Issue.record("an altered member was accepted")
        } catch {
            #expect(error.description.hasPrefix("altered.npz: member 'x.npy'"), "\(error)")
        }
        #expect(throws: DataError.invalid(file: "text.npz", reason: "is not a ZIP archive (no end-of-directory record; an .npz is a ZIP of .npy files)")) {
            _ = try NPZReader.members(Array(repeating: UInt8(ascii: "a"), count: 500), source: "text.npz")
        }
    }

    /// A member whose directory claims a size beyond what gpw reads is refused before inflating.
    @Test func claimedSizesAreBounded() throws {
        var writer = NPZWriter()
        writer.add("x", .float64(shape: [1, 1], values: [1]))
        var archive = writer.archive()
        // The central directory's uncompressed size field of the one member: all ones (ZIP64) with
        // no ZIP64 field is read as 4 GiB - 1.
        let directory = Int(ZipArchive.u32(archive, archive.count - 6))
        for k in 0..<4 { archive[directory + 24 + k] = 0xFF }
        #expect(throws: DataError.self) { _ = try NPZReader.members(archive, source: "bomb.npz") }
    }

    /// What gpw writes, read back: dtypes, shapes and values; numpy's header alignment; the same
    /// arrays give the same bytes.
    @Test func writtenArchivesReadBack() throws {
        var writer = NPZWriter()
        writer.add("similarity", .float64(shape: [2, 2], values: [1, -0.25, -0.25, 1]))
        writer.add("labels", .int64(shape: [2], values: [7, Int.min]))
        writer.add("mined_0", .bool(shape: [2, 2], values: [false, true, true, false]))
        let archive = writer.archive()
        #expect(archive.count == writer.byteCount)
        #expect(archive == writer.archive())
        let zip = try ZipArchive(archive)
        #expect(zip.entries.map(\.name) == ["similarity.npy", "labels.npy", "mined_0.npy"])
        let members = try NPZReader.members(archive, source: "out.npz")
        for (name, bytes) in members {
            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            #expect((10 + headerLength) % 64 == 0, "\(name)")
        }
        let similarity = try NPYReader.parse(members["similarity"]!, source: "s")
        #expect(similarity.shape == [2, 2] && similarity.values == [1, -0.25, -0.25, 1] && similarity.descr == "<f8")
        #expect(try NPYReader.parseLabels(members["labels"]!, source: "l") == [7, Int.min])
        let mined = try NPYReader.parse(members["mined_0"]!, source: "m")
        #expect(mined.descr == "|b1" && mined.values == [0, 1, 1, 0])
    }

    static func inScratch(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpw-npz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir.path)
    }
}
