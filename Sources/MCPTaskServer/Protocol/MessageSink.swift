import MCPTaskCore
import Synchronization

/// Where the server writes messages for one client request or session: stdout for stdio, an SSE stream for
/// Streamable HTTP, a single JSON body when the client cannot take a stream.
///
/// `send` never blocks and keeps order: a status notification sent before a response arrives before it.
public protocol MessageSink: AnyObject, Sendable {
    /// Queues a message for the client.
    func send(_ message: JSONRPCMessage)
    /// Whether requests (e.g. `elicitation/create`) can travel this way and be answered. False for a plain
    /// `application/json` answer, which carries the response and nothing else.
    var canSendRequests: Bool { get }
    /// Whether a reader is attached right now. Messages sent while detached wait in the stream's replay buffer.
    var isConnected: Bool { get }
    /// The handler to call when ``isConnected`` changes (one per sink; nil removes it).
    func setConnectivityHandler(_ handler: (@Sendable (Bool) -> Void)?)
    /// The answer may take a while: commit to streaming now (HTTP sends its headers and a priming event) rather
    /// than waiting to send everything in one piece.
    func beginStreaming()
}

extension MessageSink {
    public func setConnectivityHandler(_ handler: (@Sendable (Bool) -> Void)?) {}
    public func beginStreaming() {}
}

/// A sink that collects messages in memory (tests, and the `application/json` answer of HTTP).
public final class CollectingSink: MessageSink {
    private let state = Mutex<[JSONRPCMessage]>([])
    public let canSendRequests: Bool
    private let connected: Mutex<Bool>
    private let handler = Mutex<(@Sendable (Bool) -> Void)?>(nil)
    private let onSend: (@Sendable (JSONRPCMessage) -> Void)?

    /// - Parameters:
    ///   - canSendRequests: whether server→client requests may be sent through it.
    ///   - onSend: called with every message as it is sent (tests answer requests from here).
    public init(canSendRequests: Bool = true, connected: Bool = true,
                onSend: (@Sendable (JSONRPCMessage) -> Void)? = nil) {
        self.canSendRequests = canSendRequests
        self.connected = Mutex(connected)
        self.onSend = onSend
    }

    public func send(_ message: JSONRPCMessage) {
        state.withLock { $0.append(message) }
        onSend?(message)
    }

    /// Everything sent so far.
    public var messages: [JSONRPCMessage] { state.withLock { $0 } }

    public var isConnected: Bool { connected.withLock { $0 } }

    public func setConnectivityHandler(_ handler: (@Sendable (Bool) -> Void)?) {
        self.handler.withLock { $0 = handler }
    }

    /// Simulates the reader going away or coming back.
    public func setConnected(_ value: Bool) {
        connected.withLock { $0 = value }
        handler.withLock { $0 }?(value)
    }
}
