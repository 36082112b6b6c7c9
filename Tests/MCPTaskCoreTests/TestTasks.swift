@testable import MCPTaskCore

/// Builds a task as a 2025-11-25 server would send it.
func makeTask(_ status: TaskStatus, _ message: String? = nil, id: String = "t1", poll: Int? = nil, ttl: Int? = nil) -> MCPTask {
    var json: JSONObject = ["taskId": .string(id), "status": .string(status.wire)]
    if let message { json["statusMessage"] = .string(message) }
    json["createdAt"] = "2025-11-25T10:00:00Z"
    if let ttl { json["ttl"] = .int(ttl) }
    if let poll { json["pollInterval"] = .int(poll) }
    return MCPTask(taskId: id, status: status, statusMessage: message, createdAt: "2025-11-25T10:00:00Z",
                   ttl: ttl, pollInterval: poll, json: .object(json))
}

func textResult(_ text: String, isError: Bool? = nil) -> JSONValue {
    var o: JSONObject = ["content": [["type": "text", "text": .string(text)]]]
    if let isError { o["isError"] = .bool(isError) }
    return .object(o)
}
