import MCPTaskCore
import MCPTaskTerminal

/// `list` inside `mcptask shell`: what `mcptask list` does, on the shell's connection. `--local` lists the
/// registry's entries for the shell's server.
enum ShellList {
    static func run(_ command: ListCommand, connection: CommandContext.Connection, console: Console) async throws -> ExitStatus {
        let json = command.common.json
        let filter = command.status.map(TaskStatus.init(wire:))
        let key = connection.server.serverKey
        if command.local {
            return try await LocalListing(console: console, json: json, filter: filter).print(state: connection.state, serverKey: key)
        }
        // No task support at all says so; tasks without tasks/list fall back to the registry.
        if !connection.driver.capabilities.any { _ = try await connection.driver.listTasks(cursor: nil) }
        guard connection.driver.capabilities.list else {
            console.err("mcptask: \(TerminalSanitizer.sanitize(connection.client.server.name, singleLine: true)) has no tasks/list; listing the local registry")
            return try await LocalListing(console: console, json: json, filter: filter).print(state: connection.state, serverKey: key)
        }
        var tools: [String: String] = [:]
        if let state = connection.state {
            let entries = (try? await state.run { try $0.registry.entries(serverKey: key) }) ?? []
            for entry in entries where tools[entry.taskId] == nil { tools[entry.taskId] = entry.toolName }
        }
        var cursor: String?
        var guardrail = CursorGuard()
        var printer = TaskTableStream(json: json, toolColumn: true, maxWidth: console.stdoutColumns)
        repeat {
            let page = try await connection.driver.listTasks(cursor: cursor)
            await connection.observe(page.tasks)
            let tasks = filter.map { f in page.tasks.filter { $0.status == f } } ?? page.tasks
            console.out(printer.render(tasks, tools: tools))
            cursor = page.nextCursor
            try guardrail.check(cursor, method: "tasks/list")
        } while cursor != nil
        if !json, printer.rows == 0 { console.err("mcptask: no tasks") }
        return .success
    }
}
