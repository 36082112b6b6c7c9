/// Descriptions of servers for listings and logs. None of them contains a header value, an environment value,
/// URL userinfo or a token-like query value; see ``SecretRedaction``.
extension ServerConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What the server is, safe to show: the command line (secret-looking arguments masked) or the URL
    /// (credentials masked).
    public var redactedTarget: String { transport.redactedTarget }

    /// One line for listings, e.g.
    /// `prod: http https://api.example.com/mcp?token=… (headers: Authorization: …; ttl 600000 ms; from ./.mcp.json)`.
    public var redactedDescription: String {
        var details = transport.redactedDetails
        if let ttl = defaults.ttl { details.append("ttl \(ttl) ms") }
        details.append("from \(source.displayPath)")
        return "\(name): \(transport.kind) \(redactedTarget) (\(details.joined(separator: "; ")))"
    }

    /// The server for `--json` listings: `name`, `transport`, then `command`, `args` (masked), `env` (names
    /// only) and `cwd`, or `url` (masked) and `headers` (names only); `ttl` when set; `source` (the file's path).
    public var redactedJSON: JSONValue {
        var object: JSONObject = ["name": .string(name), "transport": .string(transport.kind)]
        switch transport {
        case let .stdio(command, args, env, cwd):
            let line = SecretRedaction.commandLine(command: command, args: args)
            object["command"] = .string(line.command)
            object["args"] = .array(line.args.map(JSONValue.string))
            object["env"] = .array(env.keys.sorted().map(JSONValue.string))
            if let cwd { object["cwd"] = .string(cwd) }
        case let .http(url, headers):
            object["url"] = .string(SecretRedaction.url(url))
            object["headers"] = .array(headers.map { .string($0.name) })
        }
        if let ttl = defaults.ttl { object["ttl"] = .int(ttl) }
        object["source"] = .string(source.path)
        return .object(object)
    }

    public var description: String { redactedDescription }
    public var debugDescription: String { redactedDescription }
    public var customMirror: Mirror { Mirror(self, children: ["redacted": redactedDescription], displayStyle: .struct) }
}

extension ServerTransport: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The command line or URL with secrets masked.
    public var redactedTarget: String {
        switch self {
        case let .stdio(command, args, _, _):
            let line = SecretRedaction.commandLine(command: command, args: args)
            return ([line.command] + line.args).map(Self.quote).joined(separator: " ")
        case let .http(url, _):
            return SecretRedaction.url(url)
        }
    }

    /// `env: NAME=…, …`, `cwd: …` or `headers: Name: …, …`, as present.
    var redactedDetails: [String] {
        var details: [String] = []
        switch self {
        case let .stdio(_, _, env, cwd):
            if !env.isEmpty {
                details.append("env: " + env.keys.sorted().map { "\($0)=\(SecretRedaction.mask)" }.joined(separator: ", "))
            }
            if let cwd { details.append("cwd: \(cwd)") }
        case let .http(_, headers):
            if !headers.isEmpty {
                details.append("headers: " + headers.map { "\($0.name): \(SecretRedaction.mask)" }.joined(separator: ", "))
            }
        }
        return details
    }

    /// `kind target (details)`, secrets masked.
    public var redactedDescription: String {
        let details = redactedDetails
        return "\(kind) \(redactedTarget)" + (details.isEmpty ? "" : " (\(details.joined(separator: "; ")))")
    }

    public var description: String { redactedDescription }
    public var debugDescription: String { redactedDescription }
    public var customMirror: Mirror { Mirror(self, children: ["redacted": redactedDescription], displayStyle: .enum) }

    /// Quotes a word for a POSIX shell when it needs it (the mask counts as plain).
    static func quote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@%+,…".contains($0) }
        if safe, !word.isEmpty { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

extension ConfigCatalog.Entry {
    /// ``ServerConfig/redactedJSON`` of the winning definition plus `shadowed` (the same for each hidden
    /// definition) and `defaultsFrom` (paths of mcptask files that added defaults), when there are any.
    public var redactedJSON: JSONValue {
        guard case .object(var object) = config.redactedJSON else { return config.redactedJSON }
        if !shadowed.isEmpty { object["shadowed"] = .array(shadowed.map(\.redactedJSON)) }
        if !defaultsSources.isEmpty { object["defaultsFrom"] = .array(defaultsSources.map { .string($0.path) }) }
        return .object(object)
    }
}
