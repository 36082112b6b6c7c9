/// A configuration file mcptask reads, in the order it is consulted.
public struct ConfigSource: Sendable, Hashable, CustomStringConvertible {
    /// Which of the known places a file is.
    public enum Kind: String, Sendable, Hashable {
        /// The file given with `--config FILE`; it must exist.
        case explicit
        /// `./.mcp.json` (Claude Code's project file; top-level key `mcpServers`).
        case project
        /// `./.vscode/mcp.json` (VS Code's workspace file; top-level key `servers`).
        case vscode
        /// `$XDG_CONFIG_HOME/mcptask/config.json`, default `~/.config/mcptask/config.json`.
        case user

        /// Whether the file is mcptask's own, where the top-level `"defaults"` and defaults-only server
        /// entries (see ``ConfigLoader``) are honoured.
        public var isMCPTaskFile: Bool { self == .explicit || self == .user }
    }

    /// Which place the file is.
    public let kind: Kind
    /// The absolute path of the file.
    public let path: String
    /// The path as shown to people: `./.mcp.json`, `~/.config/mcptask/config.json`, or `--config` as given.
    public let displayPath: String

    /// Describes a file; normally made by ``searchOrder(explicitPath:workingDirectory:environment:)``.
    public init(kind: Kind, path: String, displayPath: String) {
        self.kind = kind
        self.path = path
        self.displayPath = displayPath
    }

    public var description: String { displayPath }

    /// The directory a relative `cwd` in this file is taken relative to: the file's own directory, except for
    /// `.vscode/mcp.json`, whose paths are relative to the workspace folder (the working directory).
    var baseDirectory: String {
        if kind == .vscode { return ConfigPath.parent(ConfigPath.parent(path)) }
        return ConfigPath.parent(path)
    }

    /// The files to consult, highest priority first: `explicitPath` (when given), `./.mcp.json`,
    /// `./.vscode/mcp.json`, then the user file under `XDG_CONFIG_HOME` (or `HOME/.config`; skipped when
    /// neither is set). A relative `explicitPath` is taken relative to `workingDirectory`; `~/` means `HOME`.
    public static func searchOrder(explicitPath: String?, workingDirectory: String,
                                   environment: [String: String]) -> [ConfigSource] {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        var sources: [ConfigSource] = []
        if let explicitPath {
            let absolute = ConfigPath.absolute(explicitPath, relativeTo: workingDirectory, home: home)
            sources.append(ConfigSource(kind: .explicit, path: absolute, displayPath: explicitPath))
        }
        sources.append(ConfigSource(kind: .project, path: ConfigPath.join(workingDirectory, ".mcp.json"),
                                    displayPath: "./.mcp.json"))
        sources.append(ConfigSource(kind: .vscode, path: ConfigPath.join(workingDirectory, ".vscode/mcp.json"),
                                    displayPath: "./.vscode/mcp.json"))
        // XDG: an unset, empty or relative XDG_CONFIG_HOME is ignored.
        var configHome: String?
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            configHome = xdg
        } else if let home {
            configHome = ConfigPath.join(home, ".config")
        }
        if let configHome {
            let path = ConfigPath.join(configHome, "mcptask/config.json")
            sources.append(ConfigSource(kind: .user, path: path, displayPath: ConfigPath.abbreviate(path, home: home)))
        }
        return sources
    }
}

/// Plain string path helpers (no Foundation URL round trips, so `${…}` and odd characters survive).
enum ConfigPath {
    static func join(_ base: String, _ relative: String) -> String {
        if base.isEmpty { return relative }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }

    /// `path` made absolute: kept when absolute, `~` / `~/…` from `home`, else joined to `directory`.
    static func absolute(_ path: String, relativeTo directory: String, home: String?) -> String {
        if path.hasPrefix("/") { return path }
        if let home, path == "~" { return home }
        if let home, path.hasPrefix("~/") { return join(home, String(path.dropFirst(2))) }
        if path == "." { return directory }
        if path.hasPrefix("./") { return join(directory, String(path.dropFirst(2))) }
        return join(directory, path)
    }

    /// The directory part of a path (`/a/b/c.json` → `/a/b`).
    static func parent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// `~/…` for paths under `home`.
    static func abbreviate(_ path: String, home: String?) -> String {
        guard let home, home != "/" else { return path }
        let prefix = home.hasSuffix("/") ? home : home + "/"
        return path.hasPrefix(prefix) ? "~/" + path.dropFirst(prefix.count) : path
    }
}
