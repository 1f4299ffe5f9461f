import ExplorerUI
import Foundation
@testable import GPWCommands
import Testing
import TUICore

/// `gpw demo --play`: blocks, captions, next and back, and the live run from outside the checkout.
@Suite struct DemoPlayerTests {
    static let demo = """
    # A tiny demo

    First words.

    ```gpw-snapshot
    --size 80x24 --keys "n n"
    ```

    Second words, then a list:
    - one
    - two

    ```gpw-snapshot
    --loss ms --size 100x30 --keys "tab j"
    ```

    The end.
    """

    @Test func blocksCarryThePrBeforeThemAndTheLastOneTheRest() throws {
        let player = try DemoPlayer(text: Self.demo, name: "tiny.md")
        #expect(player.blocks.count == 2)
        #expect(player.blocks[0].caption.contains("First words.") && !player.blocks[0].caption.contains("Second"))
        #expect(player.blocks[1].caption.contains("Second words") && player.blocks[1].caption.contains("The end."))
        let caption = LectureCaption(demo: "tiny.md", block: 1, blockCount: 2, text: player.blocks[1].caption)
        #expect(caption.lines(width: 40).contains("- one") && caption.lines(width: 40).contains("- two"))
    }

    @Test func aBlockIsItsSnapshotPlusItsWordsAndComesBackTheSame() throws {
        let player = try DemoPlayer(text: Self.demo, name: "tiny.md")
        let size = Size(width: 80, height: 24)
        let first = try player.state(block: 0, size: size)
        #expect(first.session.step == 2 && first.caption?.block == 0)
        let text = render(first, size: size).text()
        #expect(text.contains("tiny.md 1/2") && text.contains("First words."))
        let second = try player.state(block: 1, size: size)
        #expect(second.losses.map(\.text) == ["ms"] && player.currentOptions.losses == ["ms"])
        #expect(render(try player.state(block: 0, size: size), size: size) == render(first, size: size))
    }

    @Test func theArrowsAskForTheNeighbouringBlock() throws {
        let player = try DemoPlayer(text: Self.demo, name: "tiny.md")
        var state = try player.state(block: 0, size: Size(width: 80, height: 24))
        #expect(reduce(&state, .keyPressed(.left)) == [])
        #expect(state.message == "this is the demo's first block")
        #expect(reduce(&state, .keyPressed(.right)) == [.showBlock(1)])
        #expect(reduce(&state, .keyPressed(.character(" "))) == [.showBlock(1)])
        var last = try player.state(block: 1, size: Size(width: 80, height: 24))
        #expect(reduce(&last, .keyPressed(.right)) == [] && last.message == "the demo ends here (q quits)")
        #expect(reduce(&last, .keyPressed(.left)) == [.showBlock(0)])
        // The effect loop builds the block through the player.
        var exports = ExportContext(directory: "/tmp", options: player.currentOptions)
        exports.player = player
        performEffects([.showBlock(0)], on: &last, exports: exports)
        #expect(last.caption?.block == 0 && last.session.step == 2)
    }

    @Test func everyCompiledInDemoPlays() throws {
        for demo in DemoCatalog.all {
            let player = try DemoPlayer(text: demo.text, name: demo.name)
            #expect(player.blocks.count >= 2, "\(demo.name)")
            for index in player.blocks.indices {
                let state = try player.state(block: index, size: Size(width: 80, height: 24))
                #expect(render(state, size: state.viewSize).text().contains("\(demo.name) \(index + 1)/"), "\(demo.name)")
            }
        }
    }

    /// Issue 15's acceptance: from outside the checkout, at 80x24, the demo's words and a live
    /// screen; → then ← is the identical first screen; q exits 0 with the terminal restored.
    @Test func playsLiveFromAnyDirectory() throws {
        guard let socket = startTmux("e2e-play", gpwCommandLine("demo --play 02", directory: "/tmp")) else { return }
        defer { tmux(socket, ["kill-server"]) }
        let first = waitForScreen(socket, ["02-mining.md 1/3", "Multi-similarity", "trains ms"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", "Right"])
        _ = waitForScreen(socket, ["02-mining.md 2/3"], stable: true)
        tmux(socket, ["send-keys", "-t", "e2e", "Left"])
        let back = waitForScreen(socket, ["02-mining.md 1/3"], stable: true)
        #expect(back == first)
        tmux(socket, ["send-keys", "-t", "e2e", "q"])
        #expect(waitForScreen(socket, ["EXIT="]).contains("EXIT=0"))
        #expect(tmux(socket, ["display", "-t", "e2e", "-p", "#{alternate_on}"]).hasPrefix("0"))
    }
}
