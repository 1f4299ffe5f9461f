/// The members of a ZIP archive, as `.npz` files are (`numpy.savez`: stored; `savez_compressed`:
/// deflated; both with ZIP64 local headers). Reads the central directory (ZIP64 records
/// included), then each member from its local header; checks every size, offset and CRC-32
/// against the file, so a truncated or altered archive is an error naming what is wrong.
/// Encrypted members, multi-disk archives and methods other than stored/deflate are refused.
struct ZipArchive {
    struct Entry: Equatable {
        var name: String
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
        var encrypted: Bool
    }

    struct Failure: Error, Equatable { let reason: String }

    let bytes: [UInt8]
    let entries: [Entry]

    init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        self.entries = try Self.readDirectory(bytes)
    }

    /// The uncompressed bytes of `entry`, checked against its CRC-32.
    func contents(of entry: Entry) throws(Failure) -> [UInt8] {
        let name = Quoting.quoted(entry.name, limit: 80)
        guard !entry.encrypted else { throw Failure(reason: "member \(name) is encrypted") }
        let local = entry.localHeaderOffset
        guard local >= 0, local <= bytes.count - 30, Self.u32(bytes, local) == 0x0403_4B50 else {
            throw Failure(reason: "member \(name): no local header at offset \(local)")
        }
        let start = local + 30 + Int(Self.u16(bytes, local + 26)) + Int(Self.u16(bytes, local + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw Failure(reason: "member \(name) runs past the end of the file (truncated?)")
        }
        let raw = bytes[start..<(start + entry.compressedSize)]
        let data: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw Failure(reason: "stored member \(name) has two different sizes") }
            data = Array(raw)
        case 8:
            do {
                data = try Inflate.decompress(raw, limit: entry.size)
            } catch {
                throw Failure(reason: "member \(name) does not decompress: \(error.reason)")
            }
            guard data.count == entry.size else {
                throw Failure(reason: "member \(name) decompresses to \(data.count) bytes; its directory says \(entry.size)")
            }
        default:
            throw Failure(reason: "member \(name) uses compression method \(entry.method); gpw reads stored (0) and deflate (8)")
        }
        guard CRC32.checksum(data) == entry.crc else { throw Failure(reason: "member \(name) fails its CRC-32 check (damaged file?)") }
        return data
    }

    // MARK: Reading the directory

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }

    /// A 64-bit size or offset as an `Int` no larger than the file (anything larger is damage).
    private static func bounded(_ value: UInt64, _ what: String, fileSize: Int) throws(Failure) -> Int {
        guard value <= UInt64(fileSize) else { throw Failure(reason: "\(what) (\(value)) lies beyond the end of the \(fileSize)-byte file") }
        return Int(value)
    }

    private static func readDirectory(_ b: [UInt8]) throws(Failure) -> [Entry] {
        guard b.count >= 22 else { throw Failure(reason: "is not a ZIP archive (\(b.count) bytes; an .npz is a ZIP of .npy files)") }
        // The end-of-central-directory record: the last signature within the comment's reach.
        var end = -1
        var i = b.count - 22
        while i >= max(0, b.count - 22 - 0xFFFF) {
            if u32(b, i) == 0x0605_4B50 { end = i; break }
            i -= 1
        }
        guard end >= 0 else { throw Failure(reason: "is not a ZIP archive (no end-of-directory record; an .npz is a ZIP of .npy files)") }
        guard u16(b, end + 4) == 0 || u16(b, end + 4) == 0xFFFF else { throw Failure(reason: "is a multi-disk archive") }
        var count = UInt64(u16(b, end + 10))
        var directorySize = UInt64(u32(b, end + 12))
        var directoryOffset = UInt64(u32(b, end + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the record points at the ZIP64 end record.
            guard end >= 20, u32(b, end - 20) == 0x0706_4B50 else { throw Failure(reason: "has ZIP64 sizes but no ZIP64 locator") }
            let record = try bounded(u64(b, end - 12), "the ZIP64 end record", fileSize: b.count)
            guard record <= b.count - 56, u32(b, record) == 0x0606_4B50 else { throw Failure(reason: "has no ZIP64 end record where its locator says") }
            count = u64(b, record + 32)
            directorySize = u64(b, record + 40)
            directoryOffset = u64(b, record + 48)
        }
        let size = try bounded(directorySize, "the central directory's size", fileSize: b.count)
        let offset = try bounded(directoryOffset, "the central directory", fileSize: b.count)
        guard offset <= b.count - size else { throw Failure(reason: "the central directory runs past the end of the file (truncated?)") }
        guard count <= UInt64(size / 46) else { throw Failure(reason: "claims \(count) members in a \(size)-byte directory") }
        var entries: [Entry] = []
        var p = offset
        for k in 0..<Int(count) {
            guard p <= offset + size - 46, u32(b, p) == 0x0201_4B50 else { throw Failure(reason: "directory entry \(k) is damaged") }
            let flags = u16(b, p + 8)
            let nameLength = Int(u16(b, p + 28)), extraLength = Int(u16(b, p + 30)), commentLength = Int(u16(b, p + 32))
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= offset + size else { throw Failure(reason: "directory entry \(k) runs past the directory") }
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            var usize = UInt64(u32(b, p + 24)), csize = UInt64(u32(b, p + 20)), local = UInt64(u32(b, p + 42))
            // ZIP64 extra field: the 64-bit values of the fields that hold all ones, in this order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = u16(b, e), length = Int(u16(b, e + 2))
                guard e + 4 + length <= extraEnd else { break }
                if id == 0x0001 {
                    var f = e + 4
                    for field in [0, 1, 2] {
                        let wide: Bool
                        switch field {
                        case 0: wide = usize == 0xFFFF_FFFF
                        case 1: wide = csize == 0xFFFF_FFFF
                        default: wide = local == 0xFFFF_FFFF
                        }
                        guard wide else { continue }
                        guard f + 8 <= e + 4 + length else { throw Failure(reason: "directory entry \(k) has a short ZIP64 field") }
                        switch field {
                        case 0: usize = u64(b, f)
                        case 1: csize = u64(b, f)
                        default: local = u64(b, f)
                        }
                        f += 8
                    }
                }
                e += 4 + length
            }
            entries.append(Entry(name: name, method: Int(u16(b, p + 10)), crc: u32(b, p + 16),
                                 compressedSize: try bounded(csize, "member \(k)'s compressed size", fileSize: b.count),
                                 size: try bounded(usize, "member \(k)'s size", fileSize: FileReading.maximumBytes),
                                 localHeaderOffset: try bounded(local, "member \(k)'s header", fileSize: b.count),
                                 encrypted: flags & 1 == 1))
            p = next
        }
        return entries
    }
}
