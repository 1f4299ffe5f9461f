import ExplorerUI
import TUICore

/// `gpw demo --play DEMO`: the demo's blocks one after another in the live explorer. A block is
/// the prose before a ```` ```gpw-snapshot ```` block (its caption) and that block's explorer
/// options and keys; showing it builds its state from scratch (the snapshot's own path), so `←`
/// returns to a block exactly as it was first shown. The prose after the last block joins it.
final class DemoPlayer {
    struct Block {
        var caption: String
        var request: SnapshotCommand.Request
    }

    let name: String
    let blocks: [Block]
    /// The block on screen: exports reproduce it with its own options.
    private(set) var current = 0
    /// The terminal's locale asks for ASCII glyphs.
    var asciiLocale = false

    /// `theme` and `ascii` from the command line apply to every block.
    init(text: String, name: String, theme: Theme? = nil, ascii: Bool = false) throws(CommandError) {
        let script: DemoScript
        do {
            script = try DemoScript(parsing: text)
        } catch {
            throw CommandError("\(name): \(error.description)", status: .dataError)
        }
        var blocks: [Block] = []
        var prose: [String] = []
        for part in script.parts {
            switch part {
            case .prose(let text):
                prose.append(text)
            case .snapshot(let words, let line):
                var arguments = Arguments(words, command: "\(name):\(line): gpw snapshot")
                let request: SnapshotCommand.Request
                do {
                    request = try SnapshotCommand.parse(&arguments)
                } catch {
                    throw CommandError("\(name):\(line): \(error.message)", status: .dataError)
                }
                var block = Block(caption: prose.joined(separator: "\n"), request: request)
                if let theme { block.request.options.theme = theme }
                if ascii { block.request.options.ascii = true }
                blocks.append(block)
                prose = []
            }
        }
        if !prose.isEmpty, !blocks.isEmpty { blocks[blocks.count - 1].caption += "\n\n" + prose.joined(separator: "\n") }
        self.name = name
        self.blocks = blocks
    }

    /// The options block `current` started from (what an export's reproduction line repeats).
    var currentOptions: ExploreOptions { blocks[current].request.options }

    /// Block `index` as it is first shown on a terminal of `size`: its options' fresh state, its
    /// keys replayed at its `--size` (as `gpw snapshot` does), its words, then laid out at `size`.
    func state(block index: Int, size: Size) throws -> AppState {
        let block = blocks[index]
        var state = try block.request.options.makeState(asciiLocale: asciiLocale)
        SnapshotCommand.prepare(&state, size: block.request.size, actions: block.request.actions)
        state.caption = LectureCaption(demo: name, block: index, blockCount: blocks.count, text: block.caption)
        _ = reduce(&state, .resized(size))
        current = index
        return state
    }
}
