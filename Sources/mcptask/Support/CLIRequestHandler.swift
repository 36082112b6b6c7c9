import MCPTaskCore
import MCPTaskTerminal

/// Answers what the server asks of us while a command runs. Until interactive elicitation lands, every
/// elicitation is declined, with a line on stderr saying what was asked.
struct CLIRequestHandler: ServerRequestHandler {
    let console: Console

    func handle(method: String, params: JSONValue?, session: JSONRPCSession) async throws(RPCError) -> JSONValue {
        switch method {
        case "ping":
            return .object([:])
        case "elicitation/create":
            let message = TerminalSanitizer.sanitize(params?["message"]?.stringValue ?? "", singleLine: true)
            let task = params?["_meta"]?[TaskWire20251125.relatedTaskKey]?["taskId"]?.stringValue
            console.err("mcptask: the server asked" + (task.map { " (task \(TerminalSanitizer.sanitize($0, singleLine: true)))" } ?? "")
                        + ": \"\(message)\"; declined (answering is not supported yet)")
            return ["action": "decline"]
        default:
            throw RPCError(code: RPCError.methodNotFound, message: "Method not found: \(method)")
        }
    }
}
