import MCPTaskCore

/// `countdown`: one status message per second, then liftoff.
enum CountdownTool {
    static let tool = ServerTool(
        name: "countdown",
        title: "Count down to liftoff",
        description: """
        Counts down from a number of seconds, one status message per second ("3…", "2…", "1…"), and ends \
        with "Liftoff!". A gentle way to watch a task's status change.
        """,
        inputSchema: DemoTools.objectSchema([
            "seconds": ["type": "integer", "description": "Where to start counting.", "default": 3, "minimum": 0, "maximum": 3600],
        ]),
        taskSupport: .optional,
        annotations: ["readOnlyHint": true],
        run: run)

    static func run(_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue {
        let seconds = arguments["seconds"]?.intValue ?? 3
        for n in stride(from: seconds, to: 0, by: -1) {
            await context.setStatus("\(n)…")
            try await DemoTools.pause(milliseconds: 1000)
        }
        return ServerTool.textResult("Liftoff!")
    }
}
