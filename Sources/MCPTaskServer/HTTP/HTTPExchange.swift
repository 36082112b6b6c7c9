import MCPTaskCore
import NIOCore
import NIOHTTP1

/// One HTTP request as the endpoint sees it (the body already collected).
struct HTTPRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// How to answer: one complete response, or an SSE stream fed by a pump.
enum HTTPReply: Sendable {
    case full(status: HTTPResponseStatus, headers: HTTPHeaders, body: [UInt8])
    /// `priming` is the id of an empty first event that lets the client resume even before any message
    /// (spec `basic/transports`: "SHOULD immediately send an SSE event consisting of an event ID and an empty
    /// data field"). `detach` is called once the connection no longer writes the stream.
    case stream(headers: HTTPHeaders, pump: FramePump, priming: String?, detach: @Sendable (FramePump) -> Void)

    static func status(_ status: HTTPResponseStatus, _ message: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPReply {
        // The body is a JSON-RPC error without id, as the transport spec allows for HTTP errors.
        let body = JSONRPCMessage.errorResponse(id: nil, error: RPCError(code: RPCError.invalidRequest, message: message))
            .json.serializedBytes()
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return .full(status: status, headers: headers, body: body)
    }

    static func json(_ message: JSONRPCMessage, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = HTTPHeaders()) -> HTTPReply {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return .full(status: status, headers: headers, body: message.json.serializedBytes())
    }

    static func empty(_ status: HTTPResponseStatus, headers: HTTPHeaders = HTTPHeaders()) -> HTTPReply {
        .full(status: status, headers: headers, body: [])
    }
}

extension HTTPRequest {
    /// A request from plain values (tests, and callers that do not speak NIO).
    init(method: String, path: String = MCPHTTPEndpoint.path, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.init(method: HTTPMethod(rawValue: method), uri: path, headers: HTTPHeaders(headers),
                  body: ByteBuffer(bytes: body))
    }
}

extension HTTPReply {
    /// The HTTP status code (200 for a stream).
    var statusCode: Int {
        switch self {
        case .full(let status, _, _): return Int(status.code)
        case .stream: return 200
        }
    }

    /// The first value of a response header.
    func header(_ name: String) -> String? {
        switch self {
        case .full(_, let headers, _): return headers.first(name: name)
        case .stream(let headers, _, _, _): return headers.first(name: name)
        }
    }

    /// The body of a complete response.
    var body: [UInt8]? {
        if case .full(_, _, let body) = self { return body }
        return nil
    }
}
