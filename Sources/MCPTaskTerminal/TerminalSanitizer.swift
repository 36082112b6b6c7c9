/// Turns untrusted server text into text that is safe to print on a terminal.
///
/// Removes escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`, DCS/SOS/PM/APC strings, and
/// two-byte `ESC x`), their 8-bit C1 forms, every other C0 and C1 control character and DEL. Newlines and
/// tabs are kept unless `singleLine` asks for them to be folded into spaces (status lines, table cells).
public enum TerminalSanitizer {
    public static func sanitize(_ text: String, singleLine: Bool = false) -> String {
        // Fast path: nothing to do for plain printable text.
        if !text.unicodeScalars.contains(where: { needsWork($0, singleLine: singleLine) }) { return text }
        var out = String.UnicodeScalarView()
        var it = Array(text.unicodeScalars)[...]
        while let s = it.popFirst() {
            switch s.value {
            case 0x1B:  // ESC
                guard let next = it.first else { continue }
                switch next.value {
                case 0x5B:  // CSI
                    it.removeFirst()
                    skipCSI(&it)
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // OSC, DCS, SOS, PM, APC: strings ended by BEL or ST
                    it.removeFirst()
                    skipString(&it)
                default:
                    // Two-byte sequence (ESC c, ESC 7, ESC ( B takes one more).
                    it.removeFirst()
                    if (0x20...0x2F).contains(next.value), let final = it.first, (0x30...0x7E).contains(final.value) {
                        it.removeFirst()
                    }
                }
            case 0x9B:  // 8-bit CSI
                skipCSI(&it)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F:
                skipString(&it)
            case 0x0A:
                out.append(singleLine ? " " : s)
            case 0x09:
                out.append(singleLine ? " " : s)
            case 0x0D:
                // CR can overwrite what was printed; drop it (CRLF becomes LF).
                continue
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                continue
            case 0x202A...0x202E, 0x2066...0x2069:
                // Bidirectional overrides can make text read differently from what it is.
                continue
            default:
                out.append(s)
            }
        }
        return String(out)
    }

    private static func needsWork(_ s: Unicode.Scalar, singleLine: Bool) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return singleLine
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func skipCSI(_ it: inout ArraySlice<Unicode.Scalar>) {
        // Parameters and intermediates, then one final byte in 0x40...0x7E.
        while let c = it.popFirst() {
            if (0x40...0x7E).contains(c.value) { return }
            if !(0x20...0x3F).contains(c.value) { return }
        }
    }

    private static func skipString(_ it: inout ArraySlice<Unicode.Scalar>) {
        while let c = it.popFirst() {
            if c.value == 0x07 || c.value == 0x9C { return }
            if c.value == 0x1B {
                if it.first?.value == 0x5C { it.removeFirst() }
                return
            }
        }
    }
}
