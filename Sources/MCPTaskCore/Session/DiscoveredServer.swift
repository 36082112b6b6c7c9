/// What a 2026-07-28 server says about itself in answer to `server/discover` (spec 2026-07-28
/// `server/discover`, "DiscoverResult"): the versions it speaks, its capabilities (with `extensions`), and its
/// identity from `_meta["io.modelcontextprotocol/serverInfo"]`.
public struct DiscoveredServer: Sendable, Equatable {
    public static let serverInfoKey = "io.modelcontextprotocol/serverInfo"

    public var supportedVersions: [String]
    public var capabilities: JSONValue
    public var name: String
    public var version: String
    public var instructions: String?
    /// How long the answer may be cached, in milliseconds (0: do not reuse it).
    public var ttlMs: Int?
    /// `public` or `private` (only within the same authorisation context).
    public var cacheScope: String?
    /// The whole result as sent, for `--json` and for remembering it.
    public var raw: JSONValue

    /// Decodes a `DiscoverResult`. Only `supportedVersions` is indispensable; everything else has a fallback,
    /// since a server that answers at all has told us it is modern.
    public init(result: JSONValue) throws(MCPError) {
        guard result.objectValue != nil else {
            throw .protocolViolation("the server/discover result is not an object but \(result.typeName)")
        }
        guard let versions = result["supportedVersions"]?.arrayValue else {
            throw .protocolViolation("the server/discover result has no supportedVersions")
        }
        supportedVersions = versions.compactMap(\.stringValue)
        capabilities = result["capabilities"] ?? .object([:])
        let info = result["_meta"]?[Self.serverInfoKey]
        name = info?["name"]?.stringValue ?? "unnamed server"
        version = info?["version"]?.stringValue ?? ""
        instructions = result["instructions"]?.stringValue
        ttlMs = result["ttlMs"]?.intValue
        cacheScope = result["cacheScope"]?.stringValue
        raw = result
    }

    /// The `capabilities.extensions` map (identifier → settings).
    public var extensions: JSONObject { capabilities["extensions"]?.objectValue ?? JSONObject() }

    /// Whether the server offers the tasks extension (SEP-2663).
    public var offersTasks: Bool { TaskWireExtension.isOffered(in: capabilities) }

    /// The same facts in the shape the 2025-11-25 handshake gives, for code that shows any server.
    public func description(protocolVersion: String = StatelessClient.protocolVersion) -> ServerDescription {
        ServerDescription(protocolVersion: protocolVersion, name: name, version: version, capabilities: capabilities,
                          instructions: instructions, raw: raw)
    }
}
