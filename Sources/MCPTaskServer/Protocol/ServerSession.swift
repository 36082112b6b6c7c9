import MCPTaskCore
import Synchronization

/// One client's session with the server: what `initialize` negotiated, where unsolicited messages go, and
/// the requests in flight (so `notifications/cancelled` can stop them).
///
/// Its ``id`` is the owner of the tasks the session creates.
public final class ServerSession: Sendable {
    private struct State {
        var protocolVersion: String?
        var clientCapabilities: JSONValue = .object([:])
        var clientInfo: JSONValue?
        var initialized = false
        var unsolicited: (any MessageSink)?
        var inFlight: [RequestID: Task<Void, Never>] = [:]
        var closed = false
    }

    /// The session id (HTTP `Mcp-Session-Id`, or a fixed name for stdio); tasks are bound to it.
    public let id: String
    private let state: Mutex<State>

    /// A session named `id` whose unsolicited messages go to `unsolicited` (nil drops them until one is set).
    public init(id: String, unsolicited: (any MessageSink)? = nil) {
        self.id = id
        self.state = Mutex(State(unsolicited: unsolicited))
    }

    /// The negotiated version; nil before `initialize`.
    public var protocolVersion: String? { state.withLock { $0.protocolVersion } }

    /// Whether tasks are available: negotiated 2025-11-25 (or, leniently, no `initialize` yet).
    public var tasksEnabled: Bool {
        state.withLock { s in s.protocolVersion.map(ProtocolVersions.hasTasks) ?? true }
    }

    /// The client's `capabilities` from `initialize`.
    public var clientCapabilities: JSONValue { state.withLock { $0.clientCapabilities } }

    /// Whether `notifications/initialized` has arrived.
    public var isInitialized: Bool { state.withLock { $0.initialized } }

    func recordInitialize(version: String, capabilities: JSONValue, clientInfo: JSONValue?) {
        state.withLock {
            $0.protocolVersion = version
            $0.clientCapabilities = capabilities
            $0.clientInfo = clientInfo
        }
    }

    func markInitialized() { state.withLock { $0.initialized = true } }

    /// Where messages unrelated to any open request go (the HTTP GET stream, or stdout).
    public var unsolicitedSink: (any MessageSink)? { state.withLock { $0.unsolicited } }

    /// Sets where unsolicited messages go (the HTTP GET stream once it is opened).
    public func setUnsolicitedSink(_ sink: (any MessageSink)?) {
        state.withLock { $0.unsolicited = sink }
    }

    /// Runs the handling of request `id` as a task that `notifications/cancelled` can cancel.
    @discardableResult
    public func track(_ id: RequestID, _ operation: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        state.withLock { s in
            // Created under the lock, so the task cannot untrack itself before it is tracked.
            let task = Task { [self] in
                await operation()
                self.untrack(id)
            }
            if s.closed { task.cancel() }
            s.inFlight[id] = task
            return task
        }
    }

    private func untrack(_ id: RequestID) {
        state.withLock { _ = $0.inFlight.removeValue(forKey: id) }
    }

    /// `notifications/cancelled`: stops the request if it is still running.
    public func cancelRequest(_ id: RequestID) {
        state.withLock { $0.inFlight[id] }?.cancel()
    }

    /// The requests still running.
    public var inFlightTasks: [Task<Void, Never>] { state.withLock { Array($0.inFlight.values) } }

    /// The session is over: cancel whatever it still runs.
    public func close() {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.closed = true
            s.unsolicited = nil
            return Array(s.inFlight.values)
        }
        for task in tasks { task.cancel() }
    }
}
