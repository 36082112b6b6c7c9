import Foundation

/// The HTTP headers that mirror a 2026-07-28 request body so intermediaries can route it (spec 2026-07-28
/// `basic/transports/streamable-http`, "Standard Request Headers" and "Value Encoding"; ext-tasks "Streamable
/// HTTP: Routing Headers").
///
/// `MCP-Protocol-Version` is not here: the transport sends it on every POST
/// (``StreamableHTTPTransport/Configuration/protocolVersion``).
public enum RoutingHeaders {
    public static let method = "Mcp-Method"
    public static let name = "Mcp-Name"

    /// `Mcp-Method` for every request, and `Mcp-Name` where the spec asks: `params.name` of `tools/call` and
    /// `prompts/get`, `params.uri` of `resources/read`, `params.taskId` of `tasks/get`, `tasks/update` and
    /// `tasks/cancel`. Notifications get none (this revision defines no header rules for them).
    public static func headers(for message: JSONRPCMessage) -> [(name: String, value: String)] {
        guard case .request(_, let method, let params) = message else { return [] }
        var headers: [(name: String, value: String)] = [(Self.method, encode(method))]
        if let value = nameSource(method: method, params: params) {
            headers.append((Self.name, encode(value)))
        }
        return headers
    }

    /// The body value `Mcp-Name` mirrors for `method`, if it has one.
    public static func nameSource(method: String, params: JSONValue?) -> String? {
        switch method {
        case "tools/call", "prompts/get": return params?["name"]?.stringValue
        case "resources/read": return params?["uri"]?.stringValue
        case TaskWireExtension.get, TaskWireExtension.update, TaskWireExtension.cancel:
            return params?["taskId"]?.stringValue
        default: return nil
        }
    }

    /// A header value as sent: plain when it is visible ASCII with inner spaces only, else `=?base64?…?=` of
    /// its UTF-8 (also for a plain value that looks like that sentinel, so it cannot be misread). Tabs, which
    /// HTTP would allow, are encoded too: some stacks trim or reject them.
    public static func encode(_ value: String) -> String {
        if isPlainSafe(value) { return value }
        return "=?base64?" + Data(value.utf8).base64EncodedString() + "?="
    }

    static func isPlainSafe(_ value: String) -> Bool {
        if value.hasPrefix("=?base64?"), value.hasSuffix("?=") { return false }
        let bytes = Array(value.utf8)
        if bytes.first == 0x20 || bytes.last == 0x20 { return false }
        return bytes.allSatisfy { (0x20...0x7E).contains($0) }
    }
}
