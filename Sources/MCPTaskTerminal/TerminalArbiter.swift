import CEditLine
import Foundation

/// Decides which ``LineEditor`` reads the terminal, for the whole process (there is one terminal, and libedit's
/// prompt storage is global).
///
/// One `el_gets` runs at a time. A read may *yield* (the `mcptask shell` prompt does): when a question needs
/// the terminal (``claim()``, or any read that does not yield), the yielding read is suspended — its line is
/// taken off the screen and saved — and it starts again, with the saved line and cursor, once nobody holds a
/// claim. While an interruptible editor reads, other threads' output is queued here and written above the
/// prompt by the reading thread itself, which then redraws the prompt and the line (see `shim.h`).
final class TerminalArbiter: @unchecked Sendable {
    static let shared = TerminalArbiter()

    /// A line taken from a read that yielded the terminal, given back when it reads again.
    struct SavedLine: Sendable, Equatable {
        var text: String
        /// How many characters (libedit's wide characters: Unicode scalars) follow the cursor.
        var afterCursor: Int
    }

    /// Whether the wake pipe exists (without it no read can be interrupted).
    let wakeAvailable: Bool
    private let stdoutIsTTY = isatty(1) == 1

    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var reader: LineEditor?
    private var readerYields = false
    private var claims = 0
    private var pending: [(fd: Int32, text: String)] = []
    private var suspendRequested = false
    private var restore: SavedLine?
    private var suspended: SavedLine?

    private init() {
        wakeAvailable = EditLineShim.setUp(wake: { el in
            guard let el else { return UInt8(CC_NORM) }
            return TerminalArbiter.shared.handleWake(el)
        }, complete: { el in
            guard let el, let editor = TerminalArbiter.shared.currentReader(el) else { return UInt8(CC_ERROR) }
            return editor.complete(el)
        })
    }

    // MARK: - Reads

    /// Waits until `editor` may read, and makes it the reader. A yielding read waits while anyone holds a claim;
    /// a read that does not yield counts as a claim itself (and suspends a yielding reader).
    func enter(_ editor: LineEditor, yields: Bool, restoring saved: SavedLine?) {
        condition.lock()
        defer { condition.unlock() }
        if yields {
            while reader != nil || claims > 0 { condition.wait() }
        } else {
            claims += 1
            while reader != nil {
                if readerYields { requestSuspendLocked() }
                condition.wait()
            }
        }
        reader = editor
        readerYields = yields
        suspendRequested = false
        suspended = nil
        EditLineShim.drainWakes()
        restore = saved
        if saved != nil { EditLineShim.wake() }
    }

    /// The line saved when the read that just ended was suspended (nil: it ended by itself).
    func takeSuspended() -> SavedLine? {
        condition.withLock {
            defer { suspended = nil }
            return suspended
        }
    }

    /// Ends the current read: output queued meanwhile is written, and waiting reads and claims may go on.
    func leave(_ editor: LineEditor) {
        condition.lock()
        defer { condition.unlock() }
        guard reader === editor else { return }
        if !readerYields { claims -= 1 }
        reader = nil
        readerYields = false
        restore = nil
        suspendRequested = false
        let messages = pending
        pending = []
        for message in messages { Self.write(message.fd, message.text) }
        condition.broadcast()
    }

    // MARK: - Claims

    /// Takes the terminal from a yielding read (suspending it) and keeps it until ``release()``.
    func claim() async {
        let mustWait = condition.withLock { () -> Bool in
            claims += 1
            guard reader != nil, readerYields else { return false }
            requestSuspendLocked()
            return true
        }
        guard mustWait else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread { [self] in
                condition.lock()
                while reader != nil, readerYields { condition.wait() }
                condition.unlock()
                continuation.resume()
            }
            thread.name = "mcptask.terminal-claim"
            thread.start()
        }
    }

    /// Gives back a claim taken with ``claim()``.
    func release() {
        condition.withLock {
            claims = max(0, claims - 1)
            condition.broadcast()
        }
    }

    private func requestSuspendLocked() {
        suspendRequested = true
        EditLineShim.wake()
    }

    // MARK: - Output above the prompt

    /// Queues `text` for the reading interruptible editor to write above its prompt; false when no such read is
    /// in progress (the caller then writes it itself). Standard output is only routed here when it is a terminal.
    func printAbove(_ text: String, fd: Int32) -> Bool {
        if fd == 1, !stdoutIsTTY { return false }
        condition.lock()
        defer { condition.unlock() }
        guard let reader, reader.isAsynchronous else { return false }
        pending.append((fd, text))
        EditLineShim.wake()
        return true
    }

    /// Writes `text` where the prompt is and draws the prompt and line again below it. Only on the reading
    /// thread, inside `el_gets` (a key handler).
    static func writeAbovePrompt(_ el: OpaquePointer, _ messages: [(fd: Int32, text: String)]) {
        EditLineShim.clearEditArea(el)
        for message in messages { write(message.fd, message.text.hasSuffix("\n") ? message.text : message.text + "\n") }
        EditLineShim.refresh(el)
    }

    // MARK: - On the reading thread

    private func currentReader(_ el: OpaquePointer) -> LineEditor? {
        condition.withLock { reader.flatMap { $0.editLine == el ? $0 : nil } }
    }

    /// The wake key: writes queued output above the prompt, gives the terminal up, or restores a saved line.
    private func handleWake(_ el: OpaquePointer) -> UInt8 {
        condition.lock()
        let messages = pending
        pending = []
        let suspend = suspendRequested && readerYields
        if suspend { suspendRequested = false }
        let restoring = restore
        restore = nil
        condition.unlock()

        if suspend {
            EditLineShim.clearEditArea(el)
            for message in messages { Self.write(message.fd, message.text.hasSuffix("\n") ? message.text : message.text + "\n") }
            let line = LineEditor.currentLine(el)
            condition.withLock { suspended = line }
            return UInt8(CC_EOF)
        }
        if !messages.isEmpty { Self.writeAbovePrompt(el, messages) }
        if let restoring {
            LineEditor.insert(restoring, into: el)
            return UInt8(CC_REFRESH)
        }
        return UInt8(CC_NORM)
    }

    static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
