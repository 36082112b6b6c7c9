import ArgumentParser
import MCPTaskCore
import MCPTaskTerminal

struct InfoCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what the server is: name, version, protocol generation, capabilities and task support.",
        usage: "mcptask info [--json] [--protocol <version>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Connects (finding out the protocol generation if it is not known yet) and prints the server's name \
        and version, the protocol generation and version in use, its capabilities and extensions, and how it \
        runs tasks: core tasks (MCP 2025-11-25: tasks/get, tasks/result, tasks/list, tasks/cancel) or the \
        io.modelcontextprotocol/tasks extension (MCP 2026-07-28: tasks/get with inline results, tasks/update).

        EXAMPLES
          mcptask info --url http://127.0.0.1:8000/mcp
          mcptask info --json -s prod | jq .generation
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
        let description = connection.client.server
        let caps = connection.driver.capabilities
        let generation = connection.driver.generation
        let capabilities = description.capabilities
        let extensions = capabilities["extensions"]?.objectValue?.keys ?? []
        let taskModel: String
        switch generation {
        case .v2025_11_25:
            taskModel = caps.any ? "core tasks (2025-11-25)" : "none"
        case .v2026_07_28:
            taskModel = caps.any ? "io.modelcontextprotocol/tasks extension" : "none (the tasks extension is not offered)"
        }
        var operations: [String] = []
        if caps.toolCalls { operations.append("tools/call as a task") }
        if generation == .v2025_11_25, caps.any { operations.append("tasks/get"); operations.append("tasks/result") }
        if generation == .v2026_07_28, caps.any { operations.append("tasks/get"); operations.append("tasks/update") }
        if caps.list { operations.append("tasks/list") }
        if caps.cancel { operations.append("tasks/cancel") }
        if common.json {
            let o: JSONObject = [
                "name": .string(description.name), "version": .string(description.version),
                "generation": .string(generation.rawValue), "protocolVersion": .string(description.protocolVersion),
                "capabilities": capabilities, "extensions": .array(extensions.map { .string($0) }),
                "tasks": ["model": .string(taskModel), "toolCalls": .bool(caps.toolCalls), "list": .bool(caps.list),
                          "cancel": .bool(caps.cancel)],
                "session": connection.sessionID.map { .string($0) } ?? .null,
            ]
            context.console.out(JSONValue.object(o).serialized() + "\n")
            return .success
        }
        func clean(_ s: String) -> String { TerminalSanitizer.sanitize(s, singleLine: true) }
        let capabilityNames: [String] = (capabilities.objectValue?.keys ?? []).filter { $0 != "extensions" }.map(clean)
        let extensionList: String = extensions.isEmpty ? "none" : extensions.map(clean).joined(separator: ", ")
        let taskLine: String = operations.isEmpty ? taskModel : taskModel + ": " + operations.joined(separator: ", ")
        var lines: [String] = []
        lines.append("server:        \(clean(description.name)) \(clean(description.version))")
        lines.append("generation:    MCP \(generation.rawValue) (protocol version \(clean(description.protocolVersion)))")
        lines.append("capabilities:  " + capabilityNames.joined(separator: ", "))
        lines.append("extensions:    " + extensionList)
        lines.append("tasks:         " + taskLine)
        if let sid = connection.sessionID { lines.append("session:       \(clean(sid))") }
        context.console.out(lines.joined(separator: "\n") + "\n")
        return .success
    }
}
