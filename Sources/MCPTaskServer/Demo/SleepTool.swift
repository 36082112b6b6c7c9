import Foundation
import MCPTaskCore

/// `sleep`: waits, says when it finished (the benchmarks measure completion delay from `finishedAt`).
enum SleepTool {
    static let tool = ServerTool(
        name: "sleep",
        title: "Sleep",
        description: """
        Waits the given number of milliseconds without a word, then reports when it finished \
        (structuredContent.finishedAt, Unix seconds). The benchmark tool: it measures how soon a client \
        notices that a task is done.
        """,
        inputSchema: DemoTools.objectSchema([
            "ms": ["type": "integer", "description": "How long to sleep, in milliseconds.", "default": 0, "minimum": 0, "maximum": 3_600_000],
        ]),
        outputSchema: [
            "type": "object",
            "properties": [
                "sleptMs": ["type": "integer", "description": "How long the tool slept."],
                "finishedAt": ["type": "number", "description": "When the work finished, in Unix epoch seconds (millisecond precision)."],
            ],
            "required": ["sleptMs", "finishedAt"],
        ],
        taskSupport: .optional,
        annotations: ["readOnlyHint": true, "idempotentHint": true],
        run: run)

    static func run(_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue {
        let ms = arguments["ms"]?.intValue ?? 0
        if ms > 0 { try await DemoTools.pause(milliseconds: ms) }
        let finishedAt = Date().timeIntervalSince1970
        return ServerTool.textResult(
            "slept \(ms) ms",
            structured: ["sleptMs": .int(ms), "finishedAt": .number(JSONNumber(text: String(format: "%.3f", finishedAt)))])
    }
}
