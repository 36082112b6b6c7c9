import Testing
@testable import MCPTaskCore

/// The "server side" of an ``InMemoryTransport``: reads what the client sent, in order, with a timeout so that a
/// test fails instead of hanging.
final class TestWire: Sendable {
    let transport = InMemoryTransport()
    private let queue = SentQueue()

    init() {
        let sent = transport.sent
        let queue = self.queue
        Task {
            for await message in sent { await queue.append(message) }
            await queue.finish()
        }
    }

    /// The next message the client sent, or nil after `timeout` (or when the transport closed).
    func next(timeout: Duration = .seconds(5)) async -> JSONRPCMessage? {
        await queue.next(timeout: timeout)
    }

    /// The next request the client sent (skipping nothing: anything else is a test failure).
    func nextRequest(sourceLocation: SourceLocation = #_sourceLocation) async throws -> (id: RequestID, method: String, params: JSONValue?) {
        let message = try #require(await next(), "no message from the client", sourceLocation: sourceLocation)
        guard case .request(let id, let method, let params) = message else {
            Issue.record("expected a request, got \(message)", sourceLocation: sourceLocation)
            throw WireError.unexpected
        }
        return (id, method, params)
    }

    /// Whether the client has sent nothing more within `window`.
    func isQuiet(for window: Duration) async -> Bool {
        await queue.next(timeout: window) == nil
    }

    func deliver(_ message: JSONRPCMessage) { transport.deliver(message) }
    func deliver(_ event: TransportEvent) { transport.deliver(event) }
    func respond(_ id: RequestID, _ result: JSONValue) { transport.deliver(.response(id: id, result: result)) }

    enum WireError: Error { case unexpected }
}

actor SentQueue {
    private var items: [JSONRPCMessage] = []
    private var waiters: [(id: Int, cont: CheckedContinuation<JSONRPCMessage?, Never>)] = []
    private var nextWaiter = 0
    private var finished = false

    func append(_ message: JSONRPCMessage) {
        if !waiters.isEmpty {
            waiters.removeFirst().cont.resume(returning: message)
        } else {
            items.append(message)
        }
    }

    func finish() {
        finished = true
        let all = waiters
        waiters = []
        for w in all { w.cont.resume(returning: nil) }
    }

    func next(timeout: Duration) async -> JSONRPCMessage? {
        if !items.isEmpty { return items.removeFirst() }
        if finished { return nil }
        let id = nextWaiter
        nextWaiter += 1
        Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        return await withCheckedContinuation { cont in waiters.append((id, cont)) }
    }

    private func expire(_ id: Int) {
        guard let i = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: i).cont.resume(returning: nil)
    }
}

/// A scripted MCP server on a ``TestWire``: answers each request with `reply` (nil: no answer) and keeps a log of
/// everything the client sent.
final class FakeServer: Sendable {
    let wire = TestWire()
    private let log = MessageLog()
    private let loop: Task<Void, Never>

    init(_ reply: @escaping @Sendable (_ method: String, _ params: JSONValue?) -> Result<JSONValue, RPCError>?) {
        let wire = self.wire
        let log = self.log
        loop = Task {
            while let message = await wire.next(timeout: .seconds(30)) {
                await log.append(message)
                if case .request(let id, let method, let params) = message, let answer = reply(method, params) {
                    switch answer {
                    case .success(let result): wire.deliver(.response(id: id, result: result))
                    case .failure(let error): wire.deliver(.errorResponse(id: id, error: error))
                    }
                }
            }
        }
    }

    var transport: InMemoryTransport { wire.transport }
    func messages() async -> [JSONRPCMessage] { await log.items }
    func requests(_ method: String) async -> [JSONValue?] {
        await log.items.compactMap { if case .request(_, method, let p) = $0 { return .some(p) } else { return nil } }
    }
    func stop() { loop.cancel() }

    static func initializeResult(version: String = "2025-11-25", capabilities: JSONValue = fullCapabilities) -> JSONValue {
        ["protocolVersion": .string(version), "capabilities": capabilities,
         "serverInfo": ["name": "fake-server", "version": "9.9"], "instructions": "be nice"]
    }

    static let fullCapabilities: JSONValue = ["tools": [:], "tasks": ["list": [:], "cancel": [:], "requests": ["tools": ["call": [:]]]]]
}

actor MessageLog {
    private(set) var items: [JSONRPCMessage] = []
    func append(_ m: JSONRPCMessage) { items.append(m) }
}

/// Runs `body` but gives up after `limit`, so a hung await fails the test instead of the suite.
func withDeadline<T: Sendable>(_ limit: Duration = .seconds(10), _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask { try await Task.sleep(for: limit); return nil }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw DeadlineExceeded() }
        return value
    }
}

struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String { "the operation did not finish in time" }
}
