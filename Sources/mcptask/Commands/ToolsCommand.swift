import ArgumentParser
import MCPTaskCore
import MCPTaskTerminal

struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "List the server's tools and whether each can run as a task.",
        usage: "mcptask tools [--json] [--verbose] [--timeout <seconds>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Prints one line per tool: its name, its task support (required, optional or forbidden; absent means \
        forbidden) and the first line of its description. With --json, prints each Tool object exactly as the \
        server sent it, one per line.

        EXAMPLES
          mcptask tools --url http://127.0.0.1:8000/mcp
          mcptask tools --json -- python3 server.py | jq -r .name
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let context = CommandContext(server: server, common: common)
        let command = self
        try await runReportingErrors {
            try await context.withConnection { connection in try await command.execute(connection, context) }
        }
    }

    func execute(_ connection: CommandContext.Connection, _ context: CommandContext) async throws -> ExitStatus {
        let tools = try await connection.client.listTools()
        if common.json {
            context.console.out(tools.map { $0.raw.serialized() + "\n" }.joined())
            return .success
        }
        let modern = connection.driver.generation == .v2026_07_28
        let server = connection.client.server
        context.console.err("mcptask: \(TerminalSanitizer.sanitize(server.name, singleLine: true)) speaks MCP \(connection.driver.generation.rawValue)"
                            + (modern ? "; it decides per call whether to make a task (TASK: server)" : ""))
        let rows = tools.map { tool -> [String] in
            let description = (tool.description ?? tool.title ?? "")
                .split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            // Over 2026-07-28 a tool without execution.taskSupport may still become a task: the server decides.
            let support = modern && tool.raw["execution"]?["taskSupport"] == nil ? "server" : tool.taskSupport.rawValue
            return [TerminalSanitizer.sanitize(tool.name, singleLine: true), support,
                    TerminalSanitizer.sanitize(description, singleLine: true)]
        }
        context.console.out(TaskTable.format(rows, header: ["NAME", "TASK", "DESCRIPTION"],
                                             maxWidth: context.console.stdoutColumns))
        return .success
    }
}
