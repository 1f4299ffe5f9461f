import Testing
@testable import DataIO
import MetricTraining
import PairWeighting

/// Seeded, repeatable fuzzing of every loader: thousands of mutated and random inputs must each be
/// either accepted or refused with a message that names the source; nothing may crash or hang.
/// `GPW_FUZZ_ITERATIONS` raises the budget for a longer run on request.
@Suite struct LoaderFuzzTests {
    static var iterations: Int {
        if let text = getenvString("GPW_FUZZ_ITERATIONS"), let n = Int(text) { return n }
        return 3000
    }

    static let seedCSV = "label,a,b,c\n0,1,2,3\n0,1.5,-2,3e-2\n1,0,0,0\n1,7,8,9\n"

    @Test func mutatedCSV() {
        var rng = FuzzRNG(seed: 0xC5F)
        var accepted = 0
        for _ in 0..<Self.iterations {
            let bytes = rng.mutate(Array(Self.seedCSV.utf8))
            do {
                let t = try CSVReader.parse(bytes: bytes, source: "fuzz.csv")
                #expect(t.labels.count == t.features.rows && t.features.isFinite)
                accepted += 1
            } catch {
                #expect(error.description.hasPrefix("fuzz.csv"), "\(error.description)")
            }
        }
        #expect(accepted > 0)   // the mutator does not only produce garbage
    }

    @Test func randomBytesAsCSVAndNPY() {
        var rng = FuzzRNG(seed: 0xBADF00D)
        for _ in 0..<Self.iterations {
            let bytes = (0..<rng.below(200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            do { _ = try CSVReader.parse(bytes: bytes, source: "r.csv") } catch {
                #expect(error.description.hasPrefix("r.csv"))
            }
            do { _ = try NPYReader.parse(bytes, source: "r.npy") } catch {
                #expect(error.description.hasPrefix("r.npy"))
            }
        }
    }

    @Test func mutatedNPY() {
        var rng = FuzzRNG(seed: 42)
        let values: [Double] = [1, 2, 3, 4, 5, 6]
        let valid = npy(descr: "<f8", shape: [2, 3], payload: values.flatMap { littleEndian($0.bitPattern) })
        for _ in 0..<Self.iterations {
            let bytes = rng.mutate(valid)
            do {
                let a = try NPYReader.parse(bytes, source: "m.npy")
                #expect(a.values.count == a.shape.reduce(1, *))
            } catch {
                #expect(error.description.hasPrefix("m.npy"))
            }
        }
    }

    @Test func mutatedLossSpecs() {
        var rng = FuzzRNG(seed: 7)
        let seeds = ["ms:beta=40,lambda=1", "contrastive:pos-margin=0.9,reduction=nonzero", "contrastive"]
        for i in 0..<Self.iterations {
            let text = String(decoding: rng.mutate(Array(seeds[i % seeds.count].utf8)), as: UTF8.self)
            do {
                let spec = try LossSpec.parse(text)
                // Whatever parses must print back to a spec that parses to the same thing.
                #expect(try LossSpec.parse(spec.description) == spec)
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test func mutatedLabelFiles() {
        var rng = FuzzRNG(seed: 0x1ABE1)
        let seed = Array("0\n1\n\n  2 \r\n-3\n".utf8)
        var accepted = 0
        for _ in 0..<Self.iterations {
            do {
                let labels = try LabelFileReader.parse(bytes: rng.mutate(seed), source: "l.txt")
                #expect(!labels.isEmpty)
                accepted += 1
            } catch {
                #expect(error.description.hasPrefix("l.txt"), "\(error.description)")
            }
        }
        #expect(accepted > 0)
    }

    /// Headers with random shapes, dtypes and orders: no overflow trap, no huge allocation.
    @Test func randomNPYHeaders() {
        var rng = FuzzRNG(seed: 0x5EA9E)
        let dims = ["0", "1", "3", "-1", "4611686018427387904", "9223372036854775807", "100000", "x", ""]
        let descrs = ["<f8", "<f4", ">i8", "|u1", "<u8", "<c8", "f8", "<f", ""]
        for _ in 0..<Self.iterations {
            let shape = (0..<rng.below(4)).map { _ in dims[rng.below(dims.count)] }.joined(separator: ", ")
            let header = "{'descr': '\(descrs[rng.below(descrs.count)])', 'fortran_order': \(rng.below(2) == 0 ? "True" : "False"), 'shape': (\(shape)), }"
            let n = header.utf8.count
            let bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(n & 0xFF), UInt8(n >> 8)]
                + Array(header.utf8) + (0..<rng.below(64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            do {
                let a = try NPYReader.parse(bytes, source: "h.npy")
                #expect(a.values.count == a.shape.reduce(1, *))
            } catch {
                #expect(error.description.hasPrefix("h.npy"))
            }
        }
    }

    /// Headers whose numbers overflow (issue 21): shapes, dtype sizes and header lengths past
    /// Int.max, read as features and as labels. Refused naming the file, or decoded exactly.
    @Test func npyHeadersWithOverflowValues() {
        var rng = FuzzRNG(seed: 0x0F10)
        let dims = ["18446744073709551616", "9223372036854775808", "9223372036854775807", "-9223372036854775809",
                    "4294967296", "3037000500", "20000001", "2", "1", "0", "99999999999999999999999999"]
        let descrs = ["<i8", "<u8", ">i8", "<f8", "<i99999999999999999999", "<f9223372036854775807", "<u18446744073709551616", "|i1"]
        for _ in 0..<Self.iterations {
            let shape = (0..<(1 + rng.below(3))).map { _ in dims[rng.below(dims.count)] }.joined(separator: ", ")
            let header = "{'descr': '\(descrs[rng.below(descrs.count)])', 'fortran_order': False, 'shape': (\(shape),), }"
            let n = header.utf8.count
            let version: UInt8 = rng.below(2) == 0 ? 1 : 2
            var lengthBytes: [UInt8] = version == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0]
            if rng.below(8) == 0 { lengthBytes = version == 1 ? [0xFF, 0xFF] : [0xFF, 0xFF, 0xFF, 0xFF] }
            let payload = (0..<(8 * rng.below(5))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0] + lengthBytes + Array(header.utf8) + payload
            do {
                let a = try NPYReader.parse(bytes, source: "o.npy")
                #expect(a.values.count == a.shape.reduce(1, *) && a.values.count <= 4)
            } catch {
                #expect(error.description.hasPrefix("o.npy"))
            }
            do {
                let labels = try NPYReader.parseLabels(bytes, source: "o.npy")
                #expect(labels.count <= 4)
            } catch {
                #expect(error.description.hasPrefix("o.npy"))
            }
        }
    }

    @Test func hugeLineAndManyColumnsAreHandled() throws {
        let columns = 100_000
        let header = "label," + (0..<columns).map { "c\($0)" }.joined(separator: ",")
        let row = "1," + String(repeating: "0.5,", count: columns - 1) + "0.5"
        let t = try CSVReader.parse(header + "\n" + row + "\n" + row + "\n", source: "wide.csv")
        #expect(t.features.columns == columns && t.features.rows == 2)
        // A 10 MB line of garbage is refused with its line number, not a crash.
        let garbage = "label,x\n1," + String(repeating: "9", count: 10_000_000) + "x\n"
        #expect(throws: DataError.self) { try CSVReader.parse(garbage, source: "big.csv") }
    }
}

/// The training stack's SplitMix64 plus the classic byte mutations (flip, insert, delete, duplicate, splice special tokens).
struct FuzzRNG {
    var generator: SplitMix64
    init(seed: UInt64) { generator = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { generator.next() }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    static let tokens: [[UInt8]] = ["\n", ",", "=", ":", "-", "nan", "inf", "1e999", "label", "\"", "\r\n", "\u{0}", "é", "99999999999999999999", "'shape': (", ")", "True"].map { Array($0.utf8) }

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + below(4)) {
            let position = below(bytes.count + 1)
            switch below(5) {
            case 0 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] ^= UInt8(1 << below(8))
            case 1: bytes.insert(UInt8(truncatingIfNeeded: next()), at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: min(position, bytes.count - 1))
            case 3: bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: position)
            default:
                let cut = below(bytes.count + 1)
                bytes = Array(bytes[..<min(cut, bytes.count)]) + Array(bytes[min(position, bytes.count)...])
            }
        }
        return bytes
    }
}

func getenvString(_ name: String) -> String? {
    #if canImport(Glibc)
    guard let p = Glibc.getenv(name) else { return nil }
    return String(cString: p)
    #else
    return nil
    #endif
}
#if canImport(Glibc)
import Glibc
#endif
