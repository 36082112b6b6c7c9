import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tasks: the server's, every page, joined with the local task registry.",
        usage: "mcptask list [--status <status>] [--local] [--json] [--timeout <seconds>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Follows tasks/list cursors until the last page, printing each page as it arrives (nothing is held \
        in memory beyond one page), with a TOOL column from the local registry of tasks mcptask started. \
        A server that repeats a cursor is stopped with an error rather than paged forever. With --json, \
        prints each Task as one JSON object per line.

        --local lists the registry alone, without contacting any server (all servers unless one is given); \
        it is also what list does for a server without tasks/list. Tasks past their ttl show as expired and \
        are forgotten a day later.

        EXAMPLES
          mcptask list --url http://127.0.0.1:8000/mcp
          mcptask list --status working --json -s prod | jq -r .taskId
          mcptask list --local
        """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("Only tasks in this state: working, input_required, completed, failed or cancelled.",
                                            valueName: "status"))
    var status: String?

    @Flag(name: .long, help: "List the local registry only, offline (every server unless one is given).")
    var local = false

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
        if local {
            try await runReportingErrors { try await listLocal(context: context, filter: filter) }
            return
        }
        try await runReportingErrors {
            try await context.withConnection { connection in
                // No task support at all says so (exit 5); tasks without tasks/list fall back to the registry.
                if !connection.driver.capabilities.any { _ = try await connection.driver.listTasks(cursor: nil) }
                guard connection.driver.capabilities.list else {
                    context.console.err("mcptask: \(TerminalSanitizer.sanitize(connection.client.server.name, singleLine: true)) has no tasks/list; listing the local registry")
                    return try await LocalListing(console: context.console, json: json, filter: filter)
                        .print(state: connection.state, serverKey: connection.server.serverKey)
                }
                var tools: [String: String] = [:]
                if let state = connection.state {
                    let key = connection.server.serverKey
                    let entries = (try? await state.run { try $0.registry.entries(serverKey: key) }) ?? []
                    for entry in entries where tools[entry.taskId] == nil { tools[entry.taskId] = entry.toolName }
                }
                var cursor: String?
                var guardrail = CursorGuard()
                var printer = TaskTableStream(json: json, toolColumn: true, maxWidth: context.console.stdoutColumns)
                repeat {
                    let page = try await connection.driver.listTasks(cursor: cursor)
                    await connection.observe(page.tasks)
                    let tasks = filter.map { f in page.tasks.filter { $0.status == f } } ?? page.tasks
                    context.console.out(printer.render(tasks, tools: tools))
                    cursor = page.nextCursor
                    try guardrail.check(cursor, method: "tasks/list")
                } while cursor != nil
                if !json, printer.rows == 0 { context.console.err("mcptask: no tasks") }
                return .success
            }
        }
    }

    private func listLocal(context: CommandContext, filter: TaskStatus?) async throws -> ExitStatus {
        // A server is optional here: with one (by flag or environment, the usual precedence), only its tasks.
        var key: String?
        if let selection = try? ServerSelection.resolve(url: server.url, serverName: server.server, demo: server.demo,
                                                        command: ServerCommandLine.words,
                                                        environment: ProcessInfo.processInfo.environment),
           case ServerSelection.Selection.none = selection {
            key = nil
        } else {
            key = try ResolvedServer.resolve(server).serverKey  // conflicting flags are reported here
        }
        guard let state = LocalState.open(console: context.console, verbose: true) else { return .connection }
        return try await LocalListing(console: context.console, json: common.json, filter: filter)
            .print(state: state, serverKey: key)
    }
}

/// Prints the local task registry (`list --local`, and `list` on servers without tasks/list).
struct LocalListing {
    let console: Console
    let json: Bool
    let filter: TaskStatus?

    func print(state: LocalState?, serverKey: String?) async throws -> ExitStatus {
        guard let state else {
            console.err("mcptask: the local task registry is not available")
            return .connection
        }
        let now = Date()
        let stamp = ISO8601DateFormatter()
        let entries = try await state.run { state -> [TaskRegistryEntry] in
            _ = try? state.registry.prune(now: now)
            return try state.registry.entries(serverKey: serverKey)
        }
        let shown = entries.filter { filter == nil || $0.status == filter }
        if json {
            console.out(shown.map { Self.json($0, now: now, stamp: stamp).serialized() + "\n" }.joined())
            return .success
        }
        console.err("mcptask: \(shown.count) task\(shown.count == 1 ? "" : "s") from the local registry (what mcptask last saw, not asked of the server)")
        guard !shown.isEmpty else { return .success }
        let rows = shown.map { entry -> [String] in
            let status = entry.isExpired(now: now) ? "expired" : (entry.unreachable && !entry.status.isTerminal ? "unreachable" : entry.status.wire)
            let message = TerminalSanitizer.sanitize(entry.statusMessage ?? "", singleLine: true)
            let age = entry.createdAt.flatMap(TaskTable.parseDate).map { DurationFormat.short(now.timeIntervalSince($0)) } ?? "-"
            return [TerminalSanitizer.sanitize(entry.taskId, singleLine: true), status,
                    TerminalSanitizer.sanitize(entry.toolName, singleLine: true),
                    message.count > 40 ? String(message.prefix(39)) + "…" : message, age,
                    DurationFormat.short(now.timeIntervalSince(entry.lastSeen)) + " ago",
                    TerminalSanitizer.sanitize(entry.serverLabel ?? ServerIdentity.displayTarget(ofKey: entry.serverKey), singleLine: true)]
        }
        console.out(TaskTable.format(rows, header: ["ID", "STATUS", "TOOL", "MESSAGE", "AGE", "SEEN", "SERVER"],
                                     maxWidth: console.stdoutColumns))
        return .success
    }

    /// One registry entry as JSON (`list --local --json`).
    static func json(_ entry: TaskRegistryEntry, now: Date, stamp: ISO8601DateFormatter) -> JSONValue {
        var o: JSONObject = ["taskId": .string(entry.taskId), "status": .string(entry.status.wire)]
        if let m = entry.statusMessage { o["statusMessage"] = .string(m) }
        if let c = entry.createdAt { o["createdAt"] = .string(c) }
        o["ttl"] = entry.ttl.map { .int($0) } ?? .null
        o["tool"] = .string(entry.toolName)
        o["server"] = .string(entry.serverLabel ?? ServerIdentity.displayTarget(ofKey: entry.serverKey))
        if let sid = entry.sessionId { o["sessionId"] = .string(sid) }
        o["lastSeen"] = .string(stamp.string(from: entry.lastSeen))
        o["expired"] = .bool(entry.isExpired(now: now))
        o["unreachable"] = .bool(entry.unreachable)
        return .object(o)
    }
}

/// Renders pages of tasks as they arrive: JSON lines, or a table whose column widths are set by the first
/// page that has rows (later cells wider than that simply push their line out).
struct TaskTableStream {
    let json: Bool
    let toolColumn: Bool
    let maxWidth: Int?
    private(set) var rows = 0
    private var widths: [Int]?
    private let table = TaskTable()

    init(json: Bool, toolColumn: Bool = false, maxWidth: Int? = nil) {
        self.json = json
        self.toolColumn = toolColumn
        self.maxWidth = maxWidth
    }

    mutating func render(_ tasks: [MCPTask], tools: [String: String] = [:]) -> String {
        guard !tasks.isEmpty else { return "" }
        rows += tasks.count
        if json { return tasks.map { $0.json.serialized() + "\n" }.joined() }
        let header = toolColumn ? TaskTable.headerWithTool : TaskTable.header
        let cells = tasks.map { task in toolColumn ? table.cells(task, tool: .some(tools[task.taskId])) : table.cells(task) }
        var out = ""
        if widths == nil {
            var w = header.map(\.count)
            for row in cells { for (i, c) in row.enumerated() { w[i] = max(w[i], c.count) } }
            widths = w
            out += line(header)
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
        if let maxWidth, maxWidth > 1, s.count > maxWidth { s = String(s.prefix(maxWidth - 1)) + "…" }
        return s + "\n"
    }
}
