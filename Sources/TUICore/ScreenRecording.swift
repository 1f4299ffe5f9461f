/// Screens at given times, as an asciinema v2 recording (an asciicast, `.cast`): a JSON header
/// line, then one `[time, "o", data]` event per frame, where the data repaints the whole
/// terminal with the ANSI export's escapes (``ScreenExport/ansi()``), and a `[time, "r", "WxH"]`
/// event before a frame of a new size. Times come from the caller (a fixed pace, not a clock),
/// so the same frames give the same bytes.
public struct ScreenRecording: Sendable, Equatable {
    /// One screen and when it appears, in milliseconds from the start.
    public struct Frame: Sendable, Equatable {
        public var milliseconds: Int
        public var grid: CellGrid
        public init(milliseconds: Int, grid: CellGrid) {
            self.milliseconds = milliseconds
            self.grid = grid
        }
    }

    /// Oldest first; times never decrease.
    public var frames: [Frame]
    /// The shell command that records the same frames (the header's `command`).
    public var command: String
    /// The header's `title`.
    public var caption: String

    public init(frames: [Frame], command: String, caption: String) {
        self.frames = frames
        self.command = command
        self.caption = caption
    }

    /// The `.cast` file. The header's size is the first frame's; its theme is the export colours
    /// (``ScreenColors``) and xterm's 16 system colours, which the frames' 256-colour escapes use.
    public func asciicast() -> String {
        let first = frames.first?.grid.size ?? Size(width: 80, height: 24)
        var out = Self.header(size: first, theme: frames.first?.grid.theme ?? .dark, command: command, caption: caption)
        var size = first
        for (index, frame) in frames.enumerated() {
            out += Self.events(frame, after: size, first: index == 0)
            size = frame.grid.size
        }
        return out
    }

    /// The header line (with its newline) of a recording whose first frame has `size` and `theme`.
    public static func header(size: Size, theme: Theme, command: String, caption: String) -> String {
        let palette = (0..<16).map { RGB.xterm($0).hex }.joined(separator: ":")
        let colours = "\"fg\": \"\(ScreenColors.foreground(theme).hex)\", \"bg\": \"\(ScreenColors.background(theme).hex)\""
        return "{\"version\": 2, \"width\": \(size.width), \"height\": \(size.height), "
            + "\"title\": \(jsonString(caption)), \"command\": \(jsonString(command)), "
            + "\"env\": {\"TERM\": \"xterm-256color\"}, "
            + "\"theme\": {" + colours + ", \"palette\": \"" + palette + "\"}}\n"
    }

    /// The event lines (with newlines) of `frame` shown after a frame of size `previous`: a
    /// resize event when the size changed, then the repaint.
    public static func events(_ frame: Frame, after previous: Size, first: Bool) -> String {
        let time = seconds(frame.milliseconds)
        var out = ""
        if frame.grid.size != previous {
            out += "[\(time), \"r\", \"\(frame.grid.size.width)x\(frame.grid.size.height)\"]\n"
        }
        return out + "[\(time), \"o\", \(jsonString(repaint(frame.grid, first: first)))]\n"
    }

    /// Escapes that draw `grid` over the whole terminal: home, then every row (cleared to its end
    /// when it is shorter than the terminal), rows joined by CR LF so the last row never scrolls.
    /// The first frame also hides the cursor and clears the screen, as the explorer does.
    static func repaint(_ grid: CellGrid, first: Bool) -> String {
        var out = first ? "\u{1B}[?25l\u{1B}[2J\u{1B}[H" : "\u{1B}[H"
        for y in 0..<grid.height {
            out += ScreenExport.ansiRow(grid, y)
            // A full row leaves the cursor in the last column, where EL would erase that cell.
            if grid.trimmedLength(row: y) < grid.width { out += "\u{1B}[K" }
            if y < grid.height - 1 { out += "\r\n" }
        }
        return out
    }

    /// `1.500` for 1500 ms: a JSON number with exactly three decimals.
    static func seconds(_ milliseconds: Int) -> String {
        let ms = max(0, milliseconds)
        let fraction = ms % 1000
        return "\(ms / 1000)." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + "\(fraction)"
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = Array("0123456789abcdef")
                    out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 15)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
