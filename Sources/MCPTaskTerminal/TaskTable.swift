import Foundation
import MCPTaskCore

/// Renders tasks as aligned rows: id, status, message, age, ttl and poll interval.
public struct TaskTable: Sendable {
    public static let header = ["ID", "STATUS", "MESSAGE", "AGE", "TTL", "POLL"]
    private let now: Date
    /// Widest message column before it is cut with an ellipsis.
    public var maxMessageWidth = 48

    public init(now: Date = Date()) { self.now = now }

    /// The header with a TOOL column after STATUS (for listings joined with the local registry).
    public static let headerWithTool = ["ID", "STATUS", "TOOL", "MESSAGE", "AGE", "TTL", "POLL"]

    /// The cells of one task row (sanitised, single line); with `tool`, a TOOL cell follows the status
    /// (`-` when the tool is not known).
    public func cells(_ task: MCPTask, tool: String?? = nil) -> [String] {
        let message = TerminalSanitizer.sanitize(task.statusMessage ?? "", singleLine: true)
        var cells = [TerminalSanitizer.sanitize(task.taskId, singleLine: true), task.status.wire]
        if let tool { cells.append(tool.map { TerminalSanitizer.sanitize($0, singleLine: true) } ?? "-") }
        return cells + [
            message.count > maxMessageWidth ? String(message.prefix(maxMessageWidth - 1)) + "…" : message,
            task.createdAt.flatMap(Self.parseDate).map { DurationFormat.short(now.timeIntervalSince($0)) } ?? "-",
            task.ttl.map { DurationFormat.short(Double($0) / 1000) } ?? "∞",
            task.pollInterval.map { DurationFormat.milliseconds($0) } ?? "-",
        ]
    }

    /// Formats rows with column widths computed over `rows` (plus the header when given). With `maxWidth`
    /// (a terminal's width), lines longer than that are cut with an ellipsis.
    public static func format(_ rows: [[String]], header: [String]? = TaskTable.header, maxWidth: Int? = nil) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        guard let columns = all.first?.count else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() where i < columns { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in all {
            var line = ""
            for (i, cell) in row.enumerated() {
                if i == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            if let maxWidth, maxWidth > 1, line.count > maxWidth { line = String(line.prefix(maxWidth - 1)) + "…" }
            out += line + "\n"
        }
        return out
    }

    nonisolated(unsafe) private static let isoWithFraction: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
    nonisolated(unsafe) private static let iso: ISO8601DateFormatter = ISO8601DateFormatter()
    private static let lock = NSLock()

    /// Parses an ISO 8601 timestamp with or without fractional seconds.
    public static func parseDate(_ text: String) -> Date? {
        lock.lock()
        defer { lock.unlock() }
        if let d = isoWithFraction.date(from: text) { return d }
        if let d = iso.date(from: text) { return d }
        // Python writes microseconds and "+00:00"; trim the fraction to milliseconds.
        if let dot = text.firstIndex(of: ".") {
            var end = text.index(after: dot)
            while end < text.endIndex, text[end].isNumber { end = text.index(after: end) }
            let fraction = text[text.index(after: dot)..<end].prefix(3)
            let trimmed = String(text[..<dot]) + "." + fraction + String(text[end...])
            return isoWithFraction.date(from: trimmed)
        }
        return nil
    }
}

/// Compact durations: `850ms`, `12s`, `3m04s`, `2h05m`, `3d4h`.
public enum DurationFormat {
    public static func short(_ seconds: Double) -> String {
        guard seconds.isFinite else { return seconds > 0 ? "∞" : "0s" }
        let s = min(max(0, seconds), 1e12)
        if s < 60 { return "\(Int(s))s" }
        let total = Int(s)
        if total < 3600 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        if total < 86400 { return "\(total / 3600)h\(String(format: "%02d", (total % 3600) / 60))m" }
        return "\(total / 86400)d\((total % 86400) / 3600)h"
    }

    public static func milliseconds(_ ms: Int) -> String {
        if ms < 1000 { return "\(ms)ms" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return String(format: "%.1fs", Double(ms) / 1000)
    }
}
