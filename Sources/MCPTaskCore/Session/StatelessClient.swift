/// A client of an MCP 2026-07-28 server: stateless, no `initialize` (spec 2026-07-28 `basic/index`,
/// "Statelessness"). Every request carries the protocol version, our identity and our capabilities in
/// `params._meta` ("Per-request protocol fields"); over HTTP the transport adds `MCP-Protocol-Version`,
/// `Mcp-Method` and `Mcp-Name` (configure it with ``httpConfiguration(_:)``). Requests that the server answers
/// with `resultType: "input_required"` are completed through ``requestAllowingInput(_:params:)``: the
/// elicitations go to the ``InputHandler`` and the request is sent again with `inputResponses` and
/// `requestState` (spec `basic/patterns/mrtr`).
///
/// The same client works over stdio (the `_meta` alone) and Streamable HTTP.
public final class StatelessClient: Sendable {
    /// The protocol version this client speaks.
    public static let protocolVersion = "2026-07-28"
    public static let protocolVersionKey = "io.modelcontextprotocol/protocolVersion"
    public static let clientInfoKey = "io.modelcontextprotocol/clientInfo"
    public static let clientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities"

    /// What mcptask really handles: elicitation in both modes, and the tasks extension.
    public static let defaultCapabilities: JSONObject = [
        "elicitation": ["form": .object([:]), "url": .object([:])],
        "extensions": .object(TaskWireExtension.clientDeclaration),
    ]

    public let session: JSONRPCSession
    public let server: DiscoveredServer
    public let clientInfo: ClientInfo
    /// Sent as `clientCapabilities` in every request.
    public let capabilities: JSONObject
    public let inputHandler: InputHandler
    /// Bound on `input_required` rounds of one request.
    public let maxInputRounds: Int

    init(session: JSONRPCSession, server: DiscoveredServer, clientInfo: ClientInfo, capabilities: JSONObject,
         inputHandler: @escaping InputHandler, maxInputRounds: Int) {
        self.session = session
        self.server = server
        self.clientInfo = clientInfo
        self.capabilities = capabilities
        self.inputHandler = inputHandler
        self.maxInputRounds = maxInputRounds
    }

    /// The HTTP transport settings of this generation, from the ones a user gave: `MCP-Protocol-Version` from
    /// the first request, the routing headers per message, and no session (none exists; a legacy server's
    /// stray `Mcp-Session-Id` must not be deleted on close either).
    public static func httpConfiguration(_ base: StreamableHTTPTransport.Configuration) -> StreamableHTTPTransport.Configuration {
        var config = base
        config.protocolVersion = protocolVersion
        config.messageHeaders = { RoutingHeaders.headers(for: $0) }
        config.sessionID = nil
        config.terminateSessionOnClose = false
        return config
    }

    /// Connects and calls `server/discover` (spec 2026-07-28 `server/discover`), unless `discovered` holds a
    /// result the caller kept. Fails with ``MCPError/unsupported(_:)`` when the server does not speak 2026-07-28.
    /// On failure the transport is closed.
    public static func connect(transport: any MCPTransport, clientInfo: ClientInfo,
                               capabilities: JSONObject = StatelessClient.defaultCapabilities,
                               inputHandler: @escaping InputHandler,
                               maxInputRounds: Int = MultiRoundTrip.defaultMaxRounds,
                               discovered: DiscoveredServer? = nil) async throws -> StatelessClient {
        let session = JSONRPCSession(transport: transport)
        do {
            try await session.start()
            let server: DiscoveredServer
            if let discovered {
                server = discovered
            } else {
                let result: JSONValue
                do {
                    result = try await session.request(discoverMethod,
                                                       params: .object(requestParams([:], clientInfo: clientInfo, capabilities: capabilities)))
                } catch {
                    // An answer only an earlier-generation server gives: say so rather than show a bare -32601.
                    if let outcome = ProtocolDetection.outcome(of: error),
                       case .legacy(let reason) = ProtocolDetection.decide(outcome) {
                        throw MCPError.unsupported("the server does not speak MCP \(protocolVersion): \(reason); it may speak an earlier version")
                    }
                    throw error
                }
                server = try DiscoveredServer(result: result)
            }
            guard server.supportedVersions.contains(protocolVersion) else {
                throw MCPError.unsupported("\(server.name) speaks MCP \(server.supportedVersions.joined(separator: ", ")), not \(protocolVersion)")
            }
            return StatelessClient(session: session, server: server, clientInfo: clientInfo, capabilities: capabilities,
                                   inputHandler: inputHandler, maxInputRounds: maxInputRounds)
        } catch {
            await session.close()
            throw error
        }
    }

    public static let discoverMethod = "server/discover"

    /// `params` with the per-request `_meta` fields added (any `_meta` already there is kept).
    public static func requestParams(_ params: JSONObject, clientInfo: ClientInfo, capabilities: JSONObject) -> JSONObject {
        var params = params
        var meta = params["_meta"]?.objectValue ?? JSONObject()
        meta[protocolVersionKey] = .string(protocolVersion)
        meta[clientInfoKey] = ["name": .string(clientInfo.name), "version": .string(clientInfo.version)]
        meta[clientCapabilitiesKey] = .object(capabilities)
        params["_meta"] = .object(meta)
        return params
    }

    /// Sends one request with the per-request `_meta` and returns its result as sent. A -32021 answer
    /// (missing client capability) becomes ``MCPError/unsupported(_:)`` naming what the server wanted.
    public func request(_ method: String, params: JSONObject = [:]) async throws -> JSONValue {
        let full = Self.requestParams(params, clientInfo: clientInfo, capabilities: capabilities)
        do {
            return try await session.request(method, params: .object(full))
        } catch MCPError.rpc(let error) where error.code == TaskWireExtension.missingClientCapability {
            throw MCPError.unsupported(TaskWireExtension.missingCapabilityMessage(
                error, server: server.name, doing: Self.describe(method, params)))
        }
    }

    /// Sends a request the server may answer with `input_required`, answering each round's elicitations
    /// through ``inputHandler`` and re-sending with `inputResponses` and `requestState`, until the result is
    /// `complete` (or, with the tasks extension, `task`). At most ``maxInputRounds`` rounds.
    public func requestAllowingInput(_ method: String, params: JSONObject = [:]) async throws -> JSONValue {
        var exchange = MultiRoundTrip(method: method, params: params, maxRounds: maxInputRounds)
        var current = exchange.originalParams
        while true {
            let result = try await request(method, params: current)
            switch try exchange.next(after: result) {
            case .done(let final):
                return final
            case .needsInput(let input):
                let responses = try await InputRequest.answer(input.requests, with: inputHandler)
                if input.requests.isEmpty { try await Task.sleep(for: exchange.stateOnlyDelay) }
                current = exchange.retryParams(responses: responses)
            }
        }
    }

    /// `tools/call`, completed through any multi round-trip rounds. The result may be a `CallToolResult`
    /// (`resultType` absent or `complete`) or, when we declared the tasks extension, a `CreateTaskResult`
    /// (`resultType: "task"`): see ``TaskDriverExtension/callTool(name:arguments:asTask:ttl:)``.
    public func callTool(name: String, arguments: JSONObject) async throws -> JSONValue {
        try await requestAllowingInput("tools/call", params: TaskWireExtension.callParams(name: name, arguments: arguments))
    }

    /// Every tool the server offers (`tools/list`, all pages).
    public func listTools() async throws -> [ToolDescriptor] {
        try await ToolListing.all { params in
            try await request("tools/list", params: params)
        }
    }

    /// The server as the rest of mcptask shows servers.
    public var description: ServerDescription { server.description() }

    /// Closes the transport (a stdio server process ends; HTTP has no session to end).
    public func close() async {
        await session.close()
    }

    /// What a request does, in words, for error messages.
    static func describe(_ method: String, _ params: JSONObject) -> String {
        switch method {
        case "tools/call": return "call tool '\(params["name"]?.stringValue ?? "?")'"
        case TaskWireExtension.get: return "read task \(params["taskId"]?.stringValue ?? "?")"
        case TaskWireExtension.update: return "answer task \(params["taskId"]?.stringValue ?? "?")"
        case TaskWireExtension.cancel: return "cancel task \(params["taskId"]?.stringValue ?? "?")"
        default: return "answer \(method)"
        }
    }
}
