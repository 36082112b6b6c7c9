/// How the server for a command is chosen, from flags and environment variables.
///
/// Precedence: the flags (`--url`, `-s/--server`, `--demo`, a command after `--`), of which at most one may
/// be given; then `MCPTASK_URL`; then `MCPTASK_SERVER`. An empty environment variable counts as unset.
public enum ServerSelection {
    /// The environment variable that supplies a URL when no flag chooses a server.
    public static let urlVariable = "MCPTASK_URL"
    /// The environment variable that supplies a configured server's name when no flag chooses a server.
    public static let serverVariable = "MCPTASK_SERVER"

    /// Where a choice came from, for messages ("--url" vs "MCPTASK_URL").
    public enum Origin: Sendable, Equatable {
        case flag
        /// The named environment variable.
        case environment(String)
    }

    /// The chosen server.
    public enum Selection: Sendable, Equatable {
        /// A Streamable HTTP endpoint.
        case url(String, from: Origin)
        /// A server from configuration, to look up with ``ConfigCatalog/resolve(name:)``.
        case server(name: String, from: Origin)
        /// mcptask's built-in demo server.
        case demo
        /// A stdio server command (the words after `--`).
        case command([String])
        /// Nothing chose a server.
        case none
    }

    /// Applies the precedence to the parsed flags and the environment.
    /// - Parameters:
    ///   - url: `--url`, if given.
    ///   - serverName: `-s/--server`, if given.
    ///   - demo: whether `--demo` was given.
    ///   - command: the words after `--` (empty when none).
    ///   - environment: read for ``urlVariable`` and ``serverVariable``.
    /// - Throws: ``ConfigError/conflictingSelection(_:)`` when more than one flag is given;
    ///   ``ConfigError/invalidSelection(_:)`` for an empty `--url` or `--server`.
    public static func resolve(url: String?, serverName: String?, demo: Bool, command: [String],
                               environment: [String: String]) throws(ConfigError) -> Selection {
        var given: [String] = []
        if url != nil { given.append("--url") }
        if serverName != nil { given.append("--server") }
        if demo { given.append("--demo") }
        if !command.isEmpty { given.append("a server command after --") }
        if given.count > 1 { throw .conflictingSelection(given) }

        if let url {
            guard !url.isEmpty else { throw .invalidSelection("--url needs a URL") }
            return .url(url, from: .flag)
        }
        if let serverName {
            guard !serverName.isEmpty else { throw .invalidSelection("--server needs a server name") }
            return .server(name: serverName, from: .flag)
        }
        if demo { return .demo }
        if !command.isEmpty { return .command(command) }
        if let value = environment[urlVariable], !value.isEmpty { return .url(value, from: .environment(urlVariable)) }
        if let value = environment[serverVariable], !value.isEmpty {
            return .server(name: value, from: .environment(serverVariable))
        }
        return .none
    }
}
