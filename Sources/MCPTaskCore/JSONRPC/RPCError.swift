/// A JSON-RPC error object, kept whole: code, message and any `data`.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    init?(json: JSONValue) {
        guard let code = json["code"]?.intValue else { return nil }
        self.code = code
        self.message = json["message"]?.stringValue ?? ""
        self.data = json["data"]
    }

    public var json: JSONValue {
        var o: JSONObject = ["code": .int(code), "message": .string(message)]
        if let data { o["data"] = data }
        return .object(o)
    }

    public var description: String { "\(message) (JSON-RPC error \(code))" }

    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
}
