/// Which protocol generation a server speaks, decided the way MCP 2026-07-28 describes for mixed deployments
/// (spec 2026-07-28 `basic/versioning`, "Backward Compatibility with Initialization-Based Versions";
/// `basic/transports/stdio` and `basic/transports/streamable-http`, "Backward Compatibility"): probe with
/// `server/discover` carrying the 2026-07-28 `_meta` (and, on HTTP, headers). A `DiscoverResult` or a
/// recognised modern JSON-RPC error means a modern server; any other error, an HTTP rejection without a modern
/// error body, or silence means a legacy one, which gets `initialize`. The fallback is never keyed to one error
/// code.
///
/// Pure decision logic, no I/O: ``ProtocolNegotiator`` runs the probe and acts on the ``Decision``.
public enum ProtocolDetection {
    /// -32020 HeaderMismatch, -32021 MissingRequiredClientCapability, -32022 UnsupportedProtocolVersion (spec
    /// 2026-07-28 `basic/index`, "Error Codes"): only a modern server sends these.
    public static let recognizedModernErrorCodes: Set<Int> = [-32020, -32021, -32022]
    public static let unsupportedProtocolVersion = -32022

    /// What the probe produced.
    public enum ProbeOutcome: Sendable, Equatable {
        /// A result (normally a `DiscoverResult`).
        case discovered(JSONValue)
        /// A JSON-RPC error answer (on HTTP also one carried in a 4xx body).
        case rpcError(RPCError)
        /// An HTTP error status whose body held no JSON-RPC error (status nil when unknown).
        case httpRejected(status: Int?, detail: String)
        /// Nothing usable: no answer in time, the stream closed, or something that is not a JSON-RPC answer.
        case noAnswer(String)
    }

    /// What to do.
    public enum Decision: Sendable, Equatable {
        /// Speak 2026-07-28; the server described itself.
        case modern(DiscoveredServer)
        /// Fall back to `initialize`; `reason` says why, for `--verbose`.
        case legacy(reason: String)
        /// Neither generation will work; report this.
        case failed(MCPError)
    }

    public static func decide(_ outcome: ProbeOutcome,
                              modernVersions: [String] = [StatelessClient.protocolVersion],
                              legacyVersions: [String] = MCPClient.supportedProtocolVersions) -> Decision {
        switch outcome {
        case .discovered(let result):
            guard let server = try? DiscoveredServer(result: result) else {
                return .legacy(reason: "the answer to server/discover is not a DiscoverResult")
            }
            if server.supportedVersions.contains(where: modernVersions.contains) { return .modern(server) }
            if server.supportedVersions.contains(where: legacyVersions.contains) {
                return .legacy(reason: "server/discover lists only \(server.supportedVersions.joined(separator: ", "))")
            }
            return .failed(unsupported(server.supportedVersions, modernVersions + legacyVersions))
        case .rpcError(let error) where error.code == unsupportedProtocolVersion:
            let supported = (error.data?["supported"]?.arrayValue ?? []).compactMap(\.stringValue)
            if supported.contains(where: modernVersions.contains) {
                return .failed(.protocolViolation("the server rejected MCP \(modernVersions[0]) although it lists it as supported (\(error.message))"))
            }
            if supported.contains(where: legacyVersions.contains) {
                return .legacy(reason: "the server supports only \(supported.joined(separator: ", "))")
            }
            return .failed(unsupported(supported, modernVersions + legacyVersions))
        case .rpcError(let error) where recognizedModernErrorCodes.contains(error.code):
            return .failed(.unsupported("the server speaks MCP \(modernVersions[0]) but rejected mcptask's server/discover: \(error.message) (code \(error.code))"))
        case .rpcError(let error):
            return .legacy(reason: "server/discover was answered with error \(error.code) (\(error.message.prefix(80)))")
        case .httpRejected(let status, let detail):
            return .legacy(reason: "server/discover was rejected with HTTP \(status.map(String.init) ?? "4xx"): \(detail.prefix(80))")
        case .noAnswer(let detail):
            return .legacy(reason: "no answer to server/discover (\(detail.prefix(80)))")
        }
    }

    /// Classifies an error of the probe request. Nil means the error says nothing about the generation (no
    /// route to the server, authentication, cancellation…): report it instead of falling back.
    public static func outcome(of error: any Error) -> ProbeOutcome? {
        if error is ProbeTimeout { return .noAnswer(String(describing: error)) }
        guard let error = error as? MCPError else { return nil }
        switch error {
        case .rpc(let rpc):
            return .rpcError(rpc)
        case .protocolViolation(let message):
            return .noAnswer(message)
        case .sessionClosed:
            return .noAnswer("the connection closed")
        case .connection(let message):
            if let status = httpStatus(in: message) { return .httpRejected(status: status, detail: message) }
            // Could not reach the server at all: the same would happen with initialize.
            if message.hasPrefix("cannot ") || message.hasPrefix("invalid server URL") || message.contains("TLS") {
                return nil
            }
            // The server closed the stream or exited after an unknown request: legacy servers may.
            return .noAnswer(message)
        default:
            // Authentication, size limits, "unsupported": not about the generation.
            return nil
        }
    }

    /// The status in transport messages such as "… (HTTP 404)" or "… with HTTP 405: …".
    static func httpStatus(in message: String) -> Int? {
        guard let range = message.range(of: "HTTP ") else { return nil }
        let digits = message[range.upperBound...].prefix(while: \.isNumber)
        guard digits.count == 3, let status = Int(digits), (400..<500).contains(status) else { return nil }
        return status
    }

    private static func unsupported(_ theirs: [String], _ ours: [String]) -> MCPError {
        .unsupported("the server speaks MCP \(theirs.isEmpty ? "(no version listed)" : theirs.joined(separator: ", ")), which mcptask does not support (it supports \(ours.joined(separator: ", ")))")
    }
}

/// The probe got no answer within its time limit.
public struct ProbeTimeout: Error, Sendable, CustomStringConvertible {
    public var limit: Duration
    public init(limit: Duration) { self.limit = limit }
    public var description: String { "no answer within \(limit)" }
}
