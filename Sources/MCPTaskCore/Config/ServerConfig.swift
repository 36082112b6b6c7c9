/// One named MCP server from configuration: how to reach it, where it was defined, and mcptask's defaults for it.
///
/// A `ServerConfig` returned by ``ConfigCatalog/resolve(name:)`` has every `${VAR}` expanded and is ready to
/// connect to. The ones in ``ConfigCatalog/servers`` are the definitions as written (variables not expanded),
/// for listings.
///
/// Its `description`, `debugDescription` and mirror are all ``redactedDescription``: printing, logging or
/// `dump`-ing a server never shows a header value, an environment value or a token in a URL.
public struct ServerConfig: Sendable, Equatable {
    /// The name the server is known by (the key under `mcpServers` or `servers`).
    public let name: String
    /// How to reach the server.
    public let transport: ServerTransport
    /// The configuration file that defined it.
    public let source: ConfigSource
    /// mcptask's own defaults for this server (from its definition, or from mcptask's files).
    public let defaults: ServerDefaults

    /// Describes a server; normally made by ``ConfigCatalog/resolve(name:)``.
    public init(name: String, transport: ServerTransport, source: ConfigSource, defaults: ServerDefaults = ServerDefaults()) {
        self.name = name
        self.transport = transport
        self.source = source
        self.defaults = defaults
    }
}

/// How a configured server is reached.
public enum ServerTransport: Sendable, Equatable {
    /// A local process spoken to over stdin/stdout. `env` is added to the inherited environment; `cwd` is
    /// absolute once resolved (a relative `cwd` is taken relative to the file that defined it).
    case stdio(command: String, args: [String], env: [String: String], cwd: String?)
    /// A Streamable HTTP endpoint with extra request headers, in the order written.
    case http(url: String, headers: [(name: String, value: String)])

    /// `"stdio"` or `"http"`.
    public var kind: String {
        switch self {
        case .stdio: return "stdio"
        case .http: return "http"
        }
    }

    public static func == (lhs: ServerTransport, rhs: ServerTransport) -> Bool {
        switch (lhs, rhs) {
        case let (.stdio(c1, a1, e1, d1), .stdio(c2, a2, e2, d2)):
            return c1 == c2 && a1 == a2 && e1 == e2 && d1 == d2
        case let (.http(u1, h1), .http(u2, h2)):
            return u1 == u2 && h1.count == h2.count && zip(h1, h2).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        default:
            return false
        }
    }
}

/// Per-server defaults that mcptask applies when the command line does not say otherwise.
public struct ServerDefaults: Sendable, Equatable {
    /// The task TTL to request, in milliseconds (`"ttl"` in configuration).
    public var ttl: Int?

    /// Defaults; nil fields leave the choice to the command line or the server.
    public init(ttl: Int? = nil) { self.ttl = ttl }
}
