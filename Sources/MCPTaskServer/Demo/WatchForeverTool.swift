import MCPTaskCore

/// `watch_forever`: runs until cancelled, with a status message every second.
enum WatchForeverTool {
    static let tool = ServerTool(
        name: "watch_forever",
        title: "Watch for events until stopped",
        description: """
        Watches for events and never finishes on its own: every second its status says how many events it \
        has seen. Cancel the task to stop it.
        """,
        inputSchema: DemoTools.objectSchema([:]),
        taskSupport: .required,
        annotations: ["readOnlyHint": true],
        run: run)

    static func run(_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue {
        var events = 0
        while true {
            await context.setStatus("watching… \(DemoTools.plural(events, "event"))")
            try await DemoTools.pause(milliseconds: 1000)
            events += 1 + events % 3
        }
    }
}
