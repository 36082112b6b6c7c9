/// Who we are, as sent in `initialize`.
public struct ClientInfo: Sendable {
    public var name: String
    public var version: String
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}

/// What the server said about itself in `initialize`.
public struct ServerDescription: Sendable {
    public var protocolVersion: String
    public var name: String
    public var version: String
    public var capabilities: JSONValue
    public var instructions: String?
    /// The whole `initialize` result as sent.
    public var raw: JSONValue

    public init(protocolVersion: String, name: String, version: String, capabilities: JSONValue,
                instructions: String? = nil, raw: JSONValue = .null) {
        self.protocolVersion = protocolVersion
        self.name = name
        self.version = version
        self.capabilities = capabilities
        self.instructions = instructions
        self.raw = raw
    }
}

/// An initialised MCP client session (lifecycle per spec `basic/lifecycle`): `initialize` offering
/// 2025-11-25, then `notifications/initialized`. Older versions the server picks are accepted; tasks are then
/// unavailable and say so.
public final class MCPClient: Sendable {
    /// The protocol version we offer first.
    public static let latestProtocolVersion = "2025-11-25"
    /// Versions we accept when the server picks one.
    public static let supportedProtocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    public let session: JSONRPCSession
    public let server: ServerDescription

    private init(session: JSONRPCSession, server: ServerDescription) {
        self.session = session
        self.server = server
    }

    /// Connects, performs the handshake and returns a ready client. On failure the transport is closed.
    public static func connect(transport: any MCPTransport,
                               clientInfo: ClientInfo,
                               capabilities: JSONObject = [:],
                               handler: any ServerRequestHandler = DefaultServerRequestHandler()) async throws -> MCPClient {
        let session = JSONRPCSession(transport: transport, handler: handler)
        do {
            try await session.start()
            let result = try await session.request("initialize", params: [
                "protocolVersion": .string(latestProtocolVersion),
                "capabilities": .object(capabilities),
                "clientInfo": ["name": .string(clientInfo.name), "version": .string(clientInfo.version)],
            ])
            guard let version = result["protocolVersion"]?.stringValue else {
                throw MCPError.protocolViolation("the initialize result has no protocolVersion")
            }
            guard supportedProtocolVersions.contains(version) else {
                throw MCPError.unsupported("the server speaks MCP \(version), which mcptask does not support (it supports \(supportedProtocolVersions.joined(separator: ", ")))")
            }
            let info = result["serverInfo"]
            let server = ServerDescription(
                protocolVersion: version,
                name: info?["name"]?.stringValue ?? "unnamed server",
                version: info?["version"]?.stringValue ?? "",
                capabilities: result["capabilities"] ?? .object([:]),
                instructions: result["instructions"]?.stringValue,
                raw: result)
            try await session.notify("notifications/initialized")
            await transport.sessionEstablished(protocolVersion: version)
            return MCPClient(session: session, server: server)
        } catch {
            await session.close()
            throw error
        }
    }

    /// Rejoins a session that an earlier process initialised (its `Mcp-Session-Id` is already set on the
    /// transport), without a new `initialize`. A `ping` checks that the server still knows the session: if it
    /// does not, this throws ``MCPError/sessionExpired(_:)`` and the caller initialises a new one.
    public static func resume(transport: any MCPTransport, server: ServerDescription,
                              handler: any ServerRequestHandler = DefaultServerRequestHandler()) async throws -> MCPClient {
        let session = JSONRPCSession(transport: transport, handler: handler)
        do {
            try await session.start()
            await transport.sessionEstablished(protocolVersion: server.protocolVersion)
            _ = try await session.request("ping")
            return MCPClient(session: session, server: server)
        } catch {
            await session.close()
            throw error
        }
    }

    /// Runs `body` with a connected client and closes it afterwards, whatever happens.
    public static func withClient<T: Sendable>(transport: any MCPTransport, clientInfo: ClientInfo,
                                               capabilities: JSONObject = [:],
                                               handler: any ServerRequestHandler = DefaultServerRequestHandler(),
                                               _ body: (MCPClient) async throws -> T) async throws -> T {
        let client = try await connect(transport: transport, clientInfo: clientInfo, capabilities: capabilities, handler: handler)
        do {
            let value = try await body(client)
            await client.close()
            return value
        } catch {
            await client.close()
            throw error
        }
    }

    /// Every tool the server offers (`tools/list`, all pages).
    public func listTools() async throws -> [ToolDescriptor] {
        try await ToolListing.all { params in
            try await session.request("tools/list", params: params.isEmpty ? nil : .object(params))
        }
    }

    /// Ends the session and releases the server.
    public func close() async {
        await session.close()
    }
}

/// Detects a server that hands out the same cursor twice, which would otherwise page forever.
public struct CursorGuard: Sendable {
    private var seen: Set<String> = []
    public init() {}
    public mutating func check(_ cursor: String?, method: String) throws(MCPError) {
        guard let cursor else { return }
        if !seen.insert(cursor).inserted {
            throw .protocolViolation("\(method) returned the cursor '\(cursor.prefix(40))' twice; stopped paging to avoid a loop")
        }
    }
}
