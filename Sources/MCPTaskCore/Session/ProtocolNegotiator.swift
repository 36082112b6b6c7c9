/// Which generation the user asked for (`--protocol`).
public enum ProtocolPreference: String, Sendable, CaseIterable {
    case auto
    case v2025_11_25 = "2025-11-25"
    case v2026_07_28 = "2026-07-28"
}

/// A connected server of either generation.
public enum ServerConnection: Sendable {
    case legacy(MCPClient)
    case modern(StatelessClient)

    public var generation: ProtocolGeneration {
        switch self {
        case .legacy: return .v2025_11_25
        case .modern: return .v2026_07_28
        }
    }

    /// The server as mcptask shows it (for 2026-07-28 from `server/discover`, with protocolVersion 2026-07-28).
    public var server: ServerDescription {
        switch self {
        case .legacy(let client): return client.server
        case .modern(let client): return client.description
        }
    }

    /// The session underneath (notifications, raw requests).
    public var session: JSONRPCSession {
        switch self {
        case .legacy(let client): return client.session
        case .modern(let client): return client.session
        }
    }

    /// The task driver of the generation.
    public func makeDriver() -> any TaskProtocolDriver {
        switch self {
        case .legacy(let client): return TaskDriver20251125(client: client)
        case .modern(let client): return TaskDriverExtension(client: client)
        }
    }

    public func listTools() async throws -> [ToolDescriptor] {
        switch self {
        case .legacy(let client): return try await client.listTools()
        case .modern(let client): return try await client.listTools()
        }
    }

    public func close() async {
        switch self {
        case .legacy(let client): await client.close()
        case .modern(let client): await client.close()
        }
    }
}

/// Connects to a server in the generation it speaks: as the user forced it, as remembered from an earlier
/// run, or found out with ``ProtocolDetection`` (probe with `server/discover`, fall back to `initialize`).
///
/// The legacy connection is the caller's closure, so it keeps its own transport, session resumption and
/// request handler. After a failed probe it always gets a fresh transport: on HTTP the probe may have picked up
/// a stray `Mcp-Session-Id`, on stdio the legacy server has seen an unknown request before `initialize`.
public struct ProtocolNegotiator: Sendable {
    public var clientInfo: ClientInfo
    public var modernCapabilities: JSONObject
    public var inputHandler: InputHandler
    public var maxInputRounds: Int
    /// How long the probe waits for any answer before calling the server legacy. Generous: a Python server
    /// may take seconds to start.
    public var probeTimeout: Duration

    public init(clientInfo: ClientInfo, inputHandler: @escaping InputHandler,
                modernCapabilities: JSONObject = StatelessClient.defaultCapabilities,
                maxInputRounds: Int = MultiRoundTrip.defaultMaxRounds, probeTimeout: Duration = .seconds(10)) {
        self.clientInfo = clientInfo
        self.inputHandler = inputHandler
        self.modernCapabilities = modernCapabilities
        self.maxInputRounds = maxInputRounds
        self.probeTimeout = probeTimeout
    }

    /// The connection and how it was chosen.
    public struct Negotiated: Sendable {
        public var connection: ServerConnection
        /// Whether the probe ran (then remember ``ServerConnection/generation`` for next time).
        public var probed: Bool
        /// Why the server is treated as legacy, when the probe said so (for `--verbose`).
        public var fallbackReason: String?
    }

    /// Connects.
    /// - Parameters:
    ///   - preference: `--protocol`; `.auto` detects unless `remembered` says legacy.
    ///   - remembered: the generation found for this server earlier. A remembered legacy server is connected
    ///     with `initialize` straight away and probed only if that fails with a JSON-RPC error (spec: re-probe
    ///     when the cached assumption fails). A remembered modern server needs no special path: the probe is
    ///     the `server/discover` a modern connection makes anyway.
    ///   - modernTransport: a new transport set up for 2026-07-28 (HTTP: ``StatelessClient/httpConfiguration(_:)``).
    ///   - legacy: connects with `initialize` on a new transport of its own.
    public func connect(preference: ProtocolPreference, remembered: ProtocolGeneration?,
                        modernTransport: @Sendable () -> any MCPTransport,
                        legacy: @Sendable () async throws -> MCPClient) async throws -> Negotiated {
        switch preference {
        case .v2025_11_25:
            return Negotiated(connection: .legacy(try await legacy()), probed: false)
        case .v2026_07_28:
            let client = try await StatelessClient.connect(
                transport: modernTransport(), clientInfo: clientInfo, capabilities: modernCapabilities,
                inputHandler: inputHandler, maxInputRounds: maxInputRounds)
            return Negotiated(connection: .modern(client), probed: false)
        case .auto:
            if remembered == .v2025_11_25 {
                do {
                    return Negotiated(connection: .legacy(try await legacy()), probed: false)
                } catch MCPError.rpc {
                    // The server changed (or was never legacy): find out again.
                }
            }
            return try await detect(modernTransport: modernTransport, legacy: legacy)
        }
    }

    /// Probes and connects in the generation found.
    public func detect(modernTransport: @Sendable () -> any MCPTransport,
                       legacy: @Sendable () async throws -> MCPClient) async throws -> Negotiated {
        let session = JSONRPCSession(transport: modernTransport())
        // Failing to start (no such command, bad URL) is not a generation question.
        try await session.start()
        let outcome: ProtocolDetection.ProbeOutcome
        do {
            outcome = .discovered(try await probe(session))
        } catch {
            guard let classified = ProtocolDetection.outcome(of: error) else {
                await session.close()
                throw error
            }
            outcome = classified
        }
        switch ProtocolDetection.decide(outcome) {
        case .modern(let server):
            let client = StatelessClient(session: session, server: server, clientInfo: clientInfo,
                                         capabilities: modernCapabilities, inputHandler: inputHandler,
                                         maxInputRounds: maxInputRounds)
            return Negotiated(connection: .modern(client), probed: true)
        case .legacy(let reason):
            await session.close()
            return Negotiated(connection: .legacy(try await legacy()), probed: true, fallbackReason: reason)
        case .failed(let error):
            await session.close()
            throw error
        }
    }

    /// `server/discover` with the 2026-07-28 `_meta`, bounded by ``probeTimeout``.
    func probe(_ session: JSONRPCSession) async throws -> JSONValue {
        let params = StatelessClient.requestParams([:], clientInfo: clientInfo, capabilities: modernCapabilities)
        let limit = probeTimeout
        return try await withThrowingTaskGroup(of: JSONValue?.self) { group in
            group.addTask { try await session.request(StatelessClient.discoverMethod, params: .object(params)) }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw ProbeTimeout(limit: limit) }
            return result
        }
    }
}
