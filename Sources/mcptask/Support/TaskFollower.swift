import MCPTaskCore
import MCPTaskTerminal

/// Waits for a task with live status on stderr, then prints its outcome (`call` and `result` share this).
struct TaskFollower {
    let context: CommandContext
    let connection: CommandContext.Connection

    func follow(_ task: MCPTask) async throws -> ExitStatus {
        let reporter = StatusReporter(console: context.console)
        let waiter = TaskWaiter(driver: connection.driver)
        let outcome = try await waiter.wait(for: task) { reporter.update($0) }
        reporter.finish()
        if let last = outcome.task { await connection.observe([last]) }
        return TaskOutput(console: context.console, json: context.common.json).finish(outcome)
    }
}
