import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// The terminal side of `mcptask shell`: the prompt's line editor (history in the state directory, Tab
/// completion) and, on an editor of its own (answers stay out of the shell's history), the prompter that asks
/// the server's questions. Both editors are interruptible, so output from other tasks appears above whichever
/// of them is reading, and the prompt yields the terminal to a question while it is asked.
struct ShellTerminal: Sendable {
    let editor: LineEditor
    let prompter: ElicitationPrompter?
    let console: Console

    static let prompt = "mcptask> "

    /// Whether a person is there to ask (stdin and stderr are terminals).
    static var interactive: Bool { isatty(0) == 1 && isatty(2) == 1 }

    /// The policy of the shell's request handler: ask at the terminal, or decline when nobody can be asked.
    static var policy: ElicitationPolicy { ElicitationPolicy(declineAll: false, canPrompt: interactive) }

    /// Opens the editors; nil when libedit cannot start.
    static func open(console: Console, verbose: Bool, completer: ShellCompleter) -> ShellTerminal? {
        let complete: @Sendable (String, Int) -> [String] = { line, cursor in completer.complete(line, cursor) }
        guard let editor = LineEditor(historyFile: historyPath(console: console, verbose: verbose), interruptible: true,
                                      completer: complete) else { return nil }
        let prompter = LineEditor(interruptible: true).map { ElicitationPrompter(console: console, editor: $0) }
        return ShellTerminal(editor: editor, prompter: prompter, console: console)
    }

    /// `shell_history` in the state directory, created mode 0600 if missing; nil (history for this run only)
    /// when the directory cannot be used.
    static func historyPath(console: Console, verbose: Bool) -> String? {
        do {
            let path = try StateDirectory.standard().file("shell_history")
            let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else {
                if verbose { console.err("mcptask: not keeping shell history: cannot open \(path) (errno \(errno))") }
                return nil
            }
            _ = fchmod(fd, 0o600)
            close(fd)
            return path
        } catch {
            if verbose {
                console.err("mcptask: not keeping shell history: \(TerminalSanitizer.sanitize(String(describing: error), singleLine: true))")
            }
            return nil
        }
    }

    /// Routes the console's output above the prompt while a line is being edited.
    func attach() {
        console.setOverlay { fd, text in LineEditor.printAbovePrompt(text, fd: fd) }
    }

    /// Writes straight to the terminal again and puts the terminal back as it was.
    func detach() {
        console.setOverlay(nil)
        LineEditor.restoreTerminal()
    }
}
