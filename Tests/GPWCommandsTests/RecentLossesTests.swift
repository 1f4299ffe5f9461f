import Testing
@testable import GPWCommands

/// The bounded loss window against the obvious unbounded history.
@Suite struct RecentLossesTests {
    @Test(arguments: [1, 3, 10, 37])
    func meanOfLastMatchesTheFullHistory(capacity: Int) {
        var window = RecentLosses(capacity: capacity)
        var history: [Double] = []
        for step in 0..<200 {
            let value = Double((step * 7919) % 101) / 7 - 3
            window.append(value)
            history.append(value)
            #expect(window.count == history.count && window.stored == min(history.count, capacity))
            for n in 1...window.stored {
                let tail = history.suffix(n)
                #expect(window.mean(ofLast: n) == tail.reduce(0, +) / Double(n), "capacity \(capacity), step \(step), n \(n)")
            }
        }
    }

    @Test func capacityIsBounded() {
        var window = RecentLosses(capacity: 10_000_000)
        for k in 0..<(RecentLosses.maximumCapacity + 5) { window.append(Double(k)) }
        #expect(window.stored == RecentLosses.maximumCapacity)
    }
}
