import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// The `mcptask` root command.
@main
struct MCPTaskCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mcptask",
        abstract: "Drive MCP tasks: long-running tool calls that a server runs in the background.",
        discussion: """
        mcptask talks to one MCP server per command, over Streamable HTTP (--url URL) or over stdio (a server \
        command after --). It starts tool calls as tasks, follows them with live status, prints their results, \
        and lists, inspects and cancels tasks by id.

        EXAMPLES
          URL=http://127.0.0.1:8000/mcp
          mcptask tools --url $URL
          mcptask call build_report quarter=Q3 --ttl 60000 --url $URL
          mcptask call slow seconds:=5 -- python3 server.py
          mcptask --demo call deploy
          id=$(mcptask call build_report --detach --url $URL)
          mcptask result "$id" --url $URL
          mcptask list --status working --json --url $URL

        EXIT STATUS
        \(ExitStatus.table)
        """,
        version: version,
        subcommands: [ToolsCommand.self, CallCommand.self, GetCommand.self, ResultCommand.self,
                      ListCommand.self, CancelCommand.self, ServersCommand.self, SessionCommand.self, InfoCommand.self,
                      ShellCommand.self, DemoServerCommand.self]
    )

    static func main() async {
        // A server that closes its stdin must not kill us with SIGPIPE; writes report EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        do {
            let arguments = ServerCommandLine.split(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            reportAndExit(error)
        }
    }

    /// Help and version go to stdout as ArgumentParser prints them; every other parse or validation error
    /// becomes one `mcptask: …` line on stderr with exit status 64.
    private static func reportAndExit(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        if code == .success || error is ExitCode {
            Self.exit(withError: error)
        }
        let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
        let trimmed = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        let hint = code == .validationFailure ? " (see 'mcptask --help')" : ""
        Console.shared.err("mcptask: \(trimmed)\(hint)")
        Foundation.exit(code.rawValue)
    }
}
