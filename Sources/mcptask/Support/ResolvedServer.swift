import Foundation
import MCPTaskCore

/// The server a command talks to, after flags, environment variables and configuration files were consulted.
struct ResolvedServer: Sendable {
    enum Target: Sendable {
        case http(url: String, headers: [(name: String, value: String)])
        case stdio(command: [String], environment: [String: String], workingDirectory: String?)
    }

    var target: Target
    /// The configuration name (`-s NAME` or `MCPTASK_SERVER`), if the server came from a file.
    var name: String?
    var defaults: ServerDefaults
    var isDemo: Bool
    /// The identity under which sessions and tasks are remembered (never contains credentials).
    var serverKey: String

    var isHTTP: Bool { if case .http = target { return true } else { return false } }

    /// A short name for people: the configured name, the URL, or the command.
    var label: String {
        if let name { return name }
        if isDemo { return "demo" }
        switch target {
        case .http(let url, _): return SecretRedaction.url(url)
        case .stdio(let command, _, _): return SecretRedaction.arguments(command).joined(separator: " ")
        }
    }

    /// How a later command reaches the same server (header values are never shown).
    var resumeArguments: String {
        if let name { return "-s \(ShellQuote.quote(name))" }
        if isDemo { return "--demo" }
        switch target {
        case .http(let url, let headers):
            return "--url \(ShellQuote.quote(url))" + (headers.isEmpty ? "" : " -H …")
        case .stdio(let command, _, _):
            return "-- " + command.map(ShellQuote.quote).joined(separator: " ")
        }
    }

    /// Resolves the options: flags first, then `MCPTASK_URL`, then `MCPTASK_SERVER`, with `-s NAME` looked up
    /// in the configuration files.
    static func resolve(_ options: ServerOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                        workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> ResolvedServer {
        let extraHeaders = options.headers.compactMap(options.parsedHeader)
        let selection: ServerSelection.Selection
        do {
            selection = try ServerSelection.resolve(url: options.url, serverName: options.server, demo: options.demo,
                                                    command: ServerCommandLine.words, environment: environment)
        } catch {
            throw UsageError(error.description)
        }
        switch selection {
        case .none:
            throw UsageError("no server given: use --url URL, -s NAME (from .mcp.json or ~/.config/mcptask/config.json), --demo, or a stdio command after -- (mcptask tools -- python3 server.py)")
        case .demo:
            let command = [ServerCommandLine.ownExecutable, "demo-server"]
            return ResolvedServer(target: .stdio(command: command, environment: [:], workingDirectory: nil), name: nil,
                                  defaults: ServerDefaults(), isDemo: true,
                                  serverKey: ServerIdentity.key(command: ["mcptask", "demo-server"], cwd: nil))
        case .url(let url, _):
            return ResolvedServer(target: .http(url: url, headers: extraHeaders), name: nil, defaults: ServerDefaults(),
                                  isDemo: false, serverKey: ServerIdentity.key(url: url, headers: extraHeaders))
        case .command(let command):
            if !extraHeaders.isEmpty { throw UsageError("-H/--header applies to HTTP servers only") }
            return ResolvedServer(target: .stdio(command: command, environment: [:], workingDirectory: nil), name: nil,
                                  defaults: ServerDefaults(), isDemo: false,
                                  serverKey: ServerIdentity.key(command: command, cwd: workingDirectory))
        case .server(let name, _):
            let config: ServerConfig
            do {
                let catalog = try ConfigLoader.load(explicitPath: options.config, workingDirectory: workingDirectory,
                                                    environment: environment)
                config = try catalog.resolve(name: name)
            } catch {
                throw UsageError(error.description)
            }
            switch config.transport {
            case .http(let url, let headers):
                // -H on the command line wins over the file's header of the same name.
                var merged = headers.filter { h in !extraHeaders.contains { $0.name.lowercased() == h.name.lowercased() } }
                merged.append(contentsOf: extraHeaders)
                return ResolvedServer(target: .http(url: url, headers: merged), name: name, defaults: config.defaults,
                                      isDemo: false, serverKey: ServerIdentity.key(url: url, headers: merged))
            case .stdio(let command, let args, let env, let cwd):
                if !extraHeaders.isEmpty { throw UsageError("-H/--header applies to HTTP servers only; '\(name)' is a stdio server") }
                return ResolvedServer(target: .stdio(command: [command] + args, environment: env, workingDirectory: cwd),
                                      name: name, defaults: config.defaults, isDemo: false,
                                      serverKey: ServerIdentity.key(command: [command] + args, cwd: cwd, environment: env))
            }
        }
    }
}
