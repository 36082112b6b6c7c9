import MCPTaskCore

/// The tools of `mcptask demo-server`: one for every shape a task can take — questions (elicitation), status
/// messages, failure, tool errors, cancellation, large results, plain calls and a benchmark tool.
public enum DemoTools {
    public static let all: [ServerTool] = [
        DeployTool.tool, CountdownTool.tool, ConfirmDeleteTool.tool, FlakyJobTool.tool, LintTool.tool,
        WatchForeverTool.tool, GenerateReportTool.tool, EchoTool.tool, SleepTool.tool,
    ]

    /// An object schema of `properties` that rejects unknown arguments.
    static func objectSchema(_ properties: JSONObject, required: [String] = []) -> JSONValue {
        var o: JSONObject = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { o["required"] = .array(required.map { .string($0) }) }
        o["additionalProperties"] = false
        return .object(o)
    }

    /// Waits, or throws `CancellationError` as soon as the work is cancelled.
    static func pause(milliseconds: Int) async throws {
        try await Task.sleep(for: .milliseconds(milliseconds))
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
