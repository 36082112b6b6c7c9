import CEditLine
import Foundation
import Synchronization

/// Line input with editing through libedit: emacs keys, history within the session (Up recalls earlier
/// answers), Ctrl-R incremental search. Prompts are drawn on stderr, so stdout stays clean for results.
///
/// Ctrl-C is read as a key while a line is edited: it ends the line as ``ReadResult/interrupted`` instead of
/// killing the process. `readLine` blocks a dedicated thread, never a thread of the cooperative pool.
public final class LineEditor: @unchecked Sendable {
    /// What one read produced.
    public enum ReadResult: Sendable, Equatable {
        case line(String)
        /// Ctrl-D on an empty line, or the input ended.
        case endOfInput
        /// Ctrl-C.
        case interrupted
    }

    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: String?
    /// One read at a time; libedit's prompt storage is global.
    private let lock = NSLock()

    /// Opens an editor; nil when libedit cannot initialise (no usable terminal description).
    /// - Parameter historyFile: where history is loaded from and saved to, if it should outlive the process.
    public init?(programName: String = "mcptask", historyFile: String? = nil, historySize: Int32 = 500) {
        guard let history = ceditline_history_open(historySize) else { return nil }
        guard let editor = ceditline_open(programName, history) else {
            history_end(history)
            return nil
        }
        self.editor = editor
        self.history = history
        self.historyFile = historyFile
        if let historyFile { _ = ceditline_history_load(history, historyFile) }
    }

    deinit {
        el_end(editor)
        history_end(history)
    }

    /// Reads one line (without its newline), showing `prompt`.
    public func readLine(prompt: String) async -> ReadResult {
        await withCheckedContinuation { (continuation: CheckedContinuation<ReadResult, Never>) in
            let thread = Thread { [self] in
                continuation.resume(returning: self.readLineBlocking(prompt: prompt))
            }
            thread.name = "mcptask.line-editor"
            thread.start()
        }
    }

    private func readLineBlocking(prompt: String) -> ReadResult {
        lock.lock()
        defer { lock.unlock() }
        ceditline_set_prompt_text(prompt)
        var count: Int32 = 0
        guard let cLine = ceditline_gets(editor, &count), count > 0 else {
            let interrupted = ceditline_interrupt_flag().pointee != 0
            // libedit leaves the cursor after the prompt; end the line so the next output starts clean.
            FileHandle.standardError.write(Data((interrupted ? "^C\n" : "\n").utf8))
            return interrupted ? .interrupted : .endOfInput
        }
        var line = String(cString: cLine)
        if line.hasSuffix("\n") { line.removeLast() }
        if line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }

    /// Adds an answer to the history (blank lines are not kept).
    public func addHistory(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        ceditline_history_add(history, line)
        if let historyFile { _ = ceditline_history_save(history, historyFile) }
    }

    /// Puts the terminal back as it was before any editing (also done automatically at exit).
    public static func restoreTerminal() {
        ceditline_restore_tty()
    }
}
