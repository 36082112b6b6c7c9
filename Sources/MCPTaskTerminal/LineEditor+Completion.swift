import CEditLine
import Foundation

/// Tab completion and the saved lines of yielding reads. Everything here runs on the reading thread, inside
/// `el_gets` (from a key handler), where the editor may be touched.
extension LineEditor {
    /// The line being edited and the cursor in it.
    static func currentLine(_ el: OpaquePointer) -> TerminalArbiter.SavedLine {
        let (text, cursorBytes) = lineAndCursor(el)
        let after = String(decoding: Array(text.utf8).dropFirst(cursorBytes), as: UTF8.self)
        return TerminalArbiter.SavedLine(text: text, afterCursor: after.unicodeScalars.count)
    }

    /// Puts a saved line back into the (empty) line being edited, cursor where it was.
    static func insert(_ saved: TerminalArbiter.SavedLine, into el: OpaquePointer) {
        guard !saved.text.isEmpty else { return }
        _ = el_insertstr(el, saved.text)
        if saved.afterCursor > 0 { _ = el_cursor(el, Int32(-saved.afterCursor)) }
    }

    /// The line as text and the cursor's offset in it, in UTF-8 bytes.
    private static func lineAndCursor(_ el: OpaquePointer) -> (String, Int) {
        guard let info = el_line(el)?.pointee, let buffer = info.buffer, let last = info.lastchar,
              let cursor = info.cursor, last >= buffer else { return ("", 0) }
        let count = last - buffer
        let bytes = UnsafeBufferPointer(start: buffer, count: count).map { UInt8(bitPattern: $0) }
        return (String(decoding: bytes, as: UTF8.self), max(0, min(count, cursor - buffer)))
    }

    /// Tab: asks ``completer`` and inserts, completes to the common beginning, or lists the candidates.
    func complete(_ el: OpaquePointer) -> UInt8 {
        guard let completer else {
            _ = el_insertstr(el, "\t")
            return UInt8(CC_REFRESH)
        }
        let (line, cursorBytes) = Self.lineAndCursor(el)
        let before = String(decoding: Array(line.utf8).prefix(cursorBytes), as: UTF8.self)
        let partial = String(before.reversed().prefix { $0 != " " && $0 != "\t" }.reversed())
        var seen = Set<String>()
        let matching = completer(line, before.count).filter { $0.hasPrefix(partial) && seen.insert($0).inserted }
        guard let first = matching.first else { return UInt8(CC_REFRESH_BEEP) }
        if matching.count == 1 {
            let ending = first.hasSuffix("=") || first.hasSuffix("/") ? "" : " "
            Self.insertText(String(first.dropFirst(partial.count)) + ending, el)
            return UInt8(CC_REFRESH)
        }
        let common = Self.commonPrefix(matching)
        if common.count > partial.count {
            Self.insertText(String(common.dropFirst(partial.count)), el)
            return UInt8(CC_REFRESH)
        }
        TerminalArbiter.writeAbovePrompt(el, [(2, Self.columns(matching.sorted(), width: EditLineShim.columns))])
        return UInt8(CC_NORM)
    }

    private static func insertText(_ text: String, _ el: OpaquePointer) {
        guard !text.isEmpty else { return }
        _ = el_insertstr(el, text)
    }

    /// The longest beginning all `words` share.
    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// `words` in columns that fit `width`, row by row.
    static func columns(_ words: [String], width: Int) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(1, cell))
        var out = ""
        for (index, word) in words.enumerated() {
            let last = index % perRow == perRow - 1 || index == words.count - 1
            out += last ? word + "\n" : word + String(repeating: " ", count: cell - word.count)
        }
        return out
    }
}
