import MCPTaskCore

/// `echo`: a plain, instant tool that never runs as a task.
enum EchoTool {
    static let tool = ServerTool(
        name: "echo",
        title: "Echo",
        description: "Says back the text you give it, at once. It is too quick to be worth a task, so it never runs as one.",
        inputSchema: DemoTools.objectSchema(["text": ["type": "string", "description": "What to say back."]], required: ["text"]),
        taskSupport: .forbidden,
        annotations: ["readOnlyHint": true, "idempotentHint": true],
        run: { arguments, _ in ServerTool.textResult(arguments["text"]?.stringValue ?? "") })
}
