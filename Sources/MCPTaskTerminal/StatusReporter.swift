import Foundation
import MCPTaskCore

/// Shows a task's progress on stderr: one updating line on a terminal, one line per change otherwise.
public final class StatusReporter: Sendable {
    private let console: Console
    private let interactive: Bool
    private let start = ContinuousClock.now

    public init(console: Console = .shared, interactive: Bool? = nil) {
        self.console = console
        self.interactive = interactive ?? console.stderrIsTTY
    }

    /// The one-line description of a task state, sanitised.
    public static func line(for task: MCPTask) -> String {
        var line = task.status.wire
        if let message = task.statusMessage, !message.isEmpty {
            line += ": " + TerminalSanitizer.sanitize(message, singleLine: true)
        }
        return line
    }

    /// Reports a new state of `task`.
    public func update(_ task: MCPTask) {
        let text = Self.line(for: task)
        if interactive {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var line = "⏳ \(text) (\(DurationFormat.short(seconds)))"
            if line.count > 200 { line = String(line.prefix(199)) + "…" }
            console.status(line)
        } else {
            console.err("mcptask: task \(TerminalSanitizer.sanitize(task.taskId, singleLine: true)): \(text)")
        }
    }

    /// Removes the updating line before the result is printed.
    public func finish() {
        if interactive { console.clearStatus() }
    }
}
