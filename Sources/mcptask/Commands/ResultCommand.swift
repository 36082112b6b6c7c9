import ArgumentParser
import MCPTaskCore
import MCPTaskTerminal

struct ResultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "result",
        abstract: "Wait for a task to finish and print its result.",
        usage: "mcptask result <id> [--json] [--timeout <seconds>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Follows the task like `call` does (status on stderr, tasks/result held open so the result prints the \
        moment the task ends) and prints the result the same way. The exit status comes from the final state: \
        0 completed, 1 tool error, 2 failed, 3 cancelled, 4 unknown id.

        EXAMPLES
          mcptask result "$id" --url http://127.0.0.1:8000/mcp
          mcptask result "$id" --json --timeout 30 --url $URL
        """)

    @OptionGroup var common: CommonOptions

    // A task id may begin with '-' (base64url ids do), so a word that is not a known option is the id.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Task id.", valueName: "id"))
    var ids: [String] = []

    var id: String { ids.first ?? "" }

    func validate() throws {
        if ids.count != 1 { throw ValidationError(ids.isEmpty ? "give the task id" : "give one task id (got \(ids.count))") }
    }

    @OptionGroup(title: "Answering the server's questions") var answering: AnswerOptions

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let context = try CommandContext.answering(server: server, common: common, answering: answering)
        let id = self.id
        let command = self
        try await runReportingErrors {
            try await context.withConnection({ connection in
                try await command.execute(connection, context)
            }, onStop: { connection, reason in
                context.console.clearStatus()
                connection.keepSessionAlive()
                context.console.err("mcptask: \(reason); task \(ShellQuote.quote(id)) may still be running; resume with: mcptask result \(ShellQuote.quote(id)) \(connection.server.resumeArguments)")
                return reason.defaultStatus
            })
        }
    }

    func execute(_ connection: CommandContext.Connection, _ context: CommandContext) async throws -> ExitStatus {
        let snapshot: TaskSnapshot
        do {
            snapshot = try await connection.driver.getTask(id)
        } catch {
            let (message, status) = ErrorPresenter.present(error, taskContext: id)
            context.console.err("mcptask: " + message)
            return status
        }
        return try await TaskFollower(context: context, connection: connection).follow(snapshot.task)
    }
}
