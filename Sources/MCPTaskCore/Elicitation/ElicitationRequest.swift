/// A server's `elicitation/create` request (spec `client/elicitation`), parsed: a form to fill in, or a URL
/// to visit.
public struct ElicitationRequest: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case form(FormSchema)
        /// Out-of-band interaction at `url`; completion is signalled by `notifications/elicitation/complete`.
        case url(url: String, elicitationId: String)
    }

    public var message: String
    public var mode: Mode
    /// The task this request belongs to (`_meta["io.modelcontextprotocol/related-task"]`), if any.
    public var relatedTaskId: String?

    public init(message: String, mode: Mode, relatedTaskId: String? = nil) {
        self.message = message
        self.mode = mode
        self.relatedTaskId = relatedTaskId
    }

    /// Parses `elicitation/create` params; a missing `mode` means form (the 2025-06-18 shape).
    public init(params: JSONValue?) throws(ElicitationError) {
        guard let params, params.objectValue != nil else { throw .invalidRequest("elicitation/create without params") }
        message = params["message"]?.stringValue ?? ""
        relatedTaskId = params["_meta"]?[TaskWire20251125.relatedTaskKey]?["taskId"]?.stringValue
        switch params["mode"]?.stringValue ?? "form" {
        case "form":
            guard let schema = params["requestedSchema"] else { throw .invalidRequest("form elicitation without requestedSchema") }
            mode = .form(try FormSchema(json: schema))
        case "url":
            guard let url = params["url"]?.stringValue, let id = params["elicitationId"]?.stringValue else {
                throw .invalidRequest("URL elicitation without url or elicitationId")
            }
            mode = .url(url: url, elicitationId: id)
        case let other:
            throw .invalidRequest("unknown elicitation mode '\(other)'")
        }
    }
}

/// The answer to an elicitation (`ElicitResult`).
public enum ElicitationResponse: Sendable, Equatable {
    /// The user submitted the form (content) or consented to the URL (nil content).
    case accept(JSONObject?)
    case decline
    case cancel

    public var json: JSONValue {
        switch self {
        case .accept(let content?): return ["action": "accept", "content": .object(content)]
        case .accept(nil): return ["action": "accept"]
        case .decline: return ["action": "decline"]
        case .cancel: return ["action": "cancel"]
        }
    }

    public var action: String {
        switch self {
        case .accept: return "accept"
        case .decline: return "decline"
        case .cancel: return "cancel"
        }
    }
}

/// A malformed elicitation request or schema; answered to the server as -32602.
public enum ElicitationError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidRequest(String)
    case invalidSchema(String)

    public var description: String {
        switch self {
        case .invalidRequest(let m): return m
        case .invalidSchema(let m): return "unsupported requestedSchema: \(m)"
        }
    }
}
