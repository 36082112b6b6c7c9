/// Turns a catalog entry into a ready ``ServerConfig``: expands `${…}` in each string (errors name the field,
/// server and file) and checks the results.
struct ServerResolver: Sendable {
    let expander: VariableExpander
    let home: String?

    func resolve(_ entry: ConfigCatalog.Entry) throws(ConfigError) -> ServerConfig {
        let definition = entry.definition
        let transport: ServerTransport
        switch definition.transport {
        case let .stdio(command, args, env, cwd)?:
            let expandedCommand = try expand(command, "command", definition)
            guard !expandedCommand.isEmpty else { throw invalid(definition, "command", "is empty") }
            var expandedArgs: [String] = []
            for (i, arg) in args.enumerated() { expandedArgs.append(try expand(arg, "args[\(i)]", definition)) }
            var expandedEnv: [String: String] = [:]
            for name in env.keys.sorted() {
                expandedEnv[name] = try expand(env[name] ?? "", "env.\(name)", definition)
            }
            var directory: String?
            if let cwd {
                let expanded = try expand(cwd, "cwd", definition)
                if !expanded.isEmpty {
                    directory = ConfigPath.absolute(expanded, relativeTo: definition.source.baseDirectory, home: home)
                }
            }
            transport = .stdio(command: expandedCommand, args: expandedArgs, env: expandedEnv, cwd: directory)
        case let .http(url, headers)?:
            let expandedURL = try expand(url, "url", definition).trimmingSpaces
            let lower = expandedURL.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                throw invalid(definition, "url", "must be an http:// or https:// URL")
            }
            var lists = [try expandHeaders(headers, definition)]
            for overlay in entry.overlays { lists.append(try expandHeaders(overlay.extraHeaders, overlay)) }
            let merged = ConfigCatalog.mergeHeaders(lists[0], Array(lists.dropFirst()))
            transport = .http(url: expandedURL, headers: merged)
        case nil:
            throw invalid(definition, nil, "has neither \"command\" nor \"url\"")
        }
        return ServerConfig(name: definition.name, transport: transport, source: definition.source,
                            defaults: entry.config.defaults)
    }

    private func expandHeaders(_ headers: [(name: String, value: String)],
                               _ definition: ServerDefinition) throws(ConfigError) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for header in headers {
            let field = "headers.\(header.name)"
            let value = try expand(header.value, field, definition)
            if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw invalid(definition, field, "must not contain a line break")
            }
            out.append((name: header.name, value: value))
        }
        return out
    }

    private func expand(_ text: String, _ field: String, _ definition: ServerDefinition) throws(ConfigError) -> String {
        do {
            return try expander.expand(text)
        } catch {
            throw .variable(path: definition.source.displayPath, server: definition.name, field: field, problem: error)
        }
    }

    private func invalid(_ definition: ServerDefinition, _ field: String?, _ message: String) -> ConfigError {
        .invalidServer(path: definition.source.displayPath, server: definition.name, field: field, message: message)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
