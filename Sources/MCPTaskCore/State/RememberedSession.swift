import Foundation

/// What mcptask remembers about a server between commands, so a later command can reuse the session instead
/// of creating one (issue 5, "Session reuse for HTTP servers"): session-bound tasks stay reachable.
public struct RememberedSession: Sendable, Equatable {
    /// The server's ``ServerIdentity`` key.
    public var serverKey: String
    /// The HTTP `Mcp-Session-Id`; nil for a server that gave none (it keeps no session state).
    public var sessionId: String?
    /// The protocol version negotiated in `initialize`.
    public var protocolVersion: String
    /// The protocol generation (``ProtocolGeneration/rawValue``), when known.
    public var generation: String?
    /// The server's `capabilities` from `initialize`, as sent.
    public var capabilities: JSONValue
    /// `serverInfo.name` and `serverInfo.version`.
    public var serverName: String?
    public var serverVersion: String?
    /// When a command last used the session.
    public var lastUsed: Date

    public init(serverKey: String, sessionId: String?, protocolVersion: String, generation: String? = nil,
                capabilities: JSONValue = .object([:]), serverName: String? = nil, serverVersion: String? = nil,
                lastUsed: Date = Date()) {
        self.serverKey = serverKey
        self.sessionId = sessionId
        self.protocolVersion = protocolVersion
        self.generation = generation
        self.capabilities = capabilities
        self.serverName = serverName
        self.serverVersion = serverVersion
        self.lastUsed = lastUsed
    }
}

// MARK: - JSON form (one member of `sessions.json`)

extension RememberedSession {
    var json: JSONValue {
        var o: JSONObject = ["serverKey": .string(serverKey)]
        if let sessionId { o["sessionId"] = .string(sessionId) }
        o["protocolVersion"] = .string(protocolVersion)
        if let generation { o["generation"] = .string(generation) }
        o["capabilities"] = capabilities
        if let serverName { o["serverName"] = .string(serverName) }
        if let serverVersion { o["serverVersion"] = .string(serverVersion) }
        o["lastUsed"] = .string(Timestamp.format(lastUsed))
        return .object(o)
    }

    /// Reads a session back; nil when a required member is missing or has the wrong type.
    init?(json: JSONValue) {
        guard let serverKey = json["serverKey"]?.stringValue,
              let version = json["protocolVersion"]?.stringValue,
              let lastUsed = json["lastUsed"]?.stringValue.flatMap(Timestamp.parse)
        else { return nil }
        self.init(serverKey: serverKey, sessionId: json["sessionId"]?.stringValue, protocolVersion: version,
                  generation: json["generation"]?.stringValue, capabilities: json["capabilities"] ?? .object([:]),
                  serverName: json["serverName"]?.stringValue, serverVersion: json["serverVersion"]?.stringValue,
                  lastUsed: lastUsed)
    }
}
