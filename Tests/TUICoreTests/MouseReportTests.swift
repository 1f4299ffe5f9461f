import Testing
import TUICore

@Suite struct MouseReportTests {
    private func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test func sgrPressIsAClickAtZeroBasedCoordinates() {
        let decoded = MouseReport.decode(scalars("[<0;53;7M"))
        #expect(decoded?.0 == .key(.click(x: 52, y: 6)) && decoded?.count == 9)
        // Modifier bits (shift 4, meta 8, control 16) still mean a left press.
        #expect(MouseReport.decode(scalars("[<4;1;1M"))?.0 == .key(.click(x: 0, y: 0)))
    }

    @Test func sgrReleaseMotionAndOtherButtonsAreIgnored() {
        #expect(MouseReport.decode(scalars("[<0;53;7m"))?.0 == .ignored)    // release
        #expect(MouseReport.decode(scalars("[<32;5;5M"))?.0 == .ignored)    // drag
        #expect(MouseReport.decode(scalars("[<2;5;5M"))?.0 == .ignored)     // right button
    }

    @Test func sgrWheel() {
        #expect(MouseReport.decode(scalars("[<64;10;10M"))?.0 == .key(.wheelUp))
        #expect(MouseReport.decode(scalars("[<65;10;10M"))?.0 == .key(.wheelDown))
    }

    @Test func x10PressReleaseAndWheel() {
        // Button + 32, column + 33, row + 33.
        let press = [0x5B, 0x4D, 32, 33 + 24, 33 + 9].map(UInt32.init)
        #expect(MouseReport.decode(press)?.0 == .key(.click(x: 24, y: 9)) && MouseReport.decode(press)?.count == 5)
        #expect(MouseReport.decode([0x5B, 0x4D, 32 + 3, 40, 40])?.0 == .ignored)
        #expect(MouseReport.decode([0x5B, 0x4D, 32 + 64, 40, 40])?.0 == .key(.wheelUp))
    }

    @Test func incompleteOrOtherSequencesAreNotReports() {
        for text in ["[<0;53", "[<0;53;", "[A", "[", "", "[<0;1;1;1M", "[<a;1;1M"] {
            #expect(MouseReport.decode(scalars(text)) == nil || MouseReport.decode(scalars(text))?.0 == .ignored, "\(text)")
        }
        #expect(MouseReport.decode(scalars("[A")) == nil)
        #expect(MouseReport.decode(scalars("[<0;53")) == nil)
        #expect(MouseReport.decode(scalars("[<0;0;5M"))?.0 == .ignored)     // column 0 does not exist
    }

    @Test func clicksHaveScriptNamesThatReadBack() throws {
        #expect(Key.click(x: 52, y: 6).name == "click=52,6")
        #expect(Key(name: "click=52,6") == .click(x: 52, y: 6))
        for bad in ["click=", "click=1", "click=-1,2", "click=1,2,3", "click=a,b", "click=10000,1", "click=+1,2"] {
            #expect(Key(name: bad) == nil, "\(bad)")
        }
        #expect(try Key.script("n click=3,4 wheel-up,wheel-down comma") ==
                [.character("n"), .click(x: 3, y: 4), .wheelUp, .wheelDown, .character(",")])
        #expect(Key.character(",").name == "comma")
    }
}
