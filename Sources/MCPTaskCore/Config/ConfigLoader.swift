import Foundation

/// Reads server configuration from the usual places into a ``ConfigCatalog``.
///
/// Files, highest priority first (see ``ConfigSource/searchOrder(explicitPath:workingDirectory:environment:)``):
/// `--config FILE`, `./.mcp.json`, `./.vscode/mcp.json`, `$XDG_CONFIG_HOME/mcptask/config.json`. A missing file
/// is skipped, except the `--config` one. The first file that defines a name wins; later definitions of the
/// same name are kept as shadowed. A file that is empty or only whitespace holds no servers. Files are strict
/// JSON, except `.vscode/mcp.json`, which may have comments and trailing commas as VS Code allows.
///
/// Shape of a file:
/// ```json
/// { "mcpServers": {
///     "local":  { "command": "python3", "args": ["server.py"], "env": {"TOKEN": "${TOKEN}"}, "cwd": "srv" },
///     "remote": { "type": "http", "url": "https://example.com/mcp", "headers": {"Authorization": "Bearer ${API_KEY}"} } },
///   "defaults": { "ttl": 600000 } }
/// ```
/// Servers are under `mcpServers` or (as in `.vscode/mcp.json`) `servers`. mcptask's own files (`--config`
/// and the user file) may also set a top-level `"defaults": {"ttl": ms}` for every server, and hold
/// defaults-only entries, `{"mcpServers": {"prod": {"ttl": 600000, "headers": {…}}}}`, that add a TTL and
/// headers to a server defined in another file (its own values win). Strings are expanded as described in
/// ``ConfigCatalog/resolve(name:)``.
public enum ConfigLoader {
    /// Loads every configuration file that exists.
    /// - Parameters:
    ///   - explicitPath: `--config FILE`, if given (relative to `workingDirectory`; `~/` means `HOME`). It must exist.
    ///   - workingDirectory: where `./.mcp.json` and `./.vscode/mcp.json` are looked for; an absolute path.
    ///   - environment: the variables for `${…}` expansion, `HOME` and `XDG_CONFIG_HOME`.
    /// - Throws: ``ConfigError`` for a missing `--config` file, an unreadable file, invalid JSON (with the byte
    ///   offset) or an invalid server entry.
    public static func load(explicitPath: String?, workingDirectory: String,
                            environment: [String: String]) throws(ConfigError) -> ConfigCatalog {
        let sources = ConfigSource.searchOrder(explicitPath: explicitPath, workingDirectory: workingDirectory,
                                               environment: environment)
        var files: [ConfigFile] = []
        for source in sources {
            guard let bytes = try read(source) else { continue }
            files.append(try ConfigFile.parse(bytes, source: source))
        }
        return try ConfigCatalog(files: files, searched: sources, environment: environment,
                                 workingDirectory: workingDirectory)
    }

    /// The file's bytes, or nil when it does not exist (an error for `--config`).
    static func read(_ source: ConfigSource) throws(ConfigError) -> [UInt8]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            if source.kind == .explicit { throw .fileNotFound(path: source.displayPath) }
            return nil
        }
        if isDirectory.boolValue { throw .unreadableFile(path: source.displayPath, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: source.path) else {
            let reason = FileManager.default.isReadableFile(atPath: source.path) ? "read failed" : "permission denied"
            throw .unreadableFile(path: source.displayPath, reason: reason)
        }
        return [UInt8](data)
    }
}

/// One configuration file, parsed: its server entries in the order written and its top-level defaults.
struct ConfigFile: Sendable {
    let source: ConfigSource
    let definitions: [ServerDefinition]
    /// The top-level `"defaults"` (mcptask's own files only).
    let defaults: ServerDefaults

    static func parse(_ bytes: [UInt8], source: ConfigSource) throws(ConfigError) -> ConfigFile {
        let path = source.displayPath
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }  // a UTF-8 byte order mark
        // VS Code writes JSON with comments; the other files are plain JSON.
        let body = source.kind == .vscode ? JSONCText.strict(Array(bytes[start...]))[...] : bytes[start...]
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return ConfigFile(source: source, definitions: [], defaults: ServerDefaults())
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(body)
        } catch {
            let offset = start + error.offset
            let (line, column) = position(of: offset, in: bytes)
            throw .invalidJSON(path: path, offset: offset, line: line, column: column, message: error.message)
        }
        guard case .object(let top) = root else {
            throw .invalidServer(path: path, server: nil, field: nil,
                                 message: "the top level must be a JSON object, not \(root.typeName)")
        }
        let present = ["mcpServers", "servers"].filter { top[$0].map { !$0.isNull } ?? false }
        if present.count > 1 {
            throw .invalidServer(path: path, server: nil, field: nil,
                                 message: "has both \"mcpServers\" and \"servers\"; use one")
        }
        var definitions: [ServerDefinition] = []
        if let key = present.first, let value = top[key] {
            guard case .object(let servers) = value else {
                throw .invalidServer(path: path, server: nil, field: key, message: "must be an object, not \(value.typeName)")
            }
            var seen = Set<String>()
            for (name, entry) in servers {
                guard !name.isEmpty else {
                    throw .invalidServer(path: path, server: nil, field: key, message: "a server name must not be empty")
                }
                guard seen.insert(name).inserted else {
                    throw .invalidServer(path: path, server: name, field: nil, message: "is defined twice in this file")
                }
                definitions.append(try ServerEntryDecoder(source: source, server: name).decode(entry))
            }
        }
        var defaults = ServerDefaults()
        if source.kind.isMCPTaskFile, let value = top["defaults"], !value.isNull {
            guard case .object(let object) = value else {
                throw .invalidServer(path: path, server: nil, field: "defaults", message: "must be an object, not \(value.typeName)")
            }
            if let ttl = object["ttl"], !ttl.isNull {
                guard let ms = ttl.intValue, ms >= 0 else {
                    throw .invalidServer(path: path, server: nil, field: "defaults.ttl",
                                         message: "must be a whole, non-negative number of milliseconds")
                }
                defaults.ttl = ms
            }
        }
        return ConfigFile(source: source, definitions: definitions, defaults: defaults)
    }

    /// Line and column (from 1; the column counts bytes) of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}
