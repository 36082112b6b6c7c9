import Synchronization

/// A transport with no I/O, for tests and for embedding a server in the same process: what the client sends
/// appears on ``sent``, and whatever the test pushes with ``deliver(_:)`` reaches the client as if the server
/// had sent it.
public final class InMemoryTransport: MCPTransport, Sendable {
    private struct State {
        var continuation: AsyncStream<TransportEvent>.Continuation?
        var early: [TransportEvent] = []
        var closed = false
    }
    private let state = Mutex(State())
    private let sentContinuation: AsyncStream<JSONRPCMessage>.Continuation
    /// Every message the client sent, in order.
    public let sent: AsyncStream<JSONRPCMessage>

    public init() {
        (sent, sentContinuation) = AsyncStream<JSONRPCMessage>.makeStream(bufferingPolicy: .unbounded)
    }

    public func connect() async throws(MCPError) -> AsyncStream<TransportEvent> {
        let (stream, continuation) = AsyncStream<TransportEvent>.makeStream(bufferingPolicy: .unbounded)
        let early = state.withLock { s -> [TransportEvent] in
            s.continuation = continuation
            defer { s.early = [] }
            return s.early
        }
        for event in early { continuation.yield(event) }
        return stream
    }

    public func send(_ message: JSONRPCMessage) async throws(MCPError) {
        if state.withLock({ $0.closed }) { throw .connection("the in-memory transport is closed") }
        sentContinuation.yield(message)
    }

    /// Delivers an event to the client (buffered until ``connect()`` if it has not been called yet).
    public func deliver(_ event: TransportEvent) {
        let continuation = state.withLock { s -> AsyncStream<TransportEvent>.Continuation? in
            if s.continuation == nil { s.early.append(event) }
            return s.continuation
        }
        continuation?.yield(event)
        if case .closed = event { continuation?.finish() }
    }

    /// Delivers a message from the "server".
    public func deliver(_ message: JSONRPCMessage) { deliver(.message(message)) }

    public func close() async {
        let continuation = state.withLock { s -> AsyncStream<TransportEvent>.Continuation? in
            s.closed = true
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.yield(.closed(nil))
        continuation?.finish()
        sentContinuation.finish()
    }
}
