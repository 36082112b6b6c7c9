import MCPTaskCore

/// `flaky_job`: always fails with a JSON-RPC error, so the task ends `failed`.
enum FlakyJobTool {
    static let failure = RPCError(code: RPCError.internalError, message: "flaky_job failed: the build cache is corrupted")

    static let tool = ServerTool(
        name: "flaky_job",
        title: "A job that fails",
        description: """
        Starts a build job that, after half a second, fails with a JSON-RPC error (the build cache is \
        corrupted). Use it to see what a failed task looks like.
        """,
        inputSchema: DemoTools.objectSchema([:]),
        taskSupport: .required,
        run: run)

    static func run(_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue {
        await context.setStatus("Restoring the build cache…")
        try await DemoTools.pause(milliseconds: 500)
        throw failure
    }
}
