import CNcurses
import TUICore

/// Turns what `wget_wch` returned into a ``Key``. Pure: no terminal involved.
///
/// - Parameters:
///   - status: `OK` for a character, `KEY_CODE_YES` for a function key, `ERR` for a timeout.
///   - code: the character or the `KEY_*` code.
/// - Returns: the key, or nil for a timeout or a code the explorer has no name for.
public func decodeKey(status: Int32, code: UInt32) -> Key? {
    if status == KEY_CODE_YES {
        switch Int32(code) {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_RESIZE: return .resize
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(Int32(code) - KEY_F0))
        default: return nil
        }
    }
    guard status == OK else { return nil }
    switch code {
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 8, 127: return .backspace
    case 0x20...0x7E:
        guard let scalar = Unicode.Scalar(code) else { return nil }
        return .character(Character(scalar))
    default:
        // Other printable characters pass through; control characters are ignored.
        guard code >= 0xA0, let scalar = Unicode.Scalar(code) else { return nil }
        return .character(Character(scalar))
    }
}
