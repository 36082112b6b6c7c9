import Testing
@testable import MCPTaskCore

@Suite("Config: ${VAR} expansion")
struct ConfigExpansionTests {
    let expander = VariableExpander(environment: ["A": "alpha", "B": "beta", "EMPTY": "", "HOME": "/home/me"],
                                    workspaceFolder: "/work/proj")

    @Test("forms", arguments: [
        ("${A}", "alpha"),
        ("${env:A}", "alpha"),
        ("x-${A}-${B}-y", "x-alpha-beta-y"),
        ("${A}${B}", "alphabeta"),
        ("${MISSING:-fallback}", "fallback"),
        ("${env:MISSING:-fall back}", "fall back"),
        ("${A:-unused}", "alpha"),
        ("${EMPTY:-used}", "used"),
        ("${EMPTY}", ""),
        ("${MISSING:-}", ""),
        ("${workspaceFolder}/bin", "/work/proj/bin"),
        ("${userHome}/.cache", "/home/me/.cache"),
        ("no variables", "no variables"),
        ("$A and $ and $$ and $", "$A and $ and $$ and $"),
        ("$${A}", "${A}"),
        ("$${A} is ${A}", "${A} is alpha"),
        ("$$${A}", "$${A}"),  // read left to right: "$", then the escape "$${"
        ("${DOLLAR:-$}${A}", "$alpha"),
        ("price: $5 {x}", "price: $5 {x}"),
        ("é${A}ü", "éalphaü"),
    ] as [(String, String)])
    func forms(input: String, output: String) throws {
        #expect(try expander.expand(input) == output)
    }

    @Test func workspaceFolderFromTheEnvironmentWins() throws {
        let e = VariableExpander(environment: ["workspaceFolder": "/env"], workspaceFolder: "/cwd")
        #expect(try e.expand("${workspaceFolder}") == "/env")
    }

    @Test("problems", arguments: [
        ("${MISSING}", VariableProblem.missing(name: "MISSING")),
        ("${env:MISSING}", .missing(name: "MISSING")),
        ("${env:workspaceFolder}", .missing(name: "workspaceFolder")),
        ("${input:api-key}", .unsupported(reference: "${input:api-key}", hint: "mcptask does not prompt for VS Code inputs; put the value in an environment variable and write ${env:NAME}")),
        ("${config:editor.font}", .unsupported(reference: "${config:…}", hint: "only ${NAME}, ${env:NAME} and ${workspaceFolder} are expanded")),
        ("${A", .malformed("a \"${\" has no closing \"}\" (write $${ for a literal ${)")),
        ("${}", .malformed("a \"${…}\" does not hold a variable name (names are letters, digits and _; write $${ for a literal ${)")),
        ("${1A}", .malformed("a \"${…}\" does not hold a variable name (names are letters, digits and _; write $${ for a literal ${)")),
        ("${A B}", .malformed("a \"${…}\" does not hold a variable name (names are letters, digits and _; write $${ for a literal ${)")),
    ] as [(String, VariableProblem)])
    func problems(input: String, problem: VariableProblem) {
        #expect(throws: problem) { try expander.expand(input) }
    }

    // MARK: - Through the catalog

    @Test("every string field is expanded: command, args, env values, cwd, url, header values")
    func everyField() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", """
            {"mcpServers": {
              "local": {"command": "${BIN}/server", "args": ["--name", "${env:USER_NAME}", "lit $${X}"],
                        "env": {"TOKEN": "${TOKEN}", "PLAIN": "p"}, "cwd": "${SRC}"},
              "remote": {"url": "https://${HOST}/mcp", "headers": {"Authorization": "Bearer ${env:TOKEN}"}}
            }}
            """)
        let env = ["BIN": "/opt/bin", "USER_NAME": "ann", "TOKEN": "t0k", "SRC": "/src", "HOST": "api.example"]
        let catalog = try dir.load(env: env)
        #expect(try catalog.resolve(name: "local").transport == .stdio(
            command: "/opt/bin/server", args: ["--name", "ann", "lit ${X}"], env: ["TOKEN": "t0k", "PLAIN": "p"], cwd: "/src"))
        #expect(try catalog.resolve(name: "remote").transport == .http(
            url: "https://api.example/mcp", headers: [("Authorization", "Bearer t0k")]))
        // The listing keeps the definitions as written.
        #expect(catalog.entry(named: "remote")?.config.transport == .http(
            url: "https://${HOST}/mcp", headers: [("Authorization", "Bearer ${env:TOKEN}")]))
    }

    @Test func missingVariableNamesItTheFieldTheServerAndTheFile() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"prod": {"url": "https://x/mcp", "headers": {"Authorization": "Bearer ${API_TOKEN}"}}}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load().resolve(name: "prod") }
        #expect(error == .variable(path: "./.mcp.json", server: "prod", field: "headers.Authorization",
                                   problem: .missing(name: "API_TOKEN")))
        #expect(error?.description == "environment variable API_TOKEN is not set (in \"headers.Authorization\" of server 'prod' in ./.mcp.json)")
    }

    @Test("field names in errors", arguments: [
        (#"{"command": "${V}"}"#, "command"),
        (#"{"command": "x", "args": ["a", "${V}"]}"#, "args[1]"),
        (#"{"command": "x", "env": {"KEY": "${V}"}}"#, "env.KEY"),
        (#"{"command": "x", "cwd": "${V}/d"}"#, "cwd"),
        (#"{"url": "${V}"}"#, "url"),
    ] as [(String, String)])
    func fieldNames(entry: String, field: String) throws {
        let dir = try TempConfigDir()
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"s": \#(entry)}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load().resolve(name: "s") }
        #expect(error == .variable(path: "~/.config/mcptask/config.json", server: "s", field: field, problem: .missing(name: "V")))
    }

    @Test("a variable missing for another server does not matter")
    func onlyTheChosenServerIsExpanded() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.vscode/mcp.json", """
            {"servers": {"needs": {"command": "${NOPE}"}, "prompt": {"url": "https://x", "headers": {"K": "${input:key}"}},
                         "fine": {"command": "ok"}}}
            """)
        let catalog = try dir.load()
        #expect(try catalog.resolve(name: "fine").transport.kind == "stdio")
        #expect(throws: ConfigError.self) { try catalog.resolve(name: "needs") }
    }

    @Test func inputVariablesAreNotSupported() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.vscode/mcp.json", #"{"servers": {"gh": {"url": "https://x/mcp", "headers": {"Authorization": "Bearer ${input:github_token}"}}}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load().resolve(name: "gh") }
        #expect(error?.description == "${input:github_token} is not supported: mcptask does not prompt for VS Code inputs; put the value in an environment variable and write ${env:NAME} (in \"headers.Authorization\" of server 'gh' in ./.vscode/mcp.json)")
    }

    @Test func expandedValuesAreChecked() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", """
            {"mcpServers": {"noscheme": {"url": "${U}"}, "emptycmd": {"command": "${E}"},
                            "crlf": {"url": "https://x", "headers": {"X-A": "${NL}"}}, "spaces": {"url": " https://s/mcp "}}}
            """)
        let catalog = try dir.load(env: ["U": "ftp://secret-host", "E": "", "NL": "v\r\nInjected: yes"])
        let url = #expect(throws: ConfigError.self) { try catalog.resolve(name: "noscheme") }
        #expect(url?.description == #"./.mcp.json: server 'noscheme', "url": must be an http:// or https:// URL"#)
        let cmd = #expect(throws: ConfigError.self) { try catalog.resolve(name: "emptycmd") }
        #expect(cmd?.description == #"./.mcp.json: server 'emptycmd', "command": is empty"#)
        let crlf = #expect(throws: ConfigError.self) { try catalog.resolve(name: "crlf") }
        #expect(crlf?.description == #"./.mcp.json: server 'crlf', "headers.X-A": must not contain a line break"#)
        #expect(try catalog.resolve(name: "spaces").transport == .http(url: "https://s/mcp", headers: []))
    }

    @Test func defaultsOnlyHeadersAreExpandedWithTheirOwnFileInErrors() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"r": {"url": "https://r/mcp"}}}"#)
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"r": {"headers": {"Authorization": "Bearer ${R_TOKEN}"}}}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load().resolve(name: "r") }
        #expect(error == .variable(path: "~/.config/mcptask/config.json", server: "r", field: "headers.Authorization",
                                   problem: .missing(name: "R_TOKEN")))
        let ok = try dir.load(env: ["R_TOKEN": "abc"]).resolve(name: "r")
        #expect(ok.transport == .http(url: "https://r/mcp", headers: [("Authorization", "Bearer abc")]))
    }
}
