import ArgumentParser
import MCPTaskCore
import MCPTaskTerminal

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the server's tasks, every page.",
        usage: "mcptask list [--status <status>] [--json] [--timeout <seconds>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Follows tasks/list cursors until the last page, printing each page as it arrives (nothing is held \
        in memory beyond one page). A server that repeats a cursor is stopped with an error rather than \
        paged forever. With --json, prints each Task as one JSON object per line.

        EXAMPLES
          mcptask list --url http://127.0.0.1:8000/mcp
          mcptask list --status working --json --url $URL | jq -r .taskId
        """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("Only tasks in this state: working, input_required, completed, failed or cancelled.",
                                            valueName: "status"))
    var status: String?

    @OptionGroup var server: ServerOptions

    func validate() throws {
        if let status, !["working", "input_required", "completed", "failed", "cancelled"].contains(status) {
            throw ValidationError("--status must be one of working, input_required, completed, failed, cancelled")
        }
    }

    func run() async throws {
        let context = CommandContext(server: server, common: common)
        let json = common.json
        let filter = status.map(TaskStatus.init(wire:))
        try await runReportingErrors {
            try await context.withConnection { connection in
                var cursor: String?
                var guardrail = CursorGuard()
                var printer = TaskTableStream(json: json)
                repeat {
                    let page = try await connection.driver.listTasks(cursor: cursor)
                    let tasks = filter.map { f in page.tasks.filter { $0.status == f } } ?? page.tasks
                    context.console.out(printer.render(tasks))
                    cursor = page.nextCursor
                    try guardrail.check(cursor, method: "tasks/list")
                } while cursor != nil
                if !json, printer.rows == 0 { context.console.err("mcptask: no tasks") }
                return .success
            }
        }
    }
}

/// Renders pages of tasks as they arrive: JSON lines, or a table whose column widths are set by the first
/// page that has rows (later cells wider than that simply push their line out).
struct TaskTableStream {
    let json: Bool
    private(set) var rows = 0
    private var widths: [Int]?
    private let table = TaskTable()

    init(json: Bool) { self.json = json }

    mutating func render(_ tasks: [MCPTask]) -> String {
        guard !tasks.isEmpty else { return "" }
        rows += tasks.count
        if json { return tasks.map { $0.json.serialized() + "\n" }.joined() }
        let cells = tasks.map(table.cells)
        var out = ""
        if widths == nil {
            var w = TaskTable.header.map(\.count)
            for row in cells { for (i, c) in row.enumerated() { w[i] = max(w[i], c.count) } }
            widths = w
            out += line(TaskTable.header)
        }
        for row in cells { out += line(row) }
        return out
    }

    private func line(_ cells: [String]) -> String {
        var s = ""
        for (i, cell) in cells.enumerated() {
            if i == cells.count - 1 { s += cell } else {
                s += cell + String(repeating: " ", count: max(0, (widths?[i] ?? 0) - cell.count) + 2)
            }
        }
        while s.hasSuffix(" ") { s.removeLast() }
        return s + "\n"
    }
}
