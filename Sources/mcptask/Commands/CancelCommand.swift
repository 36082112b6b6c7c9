import ArgumentParser
import MCPTaskCore
import MCPTaskTerminal

struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel tasks by id.",
        usage: "mcptask cancel <id> ... [--json] [--timeout <seconds>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Sends tasks/cancel for every id at once and prints each task's resulting state (--json: one Task per \
        line). A task that had already finished cannot be cancelled: it is shown as it is, with a line on \
        stderr, and the exit status is 1 (4 for an unknown id).

        EXAMPLES
          mcptask cancel "$id" --url http://127.0.0.1:8000/mcp
        """)

    @OptionGroup var common: CommonOptions

    // Task ids may begin with '-' (base64url ids do), so words that are not known options are ids too.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Task ids.", valueName: "id"))
    var ids: [String]

    @OptionGroup var server: ServerOptions

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give at least one task id") }
    }

    func run() async throws {
        let context = CommandContext(server: server, common: common)
        let command = self
        try await runReportingErrors {
            try await context.withConnection { connection in try await command.execute(connection, context) }
        }
    }

    func execute(_ connection: CommandContext.Connection, _ context: CommandContext) async throws -> ExitStatus {
        let driver = connection.driver
        let results = await TaskBatch.run(ids) { id in
            do {
                if let cancelled = try await driver.cancelTask(id) { return cancelled }
                return try await driver.getTask(id).task
            } catch MCPError.rpc(let error) where error.code == RPCError.invalidParams {
                // Either unknown, or already terminal: only tasks/get can tell which.
                let current = try await driver.getTask(id).task
                guard current.status.isTerminal else { throw MCPError.rpc(error) }
                return current
            }
        }
        await connection.observe(results.values.compactMap { try? $0.get() })
        return TaskBatch.print(results, ids: ids, json: common.json, console: context.console) { task in
            guard task.status != .cancelled else { return nil }
            context.console.err("mcptask: task \(TerminalSanitizer.sanitize(task.taskId, singleLine: true)) had already \(task.status == .completed ? "completed" : "ended (\(task.status))"); nothing to cancel")
            return .toolError
        }
    }
}
