import ArgumentParser
import MCPTaskCore
import MCPTaskTerminal

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show the current state of tasks by id.",
        usage: "mcptask get <id> ... [--json] [--timeout <seconds>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Asks the server (tasks/get) for every id at once and prints a table: id, status, status message, age, \
        ttl and poll interval. With --json, prints each Task as one JSON object per line. An unknown or expired \
        id is reported on stderr and makes the exit status 4; the others are still printed.

        EXAMPLES
          mcptask get "$id" --url http://127.0.0.1:8000/mcp
          mcptask get "$id1" "$id2" --json --url $URL | jq -r .status
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
        let results = await TaskBatch.run(ids) { id in try await connection.driver.getTask(id).task }
        await connection.observe(results.values.compactMap { try? $0.get() })
        return TaskBatch.print(results, ids: ids, json: common.json, console: context.console)
    }
}

/// Runs one task operation for many ids concurrently and prints the results in the order given.
enum TaskBatch {
    static func run(_ ids: [String], _ operation: @escaping @Sendable (String) async throws -> MCPTask?)
        async -> [Int: Result<MCPTask?, any Error>] {
        await withTaskGroup(of: (Int, Result<MCPTask?, any Error>).self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask {
                    do { return (index, .success(try await operation(id))) } catch { return (index, .failure(error)) }
                }
            }
            var results: [Int: Result<MCPTask?, any Error>] = [:]
            for await (index, result) in group { results[index] = result }
            return results
        }
    }

    /// Prints the tasks (table or JSON lines) and one stderr line per failure; returns the worst status.
    static func print(_ results: [Int: Result<MCPTask?, any Error>], ids: [String], json: Bool, console: Console,
                      onTask: (MCPTask) -> ExitStatus? = { _ in nil }) -> ExitStatus {
        var tasks: [MCPTask] = []
        var status = ExitStatus.success
        for index in ids.indices {
            switch results[index] {
            case .success(let task?):
                tasks.append(task)
                if let s = onTask(task), status == .success { status = s }
            case .success(nil):
                break
            case .failure(let error):
                let (message, s) = ErrorPresenter.present(error, taskContext: ids[index])
                console.err("mcptask: " + message)
                if status == .success || s == .connection { status = s }
            case nil:
                break
            }
        }
        if json {
            console.out(tasks.map { $0.json.serialized() + "\n" }.joined())
        } else if !tasks.isEmpty {
            let table = TaskTable()
            console.out(TaskTable.format(tasks.map { table.cells($0) }))
        }
        return status
    }
}
