import Testing
@testable import MCPTaskCore

@Suite("Config: choosing the server (flags, MCPTASK_URL, MCPTASK_SERVER)")
struct ConfigSelectionTests {
    typealias Selection = ServerSelection.Selection

    private func select(url: String? = nil, server: String? = nil, demo: Bool = false, command: [String] = [],
                        env: [String: String] = [:]) throws -> Selection {
        try ServerSelection.resolve(url: url, serverName: server, demo: demo, command: command, environment: env)
    }

    static let bothVariables = ["MCPTASK_URL": "https://env/mcp", "MCPTASK_SERVER": "envserver"]

    @Test func eachFlag() throws {
        #expect(try select(url: "https://x/mcp") == .url("https://x/mcp", from: .flag))
        #expect(try select(server: "prod") == .server(name: "prod", from: .flag))
        #expect(try select(demo: true) == .demo)
        #expect(try select(command: ["python3", "s.py"]) == .command(["python3", "s.py"]))
    }

    @Test("a flag beats both environment variables")
    func flagsFirst() throws {
        let env = Self.bothVariables
        #expect(try select(url: "https://x/mcp", env: env) == .url("https://x/mcp", from: .flag))
        #expect(try select(server: "prod", env: env) == .server(name: "prod", from: .flag))
        #expect(try select(demo: true, env: env) == .demo)
        #expect(try select(command: ["srv"], env: env) == .command(["srv"]))
    }

    @Test("then MCPTASK_URL, then MCPTASK_SERVER")
    func environmentOrder() throws {
        #expect(try select(env: Self.bothVariables) == .url("https://env/mcp", from: .environment("MCPTASK_URL")))
        #expect(try select(env: ["MCPTASK_SERVER": "envserver"]) == .server(name: "envserver", from: .environment("MCPTASK_SERVER")))
        #expect(try select(env: ["MCPTASK_URL": "", "MCPTASK_SERVER": "envserver"]) == .server(name: "envserver", from: .environment("MCPTASK_SERVER")))
        #expect(try select(env: ["MCPTASK_URL": "", "MCPTASK_SERVER": ""]) == Selection.none)
        #expect(try select() == Selection.none)
    }

    @Test("conflicting flags", arguments: [
        (["--url", "--server"], "give one server, not several: --url and --server were given together"),
        (["--server", "--demo"], "give one server, not several: --server and --demo were given together"),
        (["--url", "--server", "--demo", "cmd"], "give one server, not several: --url, --server, --demo and a server command after -- were given together"),
        (["--demo", "cmd"], "give one server, not several: --demo and a server command after -- were given together"),
    ] as [([String], String)])
    func conflicts(flags: [String], message: String) {
        let error = #expect(throws: ConfigError.self) {
            try select(url: flags.contains("--url") ? "https://x" : nil, server: flags.contains("--server") ? "s" : nil,
                       demo: flags.contains("--demo"), command: flags.contains("cmd") ? ["srv"] : [],
                       env: Self.bothVariables)
        }
        #expect(error?.description == message)
    }

    @Test func emptyFlagValues() {
        #expect(throws: ConfigError.invalidSelection("--url needs a URL")) { try select(url: "") }
        #expect(throws: ConfigError.invalidSelection("--server needs a server name")) { try select(server: "") }
    }

    @Test("MCPTASK_SERVER resolves through the catalog")
    func environmentServerThroughCatalog() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"prod": {"url": "https://prod/mcp"}}}"#)
        let env = dir.environment(["MCPTASK_SERVER": "prod"])
        guard case .server(let name, _) = try select(env: env) else {
            Issue.record("expected a server")
            return
        }
        let catalog = try ConfigLoader.load(explicitPath: nil, workingDirectory: dir.work, environment: env)
        #expect(try catalog.resolve(name: name).transport == .http(url: "https://prod/mcp", headers: []))
    }
}
