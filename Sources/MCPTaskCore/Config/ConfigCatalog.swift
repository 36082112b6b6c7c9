/// Every server that configuration defines, with the file each came from, and the way to get one ready to use.
///
/// Made by ``ConfigLoader/load(explicitPath:workingDirectory:environment:)``. It keeps the environment it was
/// loaded with (for ``resolve(name:)``), so its description, debug description and mirror never show it.
public struct ConfigCatalog: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// One server name: the definition that wins and the ones it hides.
    public struct Entry: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// The winning definition as written (`${…}` not expanded), with the TTL and headers mcptask's own files
        /// add. Its `source` is the file that defined it.
        public let config: ServerConfig
        /// Definitions of the same name in lower-priority files, hidden by ``config``, highest priority first.
        public let shadowed: [ServerConfig]
        /// The files whose defaults-only entries added to ``config`` (mcptask's own files).
        public var defaultsSources: [ConfigSource] { overlays.map(\.source) }

        let definition: ServerDefinition
        let overlays: [ServerDefinition]

        /// The server's name.
        public var name: String { config.name }

        public var description: String { config.redactedDescription }
        public var debugDescription: String { description }
        public var customMirror: Mirror { Mirror(self, children: ["redacted": description], displayStyle: .struct) }
    }

    /// Every configured name, each once, in the order first seen (files by priority, entries as written).
    public let servers: [Entry]
    /// Every file that was looked for, highest priority first.
    public let searched: [ConfigSource]
    /// The files that existed and were read.
    public let loaded: [ConfigSource]
    /// The top-level `"defaults"` that apply to every server (first of mcptask's files to set each field).
    public let defaults: ServerDefaults

    let environment: [String: String]
    let workingDirectory: String

    init(files: [ConfigFile], searched: [ConfigSource], environment: [String: String],
         workingDirectory: String) throws(ConfigError) {
        self.searched = searched
        self.loaded = files.map(\.source)
        self.environment = environment
        self.workingDirectory = workingDirectory
        let globalTTL = files.lazy.compactMap(\.defaults.ttl).first
        self.defaults = ServerDefaults(ttl: globalTTL)

        var order: [String] = []
        var byName: [String: [ServerDefinition]] = [:]
        for file in files {
            for definition in file.definitions {
                if byName[definition.name] == nil { order.append(definition.name) }
                byName[definition.name, default: []].append(definition)
            }
        }
        var entries: [Entry] = []
        for name in order {
            let all = byName[name] ?? []
            let full = all.filter { $0.transport != nil }
            let overlays = all.filter { $0.transport == nil }
            guard let winner = full.first else {
                let first = overlays.first?.source.displayPath ?? "configuration"
                throw .invalidServer(path: first, server: name, field: nil,
                                     message: "has neither \"command\" nor \"url\", and no other file defines a server '\(name)' for its defaults to apply to")
            }
            let config = Self.merge(winner, overlays: overlays, globalTTL: globalTTL)
            let shadowed = full.dropFirst().map { Self.merge($0, overlays: [], globalTTL: nil) }
            entries.append(Entry(config: config, shadowed: Array(shadowed), definition: winner, overlays: overlays))
        }
        self.servers = entries
    }

    /// The entry for `name` (exact match), if configured.
    public func entry(named name: String) -> Entry? {
        servers.first { $0.name == name }
    }

    /// The server called `name`, ready to connect to.
    ///
    /// Every `${NAME}` / `${env:NAME}` in `command`, `args`, `env` values, `cwd`, `url` and header values is
    /// replaced from the environment (`${NAME:-default}` gives a fallback, `${workspaceFolder}` is the working
    /// directory, `$${` is a literal `${`); only this server's strings are expanded, so a variable missing for
    /// another server does not matter. A relative `cwd` is made absolute against the defining file's directory
    /// (the working directory for `.vscode/mcp.json`).
    /// - Throws: ``ConfigError/unknownServer(name:known:sources:searched:)`` naming the known servers and their
    ///   files; ``ConfigError/variable(path:server:field:problem:)`` for a variable that is not set (naming it,
    ///   the field, the server and the file, never a value) or a `${input:…}`; ``ConfigError/invalidServer(path:server:field:message:)``
    ///   when an expanded value is unusable (an empty command, a URL that is not http(s), a header with a line break).
    public func resolve(name: String) throws(ConfigError) -> ServerConfig {
        guard let entry = entry(named: name) else {
            var sources: [String] = []
            for entry in servers where !sources.contains(entry.config.source.displayPath) {
                sources.append(entry.config.source.displayPath)
            }
            throw .unknownServer(name: name, known: servers.map(\.name), sources: sources,
                                 searched: searched.map(\.displayPath))
        }
        let resolver = ServerResolver(
            expander: VariableExpander(environment: environment, workspaceFolder: workingDirectory),
            home: environment["HOME"].flatMap { $0.isEmpty ? nil : $0 })
        return try resolver.resolve(entry)
    }

    /// A definition with defaults-only entries and the global defaults applied (nothing expanded).
    static func merge(_ definition: ServerDefinition, overlays: [ServerDefinition], globalTTL: Int?) -> ServerConfig {
        var transport = definition.transport ?? .http(url: "", headers: [])
        if case .http(let url, let headers) = transport {
            transport = .http(url: url, headers: mergeHeaders(headers, overlays.map(\.extraHeaders)))
        }
        let ttl = definition.ttl ?? overlays.lazy.compactMap(\.ttl).first ?? globalTTL
        return ServerConfig(name: definition.name, transport: transport, source: definition.source,
                            defaults: ServerDefaults(ttl: ttl))
    }

    /// `own` followed by each later list's headers whose names (case-insensitively) are not there yet.
    static func mergeHeaders(_ own: [(name: String, value: String)],
                             _ more: [[(name: String, value: String)]]) -> [(name: String, value: String)] {
        var out = own
        var names = Set(own.map { $0.name.lowercased() })
        for list in more {
            for header in list where names.insert(header.name.lowercased()).inserted { out.append(header) }
        }
        return out
    }

    public var description: String {
        "ConfigCatalog(\(servers.count) servers from \(loaded.map(\.displayPath).joined(separator: ", ")))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["servers": servers, "loaded": loaded.map(\.displayPath)], displayStyle: .struct)
    }
}
