import MCPTaskCore

/// A command that can run on a connection someone else opened: each CLI invocation opens one per command,
/// `mcptask shell` keeps one open for many commands.
protocol ConnectedCommand {
    /// Runs the command's work on `connection` and returns its exit status.
    func execute(_ connection: CommandContext.Connection, _ context: CommandContext) async throws -> ExitStatus
}

extension ToolsCommand: ConnectedCommand {}
extension GetCommand: ConnectedCommand {}
extension ResultCommand: ConnectedCommand {}
extension CancelCommand: ConnectedCommand {}
