import MCPTaskCore
import NIOCore
import NIOHTTP1
import Synchronization

/// The MCP endpoint of the Streamable HTTP transport (spec `basic/transports`, "Streamable HTTP"): POST for
/// every client message, GET for the session's own stream and for resuming (`Last-Event-ID`), DELETE to end a
/// session. Sessions come from `initialize` and are named by `Mcp-Session-Id`.
final class MCPHTTPEndpoint: Sendable {
    static let path = "/mcp"
    static let maxBodyBytes = 16 << 20

    let server: MCPServer
    let sessions = HTTPSessionRegistry()
    /// Whether tasks outlive the session that created them (shared tasks are reachable from other sessions).
    let sharedTasks: Bool
    let replayEvents: Int
    let replayBytes: Int

    init(server: MCPServer, sharedTasks: Bool, replayEvents: Int = 512, replayBytes: Int = 32 << 20) {
        self.server = server
        self.sharedTasks = sharedTasks
        self.replayEvents = replayEvents
        self.replayBytes = replayBytes
    }

    func respond(to request: HTTPRequest) async -> HTTPReply {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        guard path == Self.path || path == Self.path + "/" else {
            return .status(.notFound, "Not Found: the MCP endpoint is \(Self.path)")
        }
        if let origin = request.headers.first(name: "Origin"), !Self.isAllowedOrigin(origin, host: request.headers.first(name: "Host")) {
            return .status(.forbidden, "Forbidden: origin \(origin) may not use this server")
        }
        if let version = request.headers.first(name: "MCP-Protocol-Version"), !ProtocolVersions.supported.contains(version) {
            return .status(.badRequest, "Bad Request: unsupported MCP-Protocol-Version \(version) (supported: \(ProtocolVersions.supported.joined(separator: ", ")))")
        }
        switch request.method {
        case .POST: return await post(request)
        case .GET: return get(request)
        case .DELETE: return await delete(request)
        default:
            var headers = HTTPHeaders()
            headers.add(name: "Allow", value: "GET, POST, DELETE")
            return .status(.methodNotAllowed, "Method Not Allowed: use POST, GET or DELETE", headers: headers)
        }
    }

    /// DNS-rebinding protection (spec `basic/transports`, "Security Warning"): a browser origin must be local
    /// or the host the request was sent to.
    static func isAllowedOrigin(_ origin: String, host: String?) -> Bool {
        guard let schemeEnd = origin.range(of: "://") else { return false }
        var rest = origin[schemeEnd.upperBound...]
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        let originHost = hostname(String(rest))
        if ["localhost", "127.0.0.1", "::1"].contains(originHost) { return true }
        if let host, hostname(host) == originHost { return true }
        return false
    }

    private static func hostname(_ hostAndPort: String) -> String {
        if hostAndPort.hasPrefix("["), let close = hostAndPort.firstIndex(of: "]") {
            return String(hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]).lowercased()
        }
        return String(hostAndPort.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }

    private func session(for request: HTTPRequest) -> Result<HTTPSession, HTTPFailure> {
        guard let id = request.headers.first(name: "Mcp-Session-Id"), !id.isEmpty else {
            return .failure(HTTPFailure(reply: .status(.badRequest, "Bad Request: Mcp-Session-Id header is required (send initialize first)")))
        }
        guard let session = sessions.get(id) else {
            return .failure(HTTPFailure(reply: .status(.notFound, "Session not found: \(id) has ended or never existed; initialize a new session")))
        }
        return .success(session)
    }

    struct HTTPFailure: Error {
        let reply: HTTPReply
    }

    // MARK: POST

    private func post(_ request: HTTPRequest) async -> HTTPReply {
        if let type = request.headers.first(name: "Content-Type")?.lowercased(), !type.contains("application/json") {
            return .status(.unsupportedMediaType, "Unsupported Media Type: send application/json")
        }
        let message: JSONRPCMessage
        switch MCPServer.decode(Array(request.body.readableBytesView)) {
        case .invalid(let answer):
            return .json(answer, status: .badRequest)
        case .message(let m):
            message = m
        }
        let accept = request.headers[canonicalForm: "Accept"].map { $0.lowercased() }
        let wantsStream = accept.contains { $0.hasPrefix("text/event-stream") }

        if case .request(let id, "initialize", _) = message {
            let httpSession = makeSession()
            var headers = HTTPHeaders()
            headers.add(name: "Mcp-Session-Id", value: httpSession.id)
            return await answer(message, id: id, in: httpSession, stream: wantsStream, headers: headers)
        }
        let httpSession: HTTPSession
        switch session(for: request) {
        case .failure(let failure): return failure.reply
        case .success(let s): httpSession = s
        }
        guard case .request(let id, _, _) = message else {
            // Notifications and responses: accepted, nothing to answer.
            _ = await server.receive(message, session: httpSession.session, sink: CollectingSink(canSendRequests: false, connected: false))
            return .empty(.accepted)
        }
        return await answer(message, id: id, in: httpSession, stream: wantsStream, headers: HTTPHeaders())
    }

    private func makeSession() -> HTTPSession {
        let id = HTTPSessionRegistry.newID()
        let session = server.openSession(id: id)
        let httpSession = HTTPSession(id: id, session: session,
                                      hub: SSEHub(buffer: SSEReplayBuffer(maxEvents: replayEvents, maxBytes: replayBytes)))
        sessions.add(httpSession)
        return httpSession
    }

    private func answer(_ message: JSONRPCMessage, id: RequestID, in httpSession: HTTPSession, stream: Bool,
                        headers: HTTPHeaders) async -> HTTPReply {
        let server = self.server
        let session = httpSession.session
        guard stream else {
            // A single JSON body: nothing but the answer can travel with it.
            let box = Mutex<JSONRPCMessage?>(nil)
            let sink = CollectingSink(canSendRequests: false, connected: false)
            await session.track(id) {
                let answer = await server.receive(message, session: session, sink: sink)
                box.withLock { $0 = answer }
            }.value
            let answer = box.withLock { $0 } ?? .errorResponse(id: id, error: RPCError(code: -32800, message: "Request cancelled"))
            return .json(answer, headers: headers)
        }
        let hub = httpSession.hub
        let sink = hub.openStream()
        guard let (pump, position) = hub.attach(sink.stream, after: nil) else {
            return .status(.notFound, "Session not found: it has just ended")
        }
        session.track(id) {
            let answer = await server.receive(message, session: session, sink: sink)
            sink.finish(with: answer)
        }
        var streamHeaders = headers
        Self.addStreamHeaders(&streamHeaders)
        let stream = sink.stream
        return .stream(headers: streamHeaders, pump: pump, priming: SSEEventID.make(stream: stream, seq: position),
                       detach: { hub.detach(stream, pump: $0) })
    }

    static func addStreamHeaders(_ headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: "Content-Type", value: "text/event-stream")
        headers.replaceOrAdd(name: "Cache-Control", value: "no-cache")
    }

    // MARK: GET

    private func get(_ request: HTTPRequest) -> HTTPReply {
        let accept = request.headers[canonicalForm: "Accept"].map { $0.lowercased() }
        guard accept.contains(where: { $0.hasPrefix("text/event-stream") || $0.hasPrefix("*/*") }) else {
            return .status(.notAcceptable, "Not Acceptable: GET opens an SSE stream; send Accept: text/event-stream")
        }
        let httpSession: HTTPSession
        switch session(for: request) {
        case .failure(let failure): return failure.reply
        case .success(let s): httpSession = s
        }
        let hub = httpSession.hub
        var headers = HTTPHeaders()
        Self.addStreamHeaders(&headers)
        if let lastEventID = request.headers.first(name: "Last-Event-ID") {
            guard let (stream, seq) = SSEEventID.parse(lastEventID), let (pump, _) = hub.attach(stream, after: seq) else {
                return .status(.badRequest, "Bad Request: Last-Event-ID \(lastEventID) names no stream of this session that can be resumed")
            }
            pump.commit()  // headers at once, even if nothing is left to replay yet
            return .stream(headers: headers, pump: pump, priming: nil, detach: { hub.detach(stream, pump: $0) })
        }
        let sink = httpSession.standaloneStream()
        if sink.isConnected {
            return .status(.conflict, "Conflict: this session's GET stream is already open")
        }
        guard let (pump, position) = hub.attach(sink.stream, after: nil) else {
            return .status(.notFound, "Session not found: it has just ended")
        }
        pump.commit()  // a GET stream starts at once; events follow whenever they happen
        let stream = sink.stream
        return .stream(headers: headers, pump: pump, priming: SSEEventID.make(stream: stream, seq: position),
                       detach: { hub.detach(stream, pump: $0) })
    }

    // MARK: DELETE

    private func delete(_ request: HTTPRequest) async -> HTTPReply {
        let httpSession: HTTPSession
        switch session(for: request) {
        case .failure(let failure): return failure.reply
        case .success(let s): httpSession = s
        }
        _ = sessions.remove(httpSession.id)
        httpSession.hub.close()
        // Tasks bound to the session can never be reached again: stop them. Shared tasks live on.
        await server.closeSession(httpSession.session, cancelTasks: !sharedTasks)
        return .empty(.ok)
    }
}
