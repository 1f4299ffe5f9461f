/// Decodes the mouse reports terminals send once mouse tracking is on: SGR (mode 1006,
/// `ESC [ < b ; x ; y M` for a press, `m` for a release), which xterm, kitty, iTerm2, GNOME
/// Terminal and tmux send, and the legacy X10 form (`ESC [ M` and three bytes, each value + 32).
/// Pure: the terminal driver hands it the characters that followed an escape.
public enum MouseReport {
    /// What a report asks for, or nil for reports the explorer ignores (releases, motion, other
    /// buttons): a left press is a ``Key/click(x:y:)`` at 0-based coordinates, the wheel one notch.
    public enum Decoded: Equatable, Sendable {
        case key(Key)
        case ignored
    }

    /// Reads one report from `scalars`, the characters after `ESC`. Returns what it means and how
    /// many characters it used, or nil when `scalars` does not start with a complete report.
    public static func decode(_ scalars: [UInt32]) -> (Decoded, count: Int)? {
        guard scalars.count >= 2, scalars[0] == 0x5B else { return nil }          // [
        if scalars[1] == 0x3C { return decodeSGR(scalars) }                           // <
        if scalars[1] == 0x4D, scalars.count >= 5 {                                   // M
            let (b, x, y) = (Int(scalars[2]) - 32, Int(scalars[3]) - 33, Int(scalars[4]) - 33)
            guard b >= 0, x >= 0, y >= 0 else { return (.ignored, 5) }
            return (meaning(button: b, x: x, y: y, release: b & 3 == 3), 5)
        }
        return nil
    }

    private static func decodeSGR(_ scalars: [UInt32]) -> (Decoded, count: Int)? {
        var fields: [Int] = [0]
        var index = 2
        while index < scalars.count, index < 40 {
            let c = scalars[index]
            switch c {
            case 0x30...0x39:
                guard fields[fields.count - 1] < 100_000 else { return (.ignored, index + 1) }
                fields[fields.count - 1] = fields[fields.count - 1] * 10 + Int(c - 0x30)
            case 0x3B:
                guard fields.count < 3 else { return nil }
                fields.append(0)
            case 0x4D, 0x6D:   // M press, m release
                guard fields.count == 3, fields[1] >= 1, fields[2] >= 1 else { return (.ignored, index + 1) }
                return (meaning(button: fields[0], x: fields[1] - 1, y: fields[2] - 1, release: c == 0x6D), index + 1)
            default:
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func meaning(button: Int, x: Int, y: Int, release: Bool) -> Decoded {
        guard !release, button & 32 == 0 else { return .ignored }          // releases and motion
        switch button & ~(4 | 8 | 16) {                                      // shift, meta, control
        case 0: return x <= Key.maximumClickCoordinate && y <= Key.maximumClickCoordinate ? .key(.click(x: x, y: y)) : .ignored
        case 64: return .key(.wheelUp)
        case 65: return .key(.wheelDown)
        default: return .ignored
        }
    }
}
