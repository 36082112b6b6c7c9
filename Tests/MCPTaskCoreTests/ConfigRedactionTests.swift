import Foundation
import Testing
@testable import MCPTaskCore

@Suite("Config: secrets are never shown")
struct ConfigRedactionTests {
    @Test("URLs", arguments: [
        ("https://example.com/mcp", "https://example.com/mcp"),
        ("http://127.0.0.1:8000/mcp", "http://127.0.0.1:8000/mcp"),
        ("https://user:hunter2@example.com/mcp", "https://…@example.com/mcp"),
        ("https://hunter2@example.com", "https://…@example.com"),
        ("https://x.io/mcp?token=abc&mode=fast", "https://x.io/mcp?token=…&mode=fast"),
        ("https://x.io/mcp?access_token=abc", "https://x.io/mcp?access_token=…"),
        ("https://x.io/mcp?apiKey=abc&key=def&api-key=ghi", "https://x.io/mcp?apiKey=…&key=…&api-key=…"),
        ("https://x.io/mcp?client_secret=abc&password=pw&sig=s&code=c", "https://x.io/mcp?client_secret=…&password=…&sig=…&code=…"),
        ("https://x.io/mcp?region=eu&token=", "https://x.io/mcp?region=eu&token="),
        ("https://x.io/mcp#access_token=abc", "https://x.io/mcp#access_token=…"),
        ("https://mcp.example.com/s/a1b2c3d4e5f6a7b8c9d0e1f2a3b4/mcp", "https://mcp.example.com/s/…/mcp"),
        ("https://x.io/mcp?t=a1b2c3d4e5f6a7b8c9d0e1f2a3b4", "https://x.io/mcp?t=…"),
        ("https://${HOST}/mcp?token=${TOKEN}", "https://${HOST}/mcp?token=…"),
    ] as [(String, String)])
    func urls(input: String, output: String) {
        #expect(SecretRedaction.url(input) == output)
    }

    @Test("command-line arguments", arguments: [
        (["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]),
        (["--api-key", "abc", "--verbose"], ["--api-key", "…", "--verbose"]),
        (["--token=abc", "--port=8080"], ["--token=…", "--port=8080"]),
        (["--password", "--verbose"], ["--password", "--verbose"]),
        (["API_KEY=abc", "MODE=x"], ["API_KEY=…", "MODE=x"]),
        (["mcp-remote", "https://u:p@h/mcp?key=k", "--header", "Authorization: Bearer abc"],
         ["mcp-remote", "https://…@h/mcp?key=…", "--header", "Authorization: …"]),
        (["--header", "Authorization:${AUTH}"], ["--header", "Authorization: …"]),
        (["--header=X-API-Key: abc"], ["--header=X-API-Key: …"]),
        (["Bearer abc"], ["Bearer …"]),
        (["sk-proj-abcdefghijkl", "ghp_abcdefghijklmnop", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4"], ["…", "…", "…"]),
        (["--url=https://x/mcp?token=t"], ["--url=https://x/mcp?token=…"]),
        (["server.py", "localhost:8080", "--name", "report-builder"], ["server.py", "localhost:8080", "--name", "report-builder"]),
    ] as [([String], [String])])
    func arguments(input: [String], output: [String]) {
        #expect(SecretRedaction.arguments(input) == output)
    }

    @Test func commandLines() {
        let spaced = ServerTransport.stdio(command: "npx -y srv --token", args: ["abc", "--v"], env: [:], cwd: nil)
        #expect(spaced.redactedTarget == "'npx -y srv --token' … --v")
        let path = ServerTransport.stdio(command: "/opt/My App/server", args: ["a b"], env: [:], cwd: nil)
        #expect(path.redactedTarget == "'/opt/My App/server' 'a b'")
        #expect(SecretRedaction.commandLine(command: "srv", args: ["--key", "k1", "x"]) == ("srv", ["--key", "…", "x"]))
    }

    @Test func sensitiveNames() {
        for name in ["token", "X-Auth-Token", "Authorization", "apiKey", "API_KEY", "x-api-key", "client_secret",
                     "PASSWORD", "sig", "Cookie", "--access-token", "privateKey", "pat"] {
            #expect(SecretRedaction.isSensitiveName(name), "\(name)")
        }
        for name in ["mode", "region", "port", "name", "--verbose", "Accept", "monkey", "path", "X-Request-Id"] {
            #expect(!SecretRedaction.isSensitiveName(name), "\(name)")
        }
    }

    static let secrets = ["hunter2", "s3cr3t-header", "env-secret-value", "argsecret", "urltoken", "userinfo-pass", "overlay-secret"]

    private func catalog(_ dir: TempConfigDir) throws -> ConfigCatalog {
        try dir.write("work/.mcp.json", """
            {"mcpServers": {
              "remote": {"url": "https://ann:userinfo-pass@api.example.com/mcp?token=urltoken&region=eu",
                         "headers": {"Authorization": "Bearer s3cr3t-header", "X-Trace": "${TRACE}"}, "ttl": 600000},
              "local": {"command": "node", "args": ["srv.js", "--api-key", "argsecret"],
                        "env": {"API_KEY": "env-secret-value", "FROM_ENV": "${HUNTER}"}, "cwd": "/srv"}
            }}
            """)
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"remote": {"headers": {"X-Extra": "overlay-secret"}}}}"#)
        return try dir.load(env: ["HUNTER": "hunter2", "TRACE": "hunter2"])
    }

    @Test("listings show header and env names, never their values")
    func descriptions() throws {
        let dir = try TempConfigDir()
        let catalog = try catalog(dir)
        let remote = try catalog.resolve(name: "remote")
        let local = try catalog.resolve(name: "local")
        #expect(remote.redactedDescription == "remote: http https://…@api.example.com/mcp?token=…&region=eu (headers: Authorization: …, X-Trace: …, X-Extra: …; ttl 600000 ms; from ./.mcp.json)")
        #expect(local.redactedDescription == "local: stdio node srv.js --api-key … (env: API_KEY=…, FROM_ENV=…; cwd: /srv; from ./.mcp.json)")
        #expect(remote.redactedTarget == "https://…@api.example.com/mcp?token=…&region=eu")
        #expect(local.redactedJSON.serialized() == #"{"name":"local","transport":"stdio","command":"node","args":["srv.js","--api-key","…"],"env":["API_KEY","FROM_ENV"],"cwd":"/srv","source":"\#(dir.work)/.mcp.json"}"#)
        #expect(catalog.entry(named: "remote")?.redactedJSON.serialized() == #"{"name":"remote","transport":"http","url":"https://…@api.example.com/mcp?token=…&region=eu","headers":["Authorization","X-Trace","X-Extra"],"ttl":600000,"source":"\#(dir.work)/.mcp.json","defaultsFrom":["\#(dir.home)/.config/mcptask/config.json"]}"#)
    }

    @Test("no secret in any description, debug description, dump or JSON of configs, entries, catalog")
    func noSecretAnywhere() throws {
        let dir = try TempConfigDir()
        let catalog = try catalog(dir)
        var texts: [String] = []
        func add(_ value: Any) {
            texts.append(String(describing: value))
            texts.append(String(reflecting: value))
            texts.append("\(value)")
            var dumped = ""
            dump(value, to: &dumped)
            texts.append(dumped)
        }
        for name in ["remote", "local"] {
            let config = try catalog.resolve(name: name)
            add(config)
            add(config.transport)
            add([config])
            texts.append(config.redactedJSON.serialized())
            texts.append(config.redactedTarget)
        }
        for entry in catalog.servers {
            add(entry)
            texts.append(entry.redactedJSON.serialized())
        }
        add(catalog)
        for text in texts {
            for secret in Self.secrets {
                #expect(!text.contains(secret), "\(secret) shown in: \(text)")
            }
        }
        // The secrets really are in the resolved configuration.
        guard case .http(_, let headers) = try catalog.resolve(name: "remote").transport else { return }
        #expect(headers.map(\.value) == ["Bearer s3cr3t-header", "hunter2", "overlay-secret"])
    }

    @Test("errors never echo secret values")
    func errorsDoNotEchoSecrets() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", """
            {"mcpServers": {
              "a": {"url": "https://x/mcp", "headers": {"Authorization": "Bearer sk-live-hunter2 ${MISSING}"}},
              "b": {"url": "hunter2${PLAIN}"},
              "c": {"url": "https://x", "headers": {"X": "${NL}"}},
              "d": {"command": "x", "env": {"K": "hunter2 ${input:apikey}"}},
              "e": {"command": "x", "args": ["hunter2 ${unterminated"]}
            }}
            """)
        let catalog = try dir.load(env: ["PLAIN": "ftp-hunter2", "NL": "hunter2\n"])
        for name in ["a", "b", "c", "d", "e"] {
            let error = #expect(throws: ConfigError.self) { try catalog.resolve(name: name) }
            let text = error.map { String(describing: $0) + String(reflecting: $0) } ?? ""
            #expect(!text.contains("hunter2"), "\(text)")
        }
        // Type errors name the field only.
        try dir.write("work/.mcp.json", #"{"mcpServers": {"t": {"url": "https://x", "headers": {"Authorization": ["hunter2"]}}}}"#)
        let typeError = #expect(throws: ConfigError.self) { try dir.load() }
        #expect(typeError.map { !String(describing: $0).contains("hunter2") } == true)
    }
}
