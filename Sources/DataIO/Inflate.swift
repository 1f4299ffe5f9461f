/// A DEFLATE decoder (RFC 1951: stored, fixed-Huffman and dynamic-Huffman blocks), for the
/// members of `.npz` files that `numpy.savez_compressed` writes. Canonical Huffman codes are
/// decoded a bit at a time from their per-length counts, the plainest correct method; it runs at
/// tens of MB/s, enough for files gpw reads (at most ``FileReading`` 's limit).
///
/// Nothing in the input is trusted: code lengths that over-subscribe a code, symbols a block
/// cannot hold, distances before the start of the output and output beyond `limit` bytes are
/// errors, never traps.
enum Inflate {
    struct Failure: Error, Equatable { let reason: String }

    /// The bytes `input` decompresses to; at most `limit` of them.
    static func decompress(_ input: ArraySlice<UInt8>, limit: Int) throws(Failure) -> [UInt8] {
        var state = State(input: input, limit: limit)
        try state.run()
        return state.output
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                                       2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// The order in which a dynamic block lists the code-length code's lengths.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// A canonical Huffman code: how many codes of each length, and the symbols in code order.
    struct Code {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: [Int]) throws(Failure) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[length] += 1 }
            var left = 1
            for length in 1...15 {
                left = left * 2 - counts[length]
                guard left >= 0 else { throw Failure(reason: "a Huffman code is over-subscribed") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }

        static let fixedLiterals = try! Code(lengths: [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
                                                 + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8))
        static let fixedDistances = try! Code(lengths: [Int](repeating: 5, count: 30))
    }

    private struct State {
        let input: ArraySlice<UInt8>
        let limit: Int
        var position: Int
        var bitBuffer = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: ArraySlice<UInt8>, limit: Int) {
            self.input = input
            self.limit = limit
            self.position = input.startIndex
            output.reserveCapacity(min(limit, 1 << 26))
        }

        mutating func bits(_ n: Int) throws(Failure) -> Int {
            while bitCount < n {
                guard position < input.endIndex else { throw Failure(reason: "the compressed data ends early") }
                bitBuffer |= Int(input[position]) << bitCount
                position += 1
                bitCount += 8
            }
            let value = bitBuffer & ((1 << n) - 1)
            bitBuffer >>= n
            bitCount -= n
            return value
        }

        mutating func decode(_ code: Code) throws(Failure) -> Int {
            var value = 0, first = 0, index = 0
            for length in 1...15 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - first < count { return code.symbols[index + value - first] }
                index += count
                first = (first + count) << 1
                value <<= 1
            }
            throw Failure(reason: "a code that the block's Huffman table does not hold")
        }

        mutating func run() throws(Failure) {
            var last = false
            while !last {
                last = try bits(1) == 1
                switch try bits(2) {
                case 0: try stored()
                case 1: try compressed(literals: Code.fixedLiterals, distances: Code.fixedDistances)
                case 2:
                    let (literals, distances) = try dynamicCodes()
                    try compressed(literals: literals, distances: distances)
                default: throw Failure(reason: "a block of the reserved type 3")
                }
            }
        }

        mutating func stored() throws(Failure) {
            bitBuffer = 0
            bitCount = 0
            guard input.endIndex - position >= 4 else { throw Failure(reason: "the compressed data ends early") }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            position += 4
            guard length == ~complement & 0xFFFF else { throw Failure(reason: "a stored block's length does not match its complement") }
            guard input.endIndex - position >= length else { throw Failure(reason: "the compressed data ends early") }
            guard output.count + length <= limit else { throw Failure(reason: "it decompresses to more than the \(limit) bytes its directory states") }
            output.append(contentsOf: input[position..<(position + length)])
            position += length
        }

        mutating func dynamicCodes() throws(Failure) -> (Code, Code) {
            let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, lengthCodeCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw Failure(reason: "a dynamic block with too many codes") }
            var lengthLengths = [Int](repeating: 0, count: 19)
            for k in 0..<lengthCodeCount { lengthLengths[Inflate.codeLengthOrder[k]] = try bits(3) }
            let lengthCode = try Code(lengths: lengthLengths)
            var lengths: [Int] = []
            lengths.reserveCapacity(literalCount + distanceCount)
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(lengthCode)
                var repeated = 0, times = 0
                switch symbol {
                case 0...15:
                    lengths.append(symbol)
                    continue
                case 16:
                    guard let previous = lengths.last else { throw Failure(reason: "a repeat with no length before it") }
                    repeated = previous
                    times = 3 + (try bits(2))
                case 17: times = 3 + (try bits(3))
                default: times = 11 + (try bits(7))
                }
                guard lengths.count + times <= literalCount + distanceCount else { throw Failure(reason: "code lengths run past the table") }
                lengths += repeatElement(repeated, count: times)
            }
            guard lengths[256] != 0 else { throw Failure(reason: "a block with no end-of-block code") }
            return (try Code(lengths: Array(lengths[..<literalCount])), try Code(lengths: Array(lengths[literalCount...])))
        }

        mutating func compressed(literals: Code, distances: Code) throws(Failure) {
            while true {
                let symbol = try decode(literals)
                if symbol < 256 {
                    guard output.count < limit else { throw Failure(reason: "it decompresses to more than the \(limit) bytes its directory states") }
                    output.append(UInt8(symbol))
                    continue
                }
                if symbol == 256 { return }
                let lengthIndex = symbol - 257
                guard lengthIndex < Inflate.lengthBase.count else { throw Failure(reason: "an invalid length symbol \(symbol)") }
                let length = Inflate.lengthBase[lengthIndex] + (try bits(Inflate.lengthExtra[lengthIndex]))
                let distanceSymbol = try decode(distances)
                guard distanceSymbol < Inflate.distanceBase.count else { throw Failure(reason: "an invalid distance symbol \(distanceSymbol)") }
                let distance = Inflate.distanceBase[distanceSymbol] + (try bits(Inflate.distanceExtra[distanceSymbol]))
                guard distance <= output.count else { throw Failure(reason: "a back-reference before the start of the data") }
                guard output.count + length <= limit else { throw Failure(reason: "it decompresses to more than the \(limit) bytes its directory states") }
                let start = output.count - distance
                for k in 0..<length { output.append(output[start + k]) }
            }
        }
    }
}
