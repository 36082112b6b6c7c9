import ArgumentParser
import Foundation
import MCPTaskCore

/// How to reach the server: `--url` for Streamable HTTP, or a command after `--` for stdio.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Streamable HTTP endpoint of the server (or set MCPTASK_URL).", valueName: "url"))
    var url: String?

    @Option(name: [.customShort("s"), .customLong("server")],
            help: ArgumentHelp("A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).",
                               valueName: "name"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("A configuration file to look in first for -s NAME.", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Use mcptask's built-in demo task server (runs 'mcptask demo-server' over stdio).")
    var demo = false

    @Option(name: [.customShort("H"), .customLong("header")],
            help: ArgumentHelp("Extra HTTP header 'Name: value' (repeatable), e.g. for Authorization.", valueName: "header"))
    var headers: [String] = []

    func validate() throws {
        for header in headers where parsedHeader(header) == nil {
            throw ValidationError("header '\(header)' is not of the form 'Name: value'")
        }
    }

    func parsedHeader(_ header: String) -> (name: String, value: String)? {
        guard let colon = header.firstIndex(of: ":") else { return nil }
        let name = header[..<colon].trimmingCharacters(in: .whitespaces)
        let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(" ") else { return nil }
        return (name, value)
    }
}

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Flag(name: .long, help: "Machine-readable output: JSON on stdout (see each command).")
    var json = false

    @Flag(name: [.short, .long], help: "Say more on stderr: connection details and the server's own stderr.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("Give up after this many seconds (exit 7); the task keeps running on the server.", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("protocol"),
            help: ArgumentHelp("Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.",
                               valueName: "version"))
    var protocolPreference: String = "auto"

    @Option(name: .customLong("max-message-size"),
            help: ArgumentHelp("Largest message accepted from the server, in MiB.", valueName: "MiB"))
    var maxMessageMiB: Int = 16

    func validate() throws {
        if let timeout, !(timeout.isFinite && timeout > 0 && timeout <= 1e9) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        if ProtocolPreference(rawValue: protocolPreference) == nil {
            throw ValidationError("--protocol must be auto, 2025-11-25 or 2026-07-28")
        }
        if maxMessageMiB < 1 || maxMessageMiB > 4096 { throw ValidationError("--max-message-size must be between 1 and 4096 MiB") }
    }
}

/// Quotes a word for a POSIX shell only when it needs it.
enum ShellQuote {
    static func quote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@%+,".contains($0) }
        if safe, !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Splits the command line at the first `--`: what follows is the stdio server command.
enum ServerCommandLine {
    nonisolated(unsafe) private(set) static var words: [String] = []

    /// Returns the arguments to parse and remembers the server command. Call once, before parsing.
    static func split(_ arguments: [String]) -> [String] {
        var arguments = arguments
        // `mcptask --demo call deploy` reads naturally: let --demo come before the subcommand.
        if arguments.count > 1, arguments[0] == "--demo", !arguments[1].hasPrefix("-") {
            arguments = [arguments[1], "--demo"] + arguments[2...]
        }
        guard let index = arguments.firstIndex(of: "--") else {
            words = []
            return arguments
        }
        words = Array(arguments[(index + 1)...])
        return Array(arguments[..<index])
    }

    /// The usage suffix every server-talking command shows.
    static let usageSuffix = "(--url <url> [-H <header> ...] | -s <name> | --demo | -- <server-command> [<arg> ...])"

    /// The path of the running mcptask binary, so `--demo` starts this very build.
    static var ownExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first ?? "mcptask"
    }
}
