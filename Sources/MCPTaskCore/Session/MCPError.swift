/// Everything that can go wrong while talking to an MCP server, as values the CLI maps to exit codes.
public enum MCPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached, went away, or the transport broke (exit 5).
    case connection(String)
    /// The server sent something that is not valid JSON, JSON-RPC or MCP (exit 5).
    case protocolViolation(String)
    /// HTTP 401 or 403: authentication is required or was refused (exit 6).
    case authentication(status: Int, message: String)
    /// The server answered with a JSON-RPC error; kept whole.
    case rpc(RPCError)
    /// The server does not offer what was asked (no task support, old protocol version) (exit 5).
    case unsupported(String)
    /// A message larger than the configured limit arrived (exit 5).
    case oversizedMessage(limit: Int)
    /// The operation was stopped because the session is closing.
    case sessionClosed
    /// The server no longer knows the HTTP session we sent (404 with `Mcp-Session-Id`).
    case sessionExpired(String)

    public var description: String {
        switch self {
        case .connection(let m): return m
        case .protocolViolation(let m): return "protocol error: \(m)"
        case .authentication(let status, let m): return "HTTP \(status): \(m)"
        case .rpc(let e): return "server error: \(e.message) (code \(e.code))"
        case .unsupported(let m): return m
        case .oversizedMessage(let limit):
            let size = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : ByteCountFormat.string(limit)
            return "the server sent a message larger than \(size) (raise the limit with --max-message-size)"
        case .sessionClosed: return "the session was closed"
        case .sessionExpired(let m): return m
        }
    }
}

/// Human-readable byte counts (`12.3 KB`, `5.0 MB`), decimal units like most CLIs.
public enum ByteCountFormat {
    public static func string(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let rounded = (value * 10).rounded() / 10
        return "\(rounded) \(units[unit])"
    }
}
