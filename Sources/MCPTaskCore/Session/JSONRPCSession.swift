/// Answers requests that the server sends to the client (elicitation, sampling, roots, ping…).
public protocol ServerRequestHandler: Sendable {
    /// Returns the result for `method`, or throws an ``RPCError`` (for example -32601 for unknown methods).
    func handle(method: String, params: JSONValue?, session: JSONRPCSession) async throws(RPCError) -> JSONValue
}

/// A handler that answers `ping` and refuses every other method with -32601.
public struct DefaultServerRequestHandler: ServerRequestHandler {
    public init() {}
    public func handle(method: String, params: JSONValue?, session: JSONRPCSession) async throws(RPCError) -> JSONValue {
        if method == "ping" { return .object([:]) }
        throw RPCError(code: RPCError.methodNotFound, message: "Method not found: \(method)")
    }
}

/// A notification from the server.
public struct ServerNotification: Sendable, Equatable {
    public var method: String
    public var params: JSONValue?
}

/// A JSON-RPC 2.0 session over one transport: many requests in flight, notifications, and requests from the
/// server routed to a ``ServerRequestHandler``. Errors keep their code, message and data.
///
/// Cancelling the Swift task that awaits ``request(_:params:)`` abandons the request and tells the server with
/// `notifications/cancelled`.
public actor JSONRPCSession {
    private let transport: any MCPTransport
    private let handler: any ServerRequestHandler
    private var pending: [RequestID: CheckedContinuation<JSONValue, any Error>] = [:]
    /// Request ids start at a random point: several processes may share one HTTP session (session reuse), and
    /// a server routes answers by id within a session, so ids must not collide across processes.
    private var nextID = Int.random(in: 1..<(1 << 40))
    private var subscribers: [Int: AsyncStream<ServerNotification>.Continuation] = [:]
    private var nextSubscriber = 0
    private var closedError: MCPError?
    private var readerTask: Task<Void, Never>?
    private var handlerTasks: [RequestID: Task<Void, Never>] = [:]

    public init(transport: any MCPTransport, handler: any ServerRequestHandler = DefaultServerRequestHandler()) {
        self.transport = transport
        self.handler = handler
    }

    /// Connects the transport and starts reading.
    public func start() async throws(MCPError) {
        let events = try await transport.connect()
        readerTask = Task { [weak self] in
            for await event in events {
                guard let self else { return }
                await self.receive(event)
            }
            await self?.transportEnded(nil)
        }
    }

    /// The error that ended the session, if it has ended.
    public var terminationError: MCPError? { closedError }

    /// Sends a request and waits for its answer. A JSON-RPC error answer is thrown as ``MCPError/rpc(_:)``.
    public func request(_ method: String, params: JSONValue? = nil) async throws -> JSONValue {
        if let closedError { throw closedError }
        let id = RequestID.int(nextID)
        nextID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<JSONValue, any Error>) in
                pending[id] = cont
                Task { await self.transmit(.request(id: id, method: method, params: params), for: id) }
            }
        } onCancel: {
            Task { await self.abandon(id) }
        }
    }

    /// Sends a notification.
    public func notify(_ method: String, params: JSONValue? = nil) async throws(MCPError) {
        if let closedError { throw closedError }
        try await transport.send(.notification(method: method, params: params))
    }

    /// A stream of the server's notifications from now on; it ends when the session ends.
    public func notifications() -> AsyncStream<ServerNotification> {
        let (stream, continuation) = AsyncStream<ServerNotification>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        if closedError != nil {
            continuation.finish()
            return stream
        }
        let key = nextSubscriber
        nextSubscriber += 1
        subscribers[key] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(key) } }
        return stream
    }

    /// Closes the transport; pending requests fail with ``MCPError/sessionClosed``.
    public func close() async {
        if closedError == nil { closedError = .sessionClosed }
        failAll(.sessionClosed)
        for task in handlerTasks.values { task.cancel() }
        await transport.close()
        readerTask?.cancel()
        finishSubscribers()
    }

    private func unsubscribe(_ key: Int) { subscribers[key] = nil }

    private func transmit(_ message: JSONRPCMessage, for id: RequestID) async {
        do {
            try await transport.send(message)
        } catch {
            resolve(id, with: .failure(error))
        }
    }

    private func abandon(_ id: RequestID) async {
        guard pending[id] != nil else { return }
        resolve(id, with: .failure(CancellationError()))
        try? await transport.send(.notification(method: "notifications/cancelled",
                                                params: ["requestId": id.json, "reason": "cancelled by the client"]))
    }

    private func resolve(_ id: RequestID, with result: Result<JSONValue, any Error>) {
        guard let cont = pending.removeValue(forKey: id) else { return }
        cont.resume(with: result)
    }

    private func receive(_ event: TransportEvent) async {
        switch event {
        case .message(let message):
            switch message {
            case .response(let id, let result):
                resolve(id, with: .success(result))
            case .errorResponse(let id?, let error):
                resolve(id, with: .failure(MCPError.rpc(error)))
            case .errorResponse(nil, let error):
                // An error the server could not tie to a request: the session cannot go on reliably.
                transportEnded(.protocolViolation("the server reported an error without a request id: \(error.message)"))
            case .notification(let method, let params):
                let note = ServerNotification(method: method, params: params)
                for sub in subscribers.values { sub.yield(note) }
            case .request(let id, let method, let params):
                handlerTasks[id] = Task { await self.answer(id: id, method: method, params: params) }
            }
        case .requestFailed(let id, let error):
            resolve(id, with: .failure(error))
        case .closed(let error):
            transportEnded(error)
        }
    }

    private func answer(id: RequestID, method: String, params: JSONValue?) async {
        let reply: JSONRPCMessage
        do {
            let result = try await handler.handle(method: method, params: params, session: self)
            reply = .response(id: id, result: result)
        } catch {
            reply = .errorResponse(id: id, error: error)
        }
        handlerTasks[id] = nil
        if closedError == nil { try? await transport.send(reply) }
    }

    private func transportEnded(_ error: MCPError?) {
        if closedError == nil {
            closedError = error ?? .connection("the server closed the connection")
        }
        failAll(closedError ?? .sessionClosed)
        finishSubscribers()
    }

    private func failAll(_ error: MCPError) {
        let all = pending
        pending = [:]
        for cont in all.values { cont.resume(throwing: error) }
    }

    private func finishSubscribers() {
        let subs = subscribers
        subscribers = [:]
        for sub in subs.values { sub.finish() }
    }
}
