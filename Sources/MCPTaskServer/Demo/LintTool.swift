import MCPTaskCore

/// `lint`: a tool error (`isError: true`), which still ends the task `completed`.
enum LintTool {
    static let tool = ServerTool(
        name: "lint",
        title: "Lint the sources",
        description: """
        Checks the sources and reports what it found — always three problems, as a tool error \
        (isError: true). The task itself completes: the linter ran fine, the code did not pass.
        """,
        inputSchema: DemoTools.objectSchema([
            "path": ["type": "string", "description": "The directory to lint.", "default": "Sources/"],
        ]),
        taskSupport: .optional,
        annotations: ["readOnlyHint": true],
        run: run)

    static func run(_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue {
        let path = arguments["path"]?.stringValue ?? "Sources/"
        await context.setStatus("Linting \(path)…")
        try await DemoTools.pause(milliseconds: 300)
        let text = """
        lint found 3 problems in \(path):
          App/main.swift:12:5: warning: variable 'answer' was never used
          App/Config.swift:1:1: error: missing license header
          App/Network.swift:87:40: warning: force unwrap of an optional value
        """
        return ServerTool.textResult(text, isError: true)
    }
}
