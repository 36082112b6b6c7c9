import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The Streamable HTTP transport of MCP (spec `basic/transports`): every message is a POST; a request's answer
/// is either one JSON body or an SSE stream read incrementally, so requests and notifications that the server
/// sends before the response are handled as they arrive.
///
/// It keeps `Mcp-Session-Id` and `MCP-Protocol-Version`, opens the server's GET stream when offered (405 is
/// fine), resumes a broken SSE stream with `Last-Event-ID`, and turns HTTP failures into ``MCPError`` values
/// that say what happened.
public final class StreamableHTTPTransport: MCPTransport, Sendable {
    /// Where and how to connect.
    public struct Configuration: Sendable {
        public var url: String
        /// Extra headers sent on every request (e.g. `Authorization`).
        public var headers: [(name: String, value: String)]
        public var maxMessageBytes: Int
        public var connectTimeout: Duration
        /// A session to resume instead of starting a new one (set by callers that remember sessions).
        public var sessionID: String?
        /// Whether ``close()`` ends the session on the server with DELETE.
        public var terminateSessionOnClose: Bool
        /// How many times a broken SSE stream is resumed before the request is given up.
        public var maxResumeAttempts: Int
        /// Headers that depend on the message (MCP 2026-07-28 sends `Mcp-Method` and `Mcp-Name`).
        public var messageHeaders: (@Sendable (JSONRPCMessage) -> [(name: String, value: String)])?
        /// Whether to send `MCP-Protocol-Version` before initialisation (stateless protocols have none).
        public var protocolVersion: String?
        /// Receives one line per HTTP exchange step (for `--verbose`); never header values.
        public var trace: (@Sendable (String) -> Void)?

        public init(url: String, headers: [(name: String, value: String)] = [], maxMessageBytes: Int = 16 << 20,
                    connectTimeout: Duration = .seconds(10), sessionID: String? = nil,
                    terminateSessionOnClose: Bool = true, maxResumeAttempts: Int = 3) {
            self.url = url
            self.headers = headers
            self.maxMessageBytes = maxMessageBytes
            self.connectTimeout = connectTimeout
            self.sessionID = sessionID
            self.terminateSessionOnClose = terminateSessionOnClose
            self.maxResumeAttempts = maxResumeAttempts
            self.messageHeaders = nil
            self.protocolVersion = nil
            self.trace = nil
        }
    }

    private struct State {
        var sessionID: String?
        var protocolVersion: String?
        var continuation: AsyncStream<TransportEvent>.Continuation?
        var readers: [Int: Task<Void, Never>] = [:]
        var nextReader = 0
        var getStreamOpened = false
        var closed = false
        var terminateOnClose: Bool
    }

    private let config: Configuration
    private let client: HTTPClient
    private let state: Mutex<State>
    private let host: String

    public init(_ configuration: Configuration) {
        self.config = configuration
        var httpConfig = HTTPClient.Configuration()
        let connectMs = Int64(configuration.connectTimeout.components.seconds * 1000)
            + configuration.connectTimeout.components.attoseconds / 1_000_000_000_000_000
        // No read timeout: a tasks/result stream may stay quiet for as long as the task runs.
        httpConfig.timeout = .init(connect: .milliseconds(connectMs), read: nil)
        httpConfig.redirectConfiguration = .follow(max: 5, allowCycles: false)
        // A refused connection is an answer: report it at once instead of retrying until the connect timeout.
        httpConfig.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfig)
        self.state = Mutex(State(sessionID: configuration.sessionID, protocolVersion: configuration.protocolVersion,
                                 terminateOnClose: configuration.terminateSessionOnClose))
        self.host = URL(string: configuration.url).flatMap { u in u.host.map { h in u.port.map { "\(h):\($0)" } ?? h } }
            ?? configuration.url
    }

    /// The session id the server assigned (or the one resumed), if any.
    public var sessionID: String? { state.withLock { $0.sessionID } }

    /// Forgets the session id (after the server said it no longer knows it), so a new `initialize` starts fresh.
    public func resetSession() {
        state.withLock {
            $0.sessionID = nil
            $0.getStreamOpened = false
        }
    }

    /// Decide late whether ``close()`` should DELETE the session (keep it when tasks live on in it).
    public func setTerminateSessionOnClose(_ terminate: Bool) {
        state.withLock { $0.terminateOnClose = terminate }
    }

    public func connect() async throws(MCPError) -> AsyncStream<TransportEvent> {
        guard let url = URL(string: config.url), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw .connection("invalid server URL '\(config.url)': expected http:// or https://")
        }
        let (stream, continuation) = AsyncStream<TransportEvent>.makeStream(bufferingPolicy: .unbounded)
        state.withLock { $0.continuation = continuation }
        return stream
    }

    public func sessionEstablished(protocolVersion version: String) async {
        state.withLock { $0.protocolVersion = version }
        openServerStream()
    }

    public func send(_ message: JSONRPCMessage) async throws(MCPError) {
        var request = makeRequest(method: .POST)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        for header in config.messageHeaders?(message) ?? [] {
            request.headers.replaceOrAdd(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: message.json.serializedBytes()))
        let what: String
        switch message {
        case .request(let id, let method, _): what = "\(method) #\(id)"
        case .notification(let method, _): what = method
        case .response(let id, _), .errorResponse(let id?, _): what = "response #\(id)"
        case .errorResponse(nil, _): what = "error response"
        }
        config.trace?("→ POST \(what)")
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .distantFuture)
        } catch {
            config.trace?("✗ POST \(what): \(error)")
            throw mapClientError(error)
        }
        config.trace?("← \(response.status.code) \(response.headers.first(name: "Content-Type") ?? "-") for \(what)")
        if let sid = response.headers.first(name: "Mcp-Session-Id"), !sid.isEmpty {
            state.withLock { $0.sessionID = sid }
        }
        let status = response.status.code
        guard (200..<300).contains(status) else {
            let body = try? await response.body.collect(upTo: 64 * 1024)
            throw statusError(Int(status), body: body.map { String(buffer: $0) } ?? "", response: response)
        }
        guard case .request(let id, let method, _) = message else {
            // Notifications and responses: 202 Accepted with no body is the norm; drain anything else.
            _ = try? await response.body.collect(upTo: 1 << 20)
            return
        }
        let contentType = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
        if contentType.hasPrefix("text/event-stream") {
            startReader(kind: .post(id)) { [self] in
                await self.readSSE(response: response, waitingFor: id)
            }
        } else if contentType.hasPrefix("application/json") {
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: config.maxMessageBytes)
            } catch is NIOTooManyBytesError {
                throw .oversizedMessage(limit: config.maxMessageBytes)
            } catch {
                throw mapClientError(error)
            }
            let bytes = Array(buffer: body)
            try deliverJSONBody(bytes)
        } else if status == 202 {
            throw .protocolViolation("the server accepted the \(method) request (HTTP 202) but sent no answer")
        } else {
            throw .protocolViolation("unexpected Content-Type '\(contentType)' in the answer to \(method)")
        }
    }

    /// Opens the server's own SSE stream (GET) once the session exists. A 405 means the server has none.
    public func openServerStream() {
        let already = state.withLock { s -> Bool in
            defer { s.getStreamOpened = true }
            return s.getStreamOpened
        }
        guard !already else { return }
        startReader(kind: .get) { [self] in
            var request = self.makeRequest(method: .GET)
            request.headers.add(name: "Accept", value: "text/event-stream")
            guard let response = try? await self.client.execute(request, deadline: .distantFuture),
                  response.status == .ok,
                  (response.headers.first(name: "Content-Type") ?? "").lowercased().hasPrefix("text/event-stream")
            else { return }
            await self.readSSE(response: response, waitingFor: nil)
        }
    }

    private enum ReaderKind { case post(RequestID), get }

    private func startReader(kind: ReaderKind, _ body: @escaping @Sendable () async -> Void) {
        state.withLock { s in
            guard !s.closed else { return }
            let key = s.nextReader
            s.nextReader += 1
            s.readers[key] = Task { [self] in
                await body()
                _ = self.state.withLock { $0.readers.removeValue(forKey: key) }
            }
        }
    }

    private func yield(_ event: TransportEvent) {
        _ = state.withLock { $0.continuation }?.yield(event)
    }

    private func deliverJSONBody(_ bytes: [UInt8]) throws(MCPError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .protocolViolation("the server sent invalid JSON (\(error))")
        }
        let items: [JSONValue] = value.arrayValue ?? [value]
        for item in items {
            do {
                yield(.message(try JSONRPCMessage(json: item)))
            } catch {
                throw .protocolViolation("the server sent an invalid JSON-RPC message: \(error.message)")
            }
        }
    }

    /// Reads an SSE body event by event. For a POST stream, stops once the response to `waitingFor` arrived;
    /// if the stream breaks first, resumes it with `Last-Event-ID` or reports the request failed.
    private func readSSE(response initial: HTTPClientResponse, waitingFor id: RequestID?) async {
        var response = initial
        var parser = SSEParser(maxEventBytes: config.maxMessageBytes)
        var attempts = 0
        while true {
            var answered = false
            var failure: MCPError?
            do {
                streaming: for try await chunk in response.body {
                    let events: [SSEEvent]
                    do {
                        events = try parser.feed(chunk.readableBytesView)
                    } catch {
                        failure = .oversizedMessage(limit: config.maxMessageBytes)
                        break streaming
                    }
                    for event in events where event.event == "message" && !event.data.isEmpty {
                        switch MessageDecoding.decode(Array(event.data.utf8)) {
                        case .success(let message):
                            yield(.message(message))
                            if let trace = config.trace {
                                switch message {
                                case .request(let rid, let method, _): trace("← SSE request \(method) #\(rid)")
                                case .notification(let method, _): trace("← SSE \(method)")
                                case .response(let rid, _), .errorResponse(let rid?, _): trace("← SSE response #\(rid)")
                                default: break
                                }
                            }
                            switch message {
                            case .response(let rid, _) where rid == id, .errorResponse(let rid?, _) where rid == id:
                                answered = true
                            default: break
                            }
                        case .failure(let error):
                            failure = error
                            break streaming
                        }
                    }
                    if answered { break streaming }
                }
            } catch {
                if Task.isCancelled { return }
                failure = nil  // a broken stream: try to resume below
            }
            if answered || Task.isCancelled { return }
            if let failure {
                if let id { yield(.requestFailed(id, failure)) } else { yield(.closed(failure)) }
                return
            }
            guard let id else { return }  // the GET stream ended; it is optional
            parser.finish()
            // Resume with Last-Event-ID when the server gave event ids; otherwise the request is lost.
            guard let lastID = parser.lastEventID, attempts < config.maxResumeAttempts else {
                yield(.requestFailed(id, .connection("the server closed the stream before answering")))
                return
            }
            attempts += 1
            try? await Task.sleep(for: .milliseconds(100 * attempts))
            var request = makeRequest(method: .GET)
            request.headers.add(name: "Accept", value: "text/event-stream")
            request.headers.add(name: "Last-Event-ID", value: lastID)
            guard let resumed = try? await client.execute(request, deadline: .distantFuture),
                  resumed.status == .ok else {
                yield(.requestFailed(id, .connection("the server closed the stream before answering, and it could not be resumed")))
                return
            }
            response = resumed
        }
    }

    private func makeRequest(method: HTTPMethod) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: config.url)
        request.method = method
        for header in config.headers { request.headers.add(name: header.name, value: header.value) }
        let (sid, version) = state.withLock { ($0.sessionID, $0.protocolVersion) }
        if let sid { request.headers.replaceOrAdd(name: "Mcp-Session-Id", value: sid) }
        if let version { request.headers.replaceOrAdd(name: "MCP-Protocol-Version", value: version) }
        return request
    }

    private func statusError(_ status: Int, body: String, response: HTTPClientResponse) -> MCPError {
        let detail = Self.bodyDetail(body)
        switch status {
        case 401:
            var message = "authentication required by \(host)"
            if let challenge = response.headers.first(name: "WWW-Authenticate") { message += " (\(challenge.prefix(120)))" }
            return .authentication(status: 401, message: message + "; pass credentials with -H 'Authorization: Bearer …'")
        case 403:
            return .authentication(status: 403, message: "access refused by \(host)\(detail.map { ": \($0)" } ?? "")")
        case 404:
            if let sid = state.withLock({ $0.sessionID }) {
                return .sessionExpired("the server no longer knows session \(sid) (HTTP 404); its tasks may be unreachable")
            }
            return .connection("no MCP endpoint at \(config.url) (HTTP 404)")
        case 400..<500:
            // A JSON-RPC error in the body says more than the status.
            if let value = try? JSONParser.parse(body), let errorValue = value["error"],
               let rpc = RPCError(json: errorValue) {
                return .rpc(rpc)
            }
            return .connection("the server rejected the request with HTTP \(status)\(detail.map { ": \($0)" } ?? "")")
        default:
            return .connection("the server failed with HTTP \(status)\(detail.map { ": \($0)" } ?? "")")
        }
    }

    private static func bodyDetail(_ body: String) -> String? {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let value = try? JSONParser.parse(trimmed), let message = value["error"]?["message"]?.stringValue {
            return message
        }
        let firstLine = trimmed.split(separator: "\n").first.map(String.init) ?? trimmed
        return String(firstLine.prefix(200))
    }

    private func mapClientError(_ error: any Error) -> MCPError {
        if let e = error as? MCPError { return e }
        let text = String(describing: error)
        if let e = error as? HTTPClientError {
            if e == .connectTimeout { return .connection("cannot connect to \(host): timed out") }
            if e == .remoteConnectionClosed { return .connection("\(host) closed the connection") }
            if e == .tlsHandshakeTimeout { return .connection("TLS handshake with \(host) timed out") }
            if e == .invalidURL || e == .emptyHost || e == .emptyScheme {
                return .connection("invalid server URL '\(config.url)'")
            }
        }
        let lower = text.lowercased()
        if lower.contains("connection refused") || lower.contains("econnrefused") {
            return .connection("cannot connect to \(host): connection refused (is the server running?)")
        }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") {
            return .connection("TLS failure talking to \(host): \(text.prefix(200))")
        }
        if lower.contains("name resolution") || lower.contains("could not resolve") || lower.contains("nodename") {
            return .connection("cannot resolve host of \(config.url)")
        }
        return .connection("cannot reach \(host): \(text.prefix(200))")
    }

    public func close() async {
        let (readers, terminate, sid, continuation) = state.withLock { s in
            s.closed = true
            let r = Array(s.readers.values)
            s.readers = [:]
            let c = s.continuation
            s.continuation = nil
            return (r, s.terminateOnClose, s.sessionID, c)
        }
        for reader in readers { reader.cancel() }
        if terminate, sid != nil {
            let request = makeRequest(method: .DELETE)
            _ = try? await client.execute(request, deadline: .now() + .seconds(2))
        }
        continuation?.yield(.closed(nil))
        continuation?.finish()
        try? await client.shutdown()
    }
}
