/// Decodes one entry under `mcpServers` / `servers` into a ``ServerDefinition``.
///
/// Understood keys: `type` (`"stdio"`; `"http"`, `"streamable-http"` or `"streamableHttp"`; `"sse"` is refused),
/// `command`, `args`, `env`, `cwd`, `url`, `headers`, and mcptask's `ttl`. Other keys (`disabled`,
/// `alwaysAllow`, `description`, …, which other clients use) are ignored, and so are keys of the other transport
/// (`headers` on a stdio server, `args` on an HTTP one); `envFile` is refused rather than
/// ignored, since dropping its variables silently would start the server without them. `null` counts as absent.
struct ServerEntryDecoder {
    let source: ConfigSource
    let server: String

    static let httpTypeNames: Set<String> = ["http", "streamable-http", "streamablehttp", "streamable_http"]

    func decode(_ value: JSONValue) throws(ConfigError) -> ServerDefinition {
        guard case .object(let object) = value else {
            throw fail(nil, "must be an object, not \(value.typeName)")
        }
        if object["envFile"].map({ !$0.isNull }) ?? false {
            throw fail("envFile", "is not supported by mcptask; put the variables in \"env\" (values may use ${NAME})")
        }
        let type = try string(object, "type")
        let command = try string(object, "command")
        let url = try string(object, "url")
        let ttl = try milliseconds(object, "ttl")

        enum Kind { case stdio, http }
        let kind: Kind?
        switch type.map({ $0.lowercased() }) {
        case nil:
            if command != nil, url != nil {
                throw fail(nil, "has both \"command\" and \"url\"; add \"type\": \"stdio\" or \"type\": \"http\" to choose")
            }
            kind = command != nil ? .stdio : url != nil ? .http : nil
        case "stdio"?:
            guard command != nil else { throw fail("command", "is missing (\"type\" is \"stdio\")") }
            kind = .stdio
        case let t? where Self.httpTypeNames.contains(t):
            guard url != nil else { throw fail("url", "is missing (\"type\" is \"\(type ?? "")\")") }
            kind = .http
        case "sse"?:
            throw fail("type", "the legacy HTTP+SSE transport (\"sse\") is not supported; point \"url\" at the server's Streamable HTTP endpoint and use \"type\": \"http\"")
        default:
            throw fail("type", "must be \"stdio\" or \"http\" (also \"streamable-http\"), not \"\(Self.short(type ?? ""))\"")
        }

        switch kind {
        case .stdio?:
            let args = try stringArray(object, "args")
            let env = try stringMap(object, "env", validName: { !$0.isEmpty && !$0.contains("=") && !$0.contains("\0") })
            let cwd = try string(object, "cwd")
            return ServerDefinition(name: server, source: source,
                                    transport: .stdio(command: command ?? "", args: args,
                                                      env: Dictionary(env, uniquingKeysWith: { first, _ in first }), cwd: cwd),
                                    ttl: ttl, extraHeaders: [])
        case .http?:
            let headers = try stringMap(object, "headers", validName: Self.isHeaderName)
            return ServerDefinition(name: server, source: source, transport: .http(url: url ?? "", headers: headers),
                                    ttl: ttl, extraHeaders: [])
        case nil:
            let headers = try stringMap(object, "headers", validName: Self.isHeaderName)
            let hasDefaults = ttl != nil || !headers.isEmpty
            guard source.kind.isMCPTaskFile, hasDefaults else {
                throw fail(nil, "has neither \"command\" (a stdio server) nor \"url\" (an HTTP server)")
            }
            return ServerDefinition(name: server, source: source, transport: nil, ttl: ttl, extraHeaders: headers)
        }
    }

    // MARK: - Fields

    func fail(_ field: String?, _ message: String) -> ConfigError {
        .invalidServer(path: source.displayPath, server: server, field: field, message: message)
    }

    private func string(_ object: JSONObject, _ key: String) throws(ConfigError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .string(let s) = value else { throw fail(key, "must be a string, not \(value.typeName)") }
        return s
    }

    private func stringArray(_ object: JSONObject, _ key: String) throws(ConfigError) -> [String] {
        guard let value = object[key], !value.isNull else { return [] }
        guard case .array(let items) = value else { throw fail(key, "must be an array of strings, not \(value.typeName)") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else { throw fail("\(key)[\(i)]", "must be a string, not \(item.typeName)") }
            out.append(s)
        }
        return out
    }

    /// An object of string values, in the order written. Duplicate names are an error.
    private func stringMap(_ object: JSONObject, _ key: String,
                           validName: (String) -> Bool) throws(ConfigError) -> [(name: String, value: String)] {
        guard let value = object[key], !value.isNull else { return [] }
        guard case .object(let map) = value else {
            throw fail(key, "must be an object of strings, not \(value.typeName)")
        }
        var out: [(name: String, value: String)] = []
        var seen = Set<String>()
        for (name, item) in map {
            guard validName(name) else { throw fail(key, "has an invalid name \"\(Self.short(name))\"") }
            guard seen.insert(key == "headers" ? name.lowercased() : name).inserted else {
                throw fail("\(key).\(name)", "is given twice")
            }
            guard case .string(let s) = item else { throw fail("\(key).\(name)", "must be a string, not \(item.typeName)") }
            out.append((name: name, value: s))
        }
        return out
    }

    private func milliseconds(_ object: JSONObject, _ key: String) throws(ConfigError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .number(let n) = value else {
            throw fail(key, "must be a number of milliseconds, not \(value.typeName)")
        }
        guard let ms = n.intValue, ms >= 0 else { throw fail(key, "must be a whole, non-negative number of milliseconds") }
        return ms
    }

    /// An RFC 9110 field name (a token).
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { b in
            (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || "!#$%&'*+-.^_`|~".utf8.contains(b)
        }
    }

    /// A name or type shown in an error, cut short and free of control characters.
    static func short(_ s: String) -> String {
        let cleaned = String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return cleaned.count > 40 ? String(cleaned.prefix(40)) + "…" : cleaned
    }
}
