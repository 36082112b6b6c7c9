/// A JSON-RPC request id: the spec allows numbers and strings (the Python SDK sends strings for queued requests).
public enum RequestID: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public var json: JSONValue {
        switch self {
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        }
    }

    init?(_ value: JSONValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .number(let n):
            guard let i = n.intValue else { return nil }
            self = .int(i)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .string(let s): return s
        }
    }
}

/// One JSON-RPC 2.0 message, classified. The raw object is kept so that nothing the peer sent is lost.
public enum JSONRPCMessage: Sendable, Equatable {
    case request(id: RequestID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response(id: RequestID, result: JSONValue)
    /// An error response; `id` is nil when the peer could not tell which request failed.
    case errorResponse(id: RequestID?, error: RPCError)

    /// The message as a JSON value ready to serialise.
    public var json: JSONValue {
        var o = JSONObject()
        o["jsonrpc"] = "2.0"
        switch self {
        case .request(let id, let method, let params):
            o["id"] = id.json
            o["method"] = .string(method)
            if let params { o["params"] = params }
        case .notification(let method, let params):
            o["method"] = .string(method)
            if let params { o["params"] = params }
        case .response(let id, let result):
            o["id"] = id.json
            o["result"] = result
        case .errorResponse(let id, let error):
            o["id"] = id?.json ?? .null
            o["error"] = error.json
        }
        return .object(o)
    }

    /// Classifies a parsed JSON value as a JSON-RPC message, or explains why it is not one.
    public init(json: JSONValue) throws(ProtocolViolation) {
        guard let o = json.objectValue else {
            throw ProtocolViolation("expected a JSON-RPC object, got \(json.typeName)")
        }
        guard o["jsonrpc"] == "2.0" else { throw ProtocolViolation("message without \"jsonrpc\": \"2.0\"") }
        let params = o["params"]
        if let methodValue = o["method"] {
            guard let method = methodValue.stringValue else { throw ProtocolViolation("\"method\" is not a string") }
            if let idValue = o["id"] {
                guard let id = RequestID(idValue) else { throw ProtocolViolation("request id is not a string or integer") }
                self = .request(id: id, method: method, params: params)
            } else {
                self = .notification(method: method, params: params)
            }
            return
        }
        let id = o["id"].flatMap(RequestID.init)
        if let errorValue = o["error"] {
            guard let error = RPCError(json: errorValue) else {
                throw ProtocolViolation("malformed JSON-RPC error object")
            }
            self = .errorResponse(id: id, error: error)
            return
        }
        if let result = o["result"] {
            guard let id else { throw ProtocolViolation("response without a usable id") }
            self = .response(id: id, result: result)
            return
        }
        throw ProtocolViolation("JSON-RPC message with neither method, result nor error")
    }
}

/// The peer broke the protocol (not JSON, not JSON-RPC, or not the shape MCP requires).
public struct ProtocolViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
