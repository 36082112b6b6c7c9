import CEditLine
import Foundation
import Synchronization

/// Line input with editing through libedit: emacs keys, history within the session (Up recalls earlier
/// answers), Ctrl-R incremental search. Prompts are drawn on stderr, so stdout stays clean for results.
///
/// Ctrl-C is read as a key while a line is edited: it ends the line as ``ReadResult/interrupted`` instead of
/// killing the process. `readLine` blocks a dedicated thread, never a thread of the cooperative pool.
///
/// An *interruptible* editor (on a terminal) also lets other threads print above the line being edited
/// (``printAbovePrompt(_:fd:)``), can yield its read to a question that needs the terminal
/// (``readLine(prompt:yielding:)``, ``claimTerminal()``), and completes words with Tab (``completer``).
/// Reads of all editors of the process are serialised: there is one terminal.
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
    /// Held during `el_gets` and history changes of this editor (the arbiter orders reads across editors).
    private let lock = NSLock()
    /// Whether reads can be interrupted: requested at init, and stdin is a terminal.
    let isAsynchronous: Bool
    private let completerStorage = Mutex<(@Sendable (_ line: String, _ cursor: Int) -> [String])?>(nil)

    /// Completes the word before the cursor when Tab is pressed (interruptible editors only). It gets the whole
    /// line and the cursor's offset in it (in characters) and returns the words that could stand where the word
    /// before the cursor is (those not starting with that word are ignored). One is inserted; several are
    /// completed to their common beginning, or listed above the prompt. Without a completer Tab inserts a tab.
    public var completer: (@Sendable (_ line: String, _ cursor: Int) -> [String])? {
        get { completerStorage.withLock { $0 } }
        set { completerStorage.withLock { $0 = newValue } }
    }

    /// Opens an editor; nil when libedit cannot initialise (no usable terminal description).
    /// - Parameters:
    ///   - historyFile: where history is loaded from and saved to, if it should outlive the process.
    ///   - interruptible: whether other threads may print above the line being edited and reads may yield
    ///     the terminal (takes effect when stdin is a terminal).
    ///   - completer: see ``completer``.
    public init?(programName: String = "mcptask", historyFile: String? = nil, historySize: Int32 = 500,
                 interruptible: Bool = false,
                 completer: (@Sendable (_ line: String, _ cursor: Int) -> [String])? = nil) {
        guard let history = ceditline_history_open(historySize) else { return nil }
        guard let editor = ceditline_open(programName, history) else {
            history_end(history)
            return nil
        }
        self.editor = editor
        self.history = history
        self.historyFile = historyFile
        if let historyFile { _ = ceditline_history_load(history, historyFile) }
        if interruptible, isatty(0) == 1, TerminalArbiter.shared.wakeAvailable {
            EditLineShim.enableAsync(editor)
            isAsynchronous = true
        } else {
            isAsynchronous = false
        }
        completerStorage.withLock { $0 = completer }
    }

    /// The libedit handle (for the arbiter, which finds the reading editor by it).
    var editLine: OpaquePointer { editor }

    deinit {
        el_end(editor)
        history_end(history)
    }

    /// Reads one line (without its newline), showing `prompt`.
    public func readLine(prompt: String) async -> ReadResult {
        await readLine(prompt: prompt, yielding: false)
    }

    /// Reads one line, showing `prompt`. With `yielding` (on an interruptible editor), the read gives the
    /// terminal to any question that needs it meanwhile (``claimTerminal()`` or another read): the prompt and
    /// what was typed leave the screen, and come back, cursor and all, once the question is over.
    public func readLine(prompt: String, yielding: Bool) async -> ReadResult {
        await withCheckedContinuation { (continuation: CheckedContinuation<ReadResult, Never>) in
            let thread = Thread { [self] in
                continuation.resume(returning: self.readLineBlocking(prompt: prompt, yielding: yielding))
            }
            thread.name = "mcptask.line-editor"
            thread.start()
        }
    }

    private func readLineBlocking(prompt: String, yielding: Bool) -> ReadResult {
        let arbiter = TerminalArbiter.shared
        let yields = yielding && isAsynchronous
        var saved: TerminalArbiter.SavedLine?
        while true {
            arbiter.enter(self, yields: yields, restoring: saved)
            let result: ReadResult?
            lock.lock()
            ceditline_set_prompt_text(prompt)
            var count: Int32 = 0
            let cLine = ceditline_gets(editor, &count)
            saved = arbiter.takeSuspended()
            if saved != nil {
                result = nil
            } else if let cLine, count > 0 {
                var line = String(cString: cLine)
                if line.hasSuffix("\n") { line.removeLast() }
                if line.hasSuffix("\r") { line.removeLast() }
                result = .line(line)
            } else {
                let interrupted = ceditline_interrupt_flag().pointee != 0
                // libedit leaves the cursor after the prompt; end the line so the next output starts clean.
                FileHandle.standardError.write(Data((interrupted ? "^C\n" : "\n").utf8))
                result = interrupted ? .interrupted : .endOfInput
            }
            lock.unlock()
            arbiter.leave(self)
            if let result { return result }
        }
    }

    /// Takes the terminal for a question that asks several times in a row (a form): a yielding read of any
    /// editor is suspended until ``releaseTerminal()``. Returns once the terminal is free of such reads.
    public func claimTerminal() async {
        await TerminalArbiter.shared.claim()
    }

    /// Gives back the terminal taken with ``claimTerminal()``.
    public func releaseTerminal() {
        TerminalArbiter.shared.release()
    }

    /// Writes `text` (to `fd`: 1 or 2) above the prompt of the line being edited on an interruptible editor and
    /// redraws the prompt and the line below it. Returns false, writing nothing, when no such read is in
    /// progress; the caller then writes the text itself.
    public static func printAbovePrompt(_ text: String, fd: Int32) -> Bool {
        TerminalArbiter.shared.printAbove(text, fd: fd)
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

/// The shim's calls that touch its state. `shim.h` keeps state (prompt text, wake pipe, handlers) in
/// function-local statics of `static inline` functions, and every Swift file that calls such a function gets
/// its own copy of it: so every call that touches that state is made from this one file.
enum EditLineShim {
    /// Creates the wake pipe and installs the wake and completion key handlers; false without a pipe.
    static func setUp(wake: ceditline_handler_t, complete: ceditline_handler_t) -> Bool {
        ceditline_wake_handler_slot().pointee = wake
        ceditline_complete_handler_slot().pointee = complete
        return ceditline_wake_setup() == 0
    }

    /// Makes the reading editor call the wake handler.
    static func wake() { ceditline_wake() }

    /// Forgets wake-ups nobody took.
    static func drainWakes() { ceditline_wake_drain() }

    /// Makes `el` interruptible (its key reader, the wake key and Tab).
    static func enableAsync(_ el: OpaquePointer) { ceditline_enable_async(el) }

    /// Erases the prompt and line being edited, leaving the cursor where the prompt began.
    static func clearEditArea(_ el: OpaquePointer) { ceditline_clear_edit_area(el) }

    /// Draws the prompt and line again where the cursor is.
    static func refresh(_ el: OpaquePointer) { ceditline_refresh(el) }

    /// The terminal's width.
    static var columns: Int { Int(ceditline_columns()) }
}
