import MCPTaskCore

/// `confirm_delete`: a yes/no question before (pretending to) delete a file.
enum ConfirmDeleteTool {
    static let tool = ServerTool(
        name: "confirm_delete",
        title: "Delete a file, after asking",
        description: """
        Asks you whether to delete a file and does what you say (nothing is really deleted: it is a demo). \
        Saying no, or dismissing the question, keeps the file. Needs a client that can answer questions.
        """,
        inputSchema: DemoTools.objectSchema([
            "item": ["type": "string", "description": "The file to delete.", "default": "report.txt", "minLength": 1],
        ]),
        taskSupport: .required,
        annotations: ["destructiveHint": true],
        run: run)

    static func run(_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue {
        let item = arguments["item"]?.stringValue ?? "report.txt"
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "confirm": ["type": "boolean", "title": .string("Delete \(item)"), "description": "Yes deletes it; no keeps it.", "default": false],
            ],
            "required": ["confirm"],
        ]
        let answer = try await context.elicit(message: "Are you sure you want to delete \(item)?", requestedSchema: schema,
                                              statusMessage: "Waiting for you to confirm deleting \(item)…")
        let confirmed = answer.action == .accept && answer.content["confirm"]?.boolValue == true
        return ServerTool.textResult(confirmed ? "Deleted \(item)." : "Kept \(item).")
    }
}
