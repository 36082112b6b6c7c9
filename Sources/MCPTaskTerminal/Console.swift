import Foundation
import Synchronization

/// The process's standard output and error, written with `write(2)` so nothing sits in a buffer when the
/// process exits, and serialised so concurrent writers never interleave within a line.
public final class Console: Sendable {
    public static let shared = Console()

    private let lock = Mutex(())
    /// Whether standard error is a terminal (status lines redraw in place only then).
    public let stderrIsTTY: Bool
    public let stdoutIsTTY: Bool
    /// Whether an updating status line is currently drawn on stderr.
    private let statusDrawn = Mutex(false)

    public init() {
        stderrIsTTY = isatty(2) == 1
        stdoutIsTTY = isatty(1) == 1
    }

    /// The width of the terminal on stdout, or nil when stdout is not a terminal (then nothing is cut).
    public var stdoutColumns: Int? {
        guard stdoutIsTTY else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    /// Writes `text` to standard output.
    public func out(_ text: String) {
        guard !text.isEmpty else { return }
        lock.withLock { _ in
            clearStatusLocked()
            if let overlay = overlay.withLock({ $0 }), overlay(1, text) { return }
            Self.writeAll(1, text)
        }
    }

    /// Writes one line to standard error (a newline is added).
    public func err(_ line: String) {
        lock.withLock { _ in
            clearStatusLocked()
            if let overlay = overlay.withLock({ $0 }), overlay(2, line + "\n") { return }
            Self.writeAll(2, line + "\n")
        }
    }

    /// Where output goes instead of straight to the descriptor, when it says it took it (`mcptask shell` prints
    /// above the prompt being edited this way). Gets the descriptor (1 or 2) and the text; returns whether it
    /// wrote the text.
    public typealias Overlay = @Sendable (_ fd: Int32, _ text: String) -> Bool
    private let overlay = Mutex<Overlay?>(nil)

    /// Installs (or with nil removes) the ``Overlay`` that ``out(_:)`` and ``err(_:)`` try first.
    public func setOverlay(_ overlay: Overlay?) {
        self.overlay.withLock { $0 = overlay }
    }

    /// While a prompt is open the status line is not redrawn (it would overwrite what is being typed).
    private let prompting = Mutex(false)

    /// Marks a prompt as open or closed; closing does not redraw, the next status update will.
    public func setPrompting(_ active: Bool) {
        prompting.withLock { $0 = active }
        if active { clearStatus() }
    }

    /// Draws (or replaces) the single updating status line on a terminal's stderr.
    public func status(_ line: String) {
        if prompting.withLock({ $0 }) { return }
        lock.withLock { _ in
            Self.writeAll(2, "\r\u{1B}[2K" + line)
            statusDrawn.withLock { $0 = true }
        }
    }

    /// Removes the status line, if one is drawn.
    public func clearStatus() {
        lock.withLock { _ in clearStatusLocked() }
    }

    private func clearStatusLocked() {
        let drawn = statusDrawn.withLock { d -> Bool in
            defer { d = false }
            return d
        }
        if drawn { Self.writeAll(2, "\r\u{1B}[2K") }
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // EPIPE (reader went away): nothing sensible left to do
                }
                offset += n
            }
        }
    }
}
