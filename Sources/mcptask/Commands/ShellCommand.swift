import ArgumentParser
import MCPTaskCore
import MCPTaskTerminal

struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "An interactive session on one connection: start tasks in the background, answer their questions.",
        usage: "mcptask shell [--verbose] [--timeout <seconds>] " + ServerCommandLine.usageSuffix,
        discussion: """
        Opens one connection and keeps it for every command typed at the 'mcptask> ' prompt: tools, call, \
        get, result, list, cancel (with the command line's options, but no server selection), help and \
        exit. Over stdio this is how several tasks can run at once: they live as long as the server process, \
        which is as long as the shell.

        call returns the prompt at once and follows the task in the background: its status changes and its \
        result are printed above the prompt without disturbing what is being typed, and a question it asks \
        takes over the prompt until it is answered. call --wait waits instead (Ctrl-C sends the task back to \
        the background). result ID prints a finished task's result again.

        Tab completes commands, tool names, argument names and task ids (this session's and the local \
        registry's); history is kept across runs in the state directory (shell_history). Ctrl-C clears the \
        line; Ctrl-D or exit leaves, asking first while tasks still run on a stdio server. --timeout limits \
        connecting.

        EXAMPLES
          mcptask shell --demo
          mcptask shell -- python3 server.py
          mcptask shell -s prod
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let context = CommandContext(server: server, common: common, elicitation: ShellTerminal.policy)
        try await runReportingErrors { try await ShellSession.run(context: context) }
    }
}
