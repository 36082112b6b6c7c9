import Foundation
import Testing
@testable import MCPTaskCore
@testable import MCPTaskTerminal

@Suite("TaskTable, DurationFormat and dates")
struct TaskTableTests {
    static let tenAM = Date(timeIntervalSince1970: 1_764_064_800)  // 2025-11-25T10:00:00Z

    @Test("parseDate: ISO 8601 with and without fractions, Z or offsets", arguments: [
        ("2025-11-25T10:00:00Z", 0.0),
        ("2025-11-25T10:00:00.123Z", 0.123),
        ("2025-11-25T10:00:00.5Z", 0.5),
        ("2025-11-25T10:00:00.123456+00:00", 0.123),
        ("2025-11-25T10:00:00.123456Z", 0.123),
        ("2025-11-25T10:00:00+00:00", 0.0),
        ("2025-11-25T12:00:00+02:00", 0.0),
        ("2025-11-25T05:30:00.250-04:30", 0.25),
    ] as [(String, Double)])
    func parseDate(text: String, offset: Double) throws {
        let date = try #require(TaskTable.parseDate(text))
        #expect(abs(date.timeIntervalSince(Self.tenAM) - offset) < 0.002, "\(text) → \(date)")
    }

    @Test("unparseable dates are nil", arguments: ["", "yesterday", "2025-11-25", "10:00:00", "2025-13-45T99:00:00Z", "2025-11-25T10:00:00.Z"])
    func badDates(text: String) {
        #expect(TaskTable.parseDate(text) == nil)
    }

    @Test("short durations", arguments: [
        (0.0, "0s"), (0.9, "0s"), (59.9, "59s"), (60, "1m00s"), (125, "2m05s"), (3599, "59m59s"),
        (3600, "1h00m"), (7500, "2h05m"), (86_399, "23h59m"), (86_400, "1d0h"), (86_400 + 4 * 3600 + 59, "1d4h"), (-5, "0s"),
    ] as [(Double, String)])
    func short(seconds: Double, text: String) {
        #expect(DurationFormat.short(seconds) == text)
    }

    @Test("absurd durations do not crash")
    func absurdDurations() async {
        await #expect(processExitsWith: .success) {
            for s in [Double.infinity, 1e300, -Double.infinity, Double.nan] { _ = DurationFormat.short(s) }
        }
    }

    @Test("millisecond durations", arguments: [(0, "0ms"), (850, "850ms"), (999, "999ms"), (1000, "1s"), (1500, "1.5s"), (60_000, "60s"), (2250, "2.2s")] as [(Int, String)])
    func milliseconds(ms: Int, text: String) {
        if ms == 2250 {
            #expect(["2.2s", "2.3s"].contains(DurationFormat.milliseconds(ms)))
        } else {
            #expect(DurationFormat.milliseconds(ms) == text)
        }
    }

    private func task(id: String = "t-1", status: TaskStatus = .working, message: String? = nil,
                      createdAt: String? = "2025-11-25T10:00:00Z", ttl: Int? = nil, poll: Int? = nil) -> MCPTask {
        MCPTask(taskId: id, status: status, statusMessage: message, createdAt: createdAt, ttl: ttl, pollInterval: poll, json: .null)
    }

    @Test func cells() {
        let table = TaskTable(now: Self.tenAM.addingTimeInterval(90))
        #expect(table.cells(task(message: "Step 2 of 5", ttl: 60_000, poll: 500)) == ["t-1", "working", "Step 2 of 5", "1m30s", "1m00s", "500ms"])
        #expect(table.cells(task(status: .inputRequired, createdAt: nil)) == ["t-1", "input_required", "", "-", "∞", "-"])
        #expect(table.cells(task(createdAt: "garbage"))[3] == "-")
    }

    @Test("cells are sanitised and single-line")
    func cellsSanitised() {
        let row = TaskTable(now: Self.tenAM).cells(task(id: "id\u{1B}[31m!", message: "line1\nline2\u{1B}]0;t\u{07}"))
        #expect(row[0] == "id!")
        #expect(row[2] == "line1 line2")
    }

    @Test("long messages are cut to the width with an ellipsis")
    func longMessage() {
        var table = TaskTable(now: Self.tenAM)
        table.maxMessageWidth = 10
        let cell = table.cells(task(message: String(repeating: "m", count: 30)))[2]
        #expect(cell.count == 10)
        #expect(cell.hasSuffix("…"))
        #expect(table.cells(task(message: "0123456789"))[2] == "0123456789", "exactly the width is not cut")
        #expect(TaskTable(now: Self.tenAM).cells(task(message: String(repeating: "é", count: 200)))[2].count == 48)
    }

    @Test("columns line up, no trailing spaces")
    func format() {
        let rows = [["abc", "working", "x"], ["a", "completed", ""], ["abcdef", "failed", "boom"]]
        let out = TaskTable.format(rows, header: ["ID", "STATUS", "MESSAGE"])
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines.last == "")
        #expect(lines[0] == "ID      STATUS     MESSAGE")
        #expect(lines[1] == "abc     working    x")
        #expect(lines[2] == "a       completed")
        #expect(lines[3] == "abcdef  failed     boom")
        for line in lines { #expect(!line.hasSuffix(" ")) }
    }

    @Test func formatWithoutHeader() {
        #expect(TaskTable.format([["a", "b"]], header: nil) == "a  b\n")
        #expect(TaskTable.format([], header: nil) == "")
        #expect(TaskTable.format([]).hasPrefix("ID"))
    }
}

@Suite("StatusReporter.line")
struct StatusReporterLineTests {
    @Test func line() {
        func t(_ s: TaskStatus, _ m: String?) -> MCPTask { MCPTask(taskId: "t", status: s, statusMessage: m, json: .null) }
        #expect(StatusReporter.line(for: t(.working, "50% done")) == "working: 50% done")
        #expect(StatusReporter.line(for: t(.working, nil)) == "working")
        #expect(StatusReporter.line(for: t(.working, "")) == "working")
        #expect(StatusReporter.line(for: t(.inputRequired, "a\nb\u{1B}[2J")) == "input_required: a b")
    }
}
