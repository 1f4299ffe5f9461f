import CNcurses
import Glibc
import TUICore

/// The ncurses driver: the only code that talks to the terminal. It copies ``CellGrid`` frames
/// out, maps style roles to colours through ``Palette``, and decodes keys with ``decodeKey``.
///
/// Open it with ``open(noColor:)`` and always ``close()`` it; crash and signal paths restore
/// the terminal through ``restoreTerminal()``.
public final class NcursesTerminal: Terminal {
    /// The colour tier in use.
    public let tier: ColorTier
    private var pairs: [StyleRole: Int16] = [:]
    private var screen: OpaquePointer?
    /// The theme the colour pairs are set up for; a frame asking for another sets them up again.
    private var theme = Theme.dark

    /// Sets the locale from the environment and tells whether it is UTF-8 (else draw ASCII).
    /// Call before ``open(noColor:)``.
    public static func prepareLocale() -> Bool {
        setlocale(LC_ALL, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        return String(cString: codeset) == "UTF-8"
    }

    /// Takes over the terminal: alternate screen, no echo, keypad, hidden cursor, colours.
    /// - Throws: ``TerminalError`` when stdout is not a terminal or `TERM` is unusable.
    public static func open(noColor: Bool, mouse: Bool = true) throws(TerminalError) -> NcursesTerminal {
        guard isatty(1) == 1, isatty(0) == 1 else { throw .notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        if term.isEmpty || term == "dumb" { throw .dumbTerminal(term: term.isEmpty ? "(unset)" : term) }
        guard let screen = cnc_newterm(nil) else { throw .unknownTerminal(term: term) }
        guard let cup = tigetstr("cup"), Int(bitPattern: cup) != -1 else {
            endwin()
            delscreen(screen)
            throw .dumbTerminal(term: term)
        }
        captureStderr()
        installSignalHandlers()
        cbreak()
        disableFlowControl()
        noecho()
        keypad(cnc_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        if mouse {
            // ncurses turns tracking on in the form terminfo names (X10 or SGR) and off again at
            // endwin; reports it cannot read arrive as characters and go to MouseReport.
            mousemask(cnc_button1_pressed() | cnc_button4_pressed() | cnc_button5_pressed(), nil)
            mouseinterval(0)
        }
        let tier: ColorTier
        if noColor || !has_colors() {
            tier = .none
        } else {
            start_color()
            use_default_colors()
            tier = cnc_colors() >= 256 ? .colors256 : .colors8
        }
        let terminal = NcursesTerminal(tier: tier, screen: screen)
        terminal.setUpPairs()
        return terminal
    }

    private init(tier: ColorTier, screen: OpaquePointer) {
        self.tier = tier
        self.screen = screen
    }

    private func setUpPairs() {
        pairs = [:]
        guard tier != .none else { return }
        var next: Int16 = 1
        var byColor: [Int16: Int16] = [:]
        for role in StyleRole.all {
            guard let color = Palette.entry(role, tier: tier, theme: theme).foreground else { continue }
            if let pair = byColor[color] {
                pairs[role] = pair
                continue
            }
            init_pair(next, color, -1)
            byColor[color] = next
            pairs[role] = next
            next += 1
        }
    }

    /// Leaves curses mode and restores the terminal.
    public func close() {
        guard let screen else { return }
        restoreTerminal()
        delscreen(screen)
        self.screen = nil
    }

    public var size: Size {
        Size(width: Int(getmaxx(cnc_stdscr())), height: Int(getmaxy(cnc_stdscr())))
    }

    public func draw(_ grid: CellGrid) throws {
        if grid.theme != theme {
            theme = grid.theme
            setUpPairs()
        }
        let visible = size
        for y in 0..<min(grid.height, visible.height) {
            for x in 0..<min(grid.width, visible.width) {
                let cell = grid[x, y]
                let entry = Palette.entry(cell.style.role, tier: tier, theme: theme)
                var attributes = entry.attributes
                if cell.style.isReversed { attributes.insert(.reverse) }
                if cell.style.isBold { attributes.insert(.bold) }
                // Writing the bottom-right cell returns ERR (the cursor cannot advance) but draws.
                _ = cnc_put(Int32(y), Int32(x), wchar_t(bitPattern: cell.character.value), curses(attributes),
                            pairs[cell.style.role] ?? 0)
            }
        }
        refresh()
    }

    public func nextKey(timeout milliseconds: Int) throws -> Key? {
        wtimeout(cnc_stdscr(), Int32(milliseconds))
        var code: wint_t = 0
        let status = wget_wch(cnc_stdscr(), &code)
        if status == ERR, terminalIsGone() { terminalStopSignal.store(SIGHUP, ordering: .relaxed) }
        if status == KEY_CODE_YES, Int32(code) == KEY_MOUSE { return mouseEvent() }
        if status == OK, code == 27, let key = rawMouseReport() { return key }
        return decodeKey(status: status, code: UInt32(code))
    }

    /// What a mouse event the explorer ignores (a release, another button) reads as: `resize`,
    /// which the run loop answers by re-reading the size (no change, nothing logged). Not nil:
    /// nil means "the timeout passed", and a tick would train a step while running.
    private static let nothing = Key.resize

    /// The event ncurses decoded, as a key.
    private func mouseEvent() -> Key? {
        var event = MEVENT()
        guard getmouse(&event) == OK, event.x >= 0, event.y >= 0 else { return Self.nothing }
        if event.bstate & cnc_button4_pressed() != 0 { return .wheelUp }
        if event.bstate & cnc_button5_pressed() != 0 { return .wheelDown }
        guard event.bstate & cnc_button1_pressed() != 0 else { return Self.nothing }
        return .click(x: Int(event.x), y: Int(event.y))
    }

    /// After an escape: a mouse report ncurses passed through as characters (an SGR report
    /// under a terminfo entry that expects X10, say). Returns nil, with the characters put back,
    /// when what follows is not a report; a report the explorer ignores reads as no key.
    private func rawMouseReport() -> Key? {
        var pending: [UInt32] = []
        wtimeout(cnc_stdscr(), 0)
        while pending.count < 40 {
            var code: wint_t = 0
            guard wget_wch(cnc_stdscr(), &code) == OK else { break }
            pending.append(UInt32(code))
            if let (decoded, count) = MouseReport.decode(pending), count == pending.count {
                if case .key(let key) = decoded { return key }
                return Self.nothing
            }
            if pending.count >= 2, pending[0] != 0x5B || !(pending[1] == 0x3C || pending[1] == 0x4D) { break }
        }
        for code in pending.reversed() { unget_wch(wchar_t(bitPattern: code)) }
        return nil
    }

    /// True when the terminal was closed under us (a hung-up tty fails `tcgetattr`): then no
    /// SIGHUP may come, and `wget_wch` returns at once forever, so the loop would spin.
    private func terminalIsGone() -> Bool {
        var attributes = termios()
        return tcgetattr(0, &attributes) != 0 && errno != EINTR
    }

    private func curses(_ attributes: TextAttributes) -> attr_t {
        var out = cnc_attr_normal()
        if attributes.contains(.bold) { out |= cnc_attr_bold() }
        if attributes.contains(.dim) { out |= cnc_attr_dim() }
        if attributes.contains(.reverse) { out |= cnc_attr_reverse() }
        if attributes.contains(.underline) { out |= cnc_attr_underline() }
        return out
    }
}
