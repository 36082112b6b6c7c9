import Foundation
import Testing
@testable import MCPTaskCore

@Suite("Config loading: sources, precedence, shapes, errors")
struct ConfigLoaderTests {
    @Test func projectFileStdioAndHTTP() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", """
            {"mcpServers": {
              "local": {"command": "python3", "args": ["server.py", "--port", "0"], "env": {"MODE": "test"}},
              "remote": {"url": "https://example.com/mcp", "headers": {"X-Team": "blue", "Accept-Language": "en"}}
            }}
            """)
        let catalog = try dir.load()
        #expect(catalog.servers.map(\.name) == ["local", "remote"])
        #expect(catalog.loaded.map(\.kind) == [.project])

        let local = try catalog.resolve(name: "local")
        #expect(local.transport == .stdio(command: "python3", args: ["server.py", "--port", "0"], env: ["MODE": "test"], cwd: nil))
        #expect(local.source.kind == .project)
        #expect(local.source.displayPath == "./.mcp.json")
        #expect(local.source.path == dir.work + "/.mcp.json")
        #expect(local.name == "local")

        let remote = try catalog.resolve(name: "remote")
        #expect(remote.transport == .http(url: "https://example.com/mcp",
                                          headers: [("X-Team", "blue"), ("Accept-Language", "en")]))
        #expect(remote.transport.kind == "http")
        #expect(remote.defaults.ttl == nil)
    }

    @Test("./.vscode/mcp.json uses the top-level key 'servers' (and may have 'inputs')")
    func vscodeServersKey() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.vscode/mcp.json", """
            {"inputs": [{"type": "promptString", "id": "key", "password": true}],
             "servers": {"fs": {"type": "stdio", "command": "npx", "args": ["-y", "server-fs"]},
                         "api": {"type": "http", "url": "http://127.0.0.1:8000/mcp"}}}
            """)
        let catalog = try dir.load()
        #expect(catalog.servers.map(\.name) == ["fs", "api"])
        let fs = try catalog.resolve(name: "fs")
        #expect(fs.transport == .stdio(command: "npx", args: ["-y", "server-fs"], env: [:], cwd: nil))
        #expect(fs.source.kind == .vscode)
        #expect(fs.source.displayPath == "./.vscode/mcp.json")
        #expect(try catalog.resolve(name: "api").transport.kind == "http")
    }

    @Test("./.vscode/mcp.json may have comments and trailing commas, as VS Code allows")
    func vscodeJSONWithComments() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.vscode/mcp.json", """
            // MCP servers for this workspace
            {
              "servers": {
                /* the remote one */
                "api": {"type": "http", "url": "https://example.com//mcp?a=/*b*/", "headers": {"X-Note": "// kept"},},
                "fs": {"command": "npx", "args": ["-y", "srv",],}, // trailing commas
              },
            }
            """)
        let catalog = try dir.load()
        #expect(catalog.servers.map(\.name) == ["api", "fs"])
        #expect(try catalog.resolve(name: "api").transport == .http(url: "https://example.com//mcp?a=/*b*/", headers: [("X-Note", "// kept")]))
        #expect(try catalog.resolve(name: "fs").transport == .stdio(command: "npx", args: ["-y", "srv"], env: [:], cwd: nil))
    }

    @Test("comments keep error offsets true; other files are strict JSON")
    func commentsOnlyInVSCodeFile() throws {
        let dir = try TempConfigDir()
        let text = "// note\n{\"servers\": {\"a\": nope}}"
        try dir.write("work/.vscode/mcp.json", text)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        let offset = text.utf8.count - "nope}}".utf8.count  // line 2 starts at byte 8
        #expect(error == .invalidJSON(path: "./.vscode/mcp.json", offset: offset, line: 2, column: offset - 8 + 1, message: "invalid literal"))

        let strict = try TempConfigDir()
        try strict.write("work/.mcp.json", "// note\n{}")
        let strictError = #expect(throws: ConfigError.self) { try strict.load() }
        #expect(strictError == .invalidJSON(path: "./.mcp.json", offset: 0, line: 1, column: 1, message: "unexpected character '/'"))
    }

    @Test func userFileUnderHomeConfig() throws {
        let dir = try TempConfigDir()
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"prod": {"url": "https://prod.example/mcp", "ttl": 600000}}}"#)
        let prod = try dir.load().resolve(name: "prod")
        #expect(prod.source.kind == .user)
        #expect(prod.source.displayPath == "~/.config/mcptask/config.json")
        #expect(prod.source.path == dir.home + "/.config/mcptask/config.json")
        #expect(prod.defaults.ttl == 600_000)
    }

    @Test func userFileUnderXDGConfigHome() throws {
        let dir = try TempConfigDir()
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"home": {"command": "a"}}}"#)
        try dir.write("xdg/mcptask/config.json", #"{"mcpServers": {"xdg": {"command": "b"}}}"#)
        let catalog = try dir.load(env: ["XDG_CONFIG_HOME": dir.root + "/xdg"])
        #expect(catalog.servers.map(\.name) == ["xdg"])
        #expect(catalog.searched.last?.path == dir.root + "/xdg/mcptask/config.json")

        // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
        let relative = try dir.load(env: ["XDG_CONFIG_HOME": "xdg"])
        #expect(relative.servers.map(\.name) == ["home"])
    }

    @Test func noHomeAndNoXDGSkipsTheUserFile() throws {
        let dir = try TempConfigDir()
        let sources = ConfigSource.searchOrder(explicitPath: nil, workingDirectory: dir.work, environment: [:])
        #expect(sources.map(\.kind) == [.project, .vscode])
        let catalog = try ConfigLoader.load(explicitPath: nil, workingDirectory: dir.work, environment: [:])
        #expect(catalog.servers.isEmpty)
    }

    @Test func explicitFileRelativeToWorkingDirectoryAndHome() throws {
        let dir = try TempConfigDir()
        try dir.write("work/conf/servers.json", #"{"mcpServers": {"x": {"command": "x"}}}"#)
        try dir.write("home/my.json", #"{"mcpServers": {"y": {"command": "y"}}}"#)
        let catalog = try dir.load(explicit: "conf/servers.json")
        let x = try catalog.resolve(name: "x")
        #expect(x.source.kind == .explicit)
        #expect(x.source.displayPath == "conf/servers.json")
        #expect(x.source.path == dir.work + "/conf/servers.json")
        #expect(try dir.load(explicit: "~/my.json").resolve(name: "y").source.path == dir.home + "/my.json")
        #expect(try dir.load(explicit: dir.home + "/my.json").servers.map(\.name) == ["y"])
    }

    @Test("--config must exist; the other files are skipped when missing")
    func explicitFileMustExist() throws {
        let dir = try TempConfigDir()
        let error = #expect(throws: ConfigError.self) { try dir.load(explicit: "nope.json") }
        #expect(error == .fileNotFound(path: "nope.json"))
        #expect(error?.description == "configuration file nope.json does not exist")
        #expect(try dir.load().servers.isEmpty)
    }

    @Test func aDirectoryInPlaceOfAFileIsAnError() throws {
        let dir = try TempConfigDir()
        try FileManager.default.createDirectory(atPath: dir.work + "/.mcp.json", withIntermediateDirectories: true)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        #expect(error == .unreadableFile(path: "./.mcp.json", reason: "it is a directory"))
    }

    @Test("first match wins: --config, ./.mcp.json, ./.vscode/mcp.json, user file; the rest are shadowed")
    func precedenceAndShadowing() throws {
        let dir = try TempConfigDir()
        try dir.write("work/extra.json", #"{"mcpServers": {"s": {"command": "explicit"}, "e": {"command": "e"}}}"#)
        try dir.write("work/.mcp.json", #"{"mcpServers": {"s": {"command": "project"}, "p": {"command": "p"}}}"#)
        try dir.write("work/.vscode/mcp.json", #"{"servers": {"s": {"command": "vscode"}, "v": {"command": "v"}}}"#)
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"s": {"url": "http://user/mcp"}, "u": {"command": "u"}}}"#)

        let all = try dir.load(explicit: "extra.json")
        #expect(all.servers.map(\.name) == ["s", "e", "p", "v", "u"])
        #expect(all.loaded.map(\.kind) == [.explicit, .project, .vscode, .user])
        let s = try #require(all.entry(named: "s"))
        #expect(try all.resolve(name: "s").transport == .stdio(command: "explicit", args: [], env: [:], cwd: nil))
        #expect(s.config.source.kind == .explicit)
        #expect(s.shadowed.map(\.source.kind) == [.project, .vscode, .user])
        #expect(s.shadowed.last?.transport == .http(url: "http://user/mcp", headers: []))
        #expect(all.entry(named: "p")?.shadowed.isEmpty == true)

        let withoutExplicit = try dir.load()
        #expect(try withoutExplicit.resolve(name: "s").source.kind == .project)
        try FileManager.default.removeItem(atPath: dir.work + "/.mcp.json")
        #expect(try dir.load().resolve(name: "s").source.kind == .vscode)
        try FileManager.default.removeItem(atPath: dir.work + "/.vscode/mcp.json")
        #expect(try dir.load().resolve(name: "s").transport.kind == "http")
    }

    @Test func unknownServerNamesTheKnownOnesAndTheirFiles() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"a": {"command": "a"}}}"#)
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"b": {"url": "https://b/mcp"}}}"#)
        let catalog = try dir.load()
        let error = #expect(throws: ConfigError.self) { try catalog.resolve(name: "x") }
        #expect(error?.description == "unknown server 'x'; known: a, b (from ./.mcp.json, ~/.config/mcptask/config.json)")
        let close = #expect(throws: ConfigError.self) { try catalog.resolve(name: "A") }
        #expect(close?.description.hasSuffix("did you mean 'a'?") == true)
    }

    @Test func unknownServerWithNothingConfigured() throws {
        let dir = try TempConfigDir()
        let error = #expect(throws: ConfigError.self) { try dir.load().resolve(name: "prod") }
        #expect(error?.description == "unknown server 'prod': no servers are configured (looked for ./.mcp.json, ./.vscode/mcp.json, ~/.config/mcptask/config.json)")
    }

    @Test("an empty or whitespace-only file holds no servers", arguments: ["", "  \n\t", "\u{FEFF}\n"])
    func emptyFile(text: String) throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", text)
        let catalog = try dir.load()
        #expect(catalog.servers.isEmpty)
        #expect(catalog.loaded.map(\.kind) == [.project])
    }

    @Test func aFileWithoutServersIsFine() throws {
        let dir = try TempConfigDir()
        try dir.write("home/.config/mcptask/config.json", #"{"defaults": {"ttl": 1000}}"#)
        let catalog = try dir.load()
        #expect(catalog.servers.isEmpty)
        #expect(catalog.defaults.ttl == 1000)
    }

    // MARK: - Types

    @Test("HTTP type names", arguments: ["http", "streamable-http", "streamableHttp", "HTTP"])
    func httpTypeNames(type: String) throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"r": {"type": "\#(type)", "url": "https://r.example/mcp"}}}"#)
        #expect(try dir.load().resolve(name: "r").transport == .http(url: "https://r.example/mcp", headers: []))
    }

    @Test func typeChoosesWhenBothCommandAndURLAreGiven() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", """
            {"mcpServers": {"a": {"type": "stdio", "command": "srv", "url": "https://x/mcp"},
                            "b": {"type": "http", "command": "srv", "url": "https://x/mcp"}}}
            """)
        let catalog = try dir.load()
        #expect(try catalog.resolve(name: "a").transport.kind == "stdio")
        #expect(try catalog.resolve(name: "b").transport.kind == "http")
    }

    @Test("the legacy SSE transport is refused with a clear message")
    func sseRefused() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"old": {"type": "sse", "url": "https://x/sse"}}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("./.mcp.json: server 'old', \"type\": the legacy HTTP+SSE transport (\"sse\") is not supported"))
        #expect(text.contains("Streamable HTTP"))
    }

    @Test("invalid server entries name the file, the server and the field", arguments: [
        (#"{"type": "websocket", "url": "ws://x"}"#, #"./.mcp.json: server 'bad', "type": must be "stdio" or "http" (also "streamable-http"), not "websocket""#),
        (#"{"type": "stdio", "url": "https://x"}"#, #"./.mcp.json: server 'bad', "command": is missing ("type" is "stdio")"#),
        (#"{"type": "http", "command": "x"}"#, #"./.mcp.json: server 'bad', "url": is missing ("type" is "http")"#),
        (#"{"command": "x", "url": "https://x"}"#, #"./.mcp.json: server 'bad': has both "command" and "url"; add "type": "stdio" or "type": "http" to choose"#),
        (#"{"args": ["a"]}"#, #"./.mcp.json: server 'bad': has neither "command" (a stdio server) nor "url" (an HTTP server)"#),
        (#"{}"#, #"./.mcp.json: server 'bad': has neither "command" (a stdio server) nor "url" (an HTTP server)"#),
        (#""python3 server.py""#, #"./.mcp.json: server 'bad': must be an object, not string"#),
        (#"{"command": ["python3"]}"#, #"./.mcp.json: server 'bad', "command": must be a string, not array"#),
        (#"{"command": "x", "args": "a b"}"#, #"./.mcp.json: server 'bad', "args": must be an array of strings, not string"#),
        (#"{"command": "x", "args": ["a", 2]}"#, #"./.mcp.json: server 'bad', "args[1]": must be a string, not number"#),
        (#"{"command": "x", "env": ["A=1"]}"#, #"./.mcp.json: server 'bad', "env": must be an object of strings, not array"#),
        (#"{"command": "x", "env": {"PORT": 8080}}"#, #"./.mcp.json: server 'bad', "env.PORT": must be a string, not number"#),
        (#"{"command": "x", "cwd": true}"#, #"./.mcp.json: server 'bad', "cwd": must be a string, not boolean"#),
        (#"{"url": "https://x", "headers": {"Authorization": 5}}"#, #"./.mcp.json: server 'bad', "headers.Authorization": must be a string, not number"#),
        (#"{"url": "https://x", "headers": {"Bad Name": "v"}}"#, #"./.mcp.json: server 'bad', "headers": has an invalid name "Bad Name""#),
        (#"{"url": "https://x", "headers": {"A": "1", "a": "2"}}"#, #"./.mcp.json: server 'bad', "headers.a": is given twice"#),
        (#"{"url": "https://x", "ttl": "10m"}"#, #"./.mcp.json: server 'bad', "ttl": must be a number of milliseconds, not string"#),
        (#"{"url": "https://x", "ttl": -1}"#, #"./.mcp.json: server 'bad', "ttl": must be a whole, non-negative number of milliseconds"#),
        (#"{"command": "x", "envFile": ".env"}"#, #"./.mcp.json: server 'bad', "envFile": is not supported by mcptask; put the variables in "env" (values may use ${NAME})"#),
    ] as [(String, String)])
    func invalidEntries(entry: String, message: String) throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"ok": {"command": "fine"}, "bad": \#(entry)}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        #expect(error?.description == message)
    }

    @Test("keys other clients use, and the other transport's keys, are ignored")
    func unknownKeysIgnored() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", """
            {"mcpServers": {"a": {"command": "x", "disabled": false, "alwaysAllow": ["t"], "headers": {"H": "v"}, "timeout": 30},
                            "b": {"url": "https://b/mcp", "args": 5, "description": "remote"}}, "other": 1}
            """)
        let catalog = try dir.load()
        #expect(try catalog.resolve(name: "a").transport == .stdio(command: "x", args: [], env: [:], cwd: nil))
        #expect(try catalog.resolve(name: "b").transport == .http(url: "https://b/mcp", headers: []))
    }

    @Test("null counts as absent")
    func nullIsAbsent() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"a": {"type": null, "command": "x", "args": null, "env": null, "cwd": null, "ttl": null}}}"#)
        #expect(try dir.load().resolve(name: "a").transport == .stdio(command: "x", args: [], env: [:], cwd: nil))
    }

    @Test func fileLevelShapeErrors() throws {
        let cases: [(String, String)] = [
            (#"[1, 2]"#, "./.mcp.json: the top level must be a JSON object, not array"),
            (#"{"mcpServers": []}"#, #"./.mcp.json, "mcpServers": must be an object, not array"#),
            (#"{"mcpServers": {"a": {"command": "x"}}, "servers": {}}"#, #"./.mcp.json: has both "mcpServers" and "servers"; use one"#),
            (#"{"mcpServers": {"a": {"command": "x"}, "a": {"command": "y"}}}"#, "./.mcp.json: server 'a': is defined twice in this file"),
            (#"{"mcpServers": {"": {"command": "x"}}}"#, #"./.mcp.json, "mcpServers": a server name must not be empty"#),
        ]
        for (text, message) in cases {
            let dir = try TempConfigDir()
            try dir.write("work/.mcp.json", text)
            let error = #expect(throws: ConfigError.self) { try dir.load() }
            #expect(error?.description == message, "\(text)")
        }
    }

    // MARK: - Malformed JSON

    @Test func invalidJSONNamesTheFileAndTheByteOffset() throws {
        let dir = try TempConfigDir()
        let text = "{\"mcpServers\": {\n  \"a\": {\"command\": \"x\",}\n}}"
        try dir.write("work/.mcp.json", text)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        let offset = try #require(Array(text.utf8).firstIndex(of: UInt8(ascii: "}")))
        #expect(error == .invalidJSON(path: "./.mcp.json", offset: offset, line: 2, column: 24, message: "expected a string key"))
        #expect(error?.description == "./.mcp.json: invalid JSON at line 2, column 24 (byte \(offset)): expected a string key")
    }

    @Test func invalidJSONOffsetCountsAByteOrderMark() throws {
        let dir = try TempConfigDir()
        try dir.write("home/.config/mcptask/config.json", "\u{FEFF}{\"mcpServers\": nope}")
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        guard case .invalidJSON(let path, let offset, let line, let column, _)? = error else {
            Issue.record("not invalidJSON: \(String(describing: error))")
            return
        }
        #expect(path == "~/.config/mcptask/config.json")
        #expect(offset == 3 + 15)
        #expect(line == 1 && column == 19)
    }

    @Test func truncatedJSON() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.vscode/mcp.json", #"{"servers": {"a": {"command": "x""#)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        #expect(error?.description.hasPrefix("./.vscode/mcp.json: invalid JSON at line 1, column 34 (byte 33)") == true)
    }

    // MARK: - Defaults

    @Test func ttlFromDefinitionThenDefaultsOnlyEntryThenGlobalDefaults() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", """
            {"mcpServers": {"own": {"url": "https://own/mcp", "ttl": 1000},
                            "overlaid": {"url": "https://o/mcp", "headers": {"X-Mine": "project"}},
                            "plain": {"command": "p"}},
             "defaults": {"ttl": 99}}
            """)
        try dir.write("home/.config/mcptask/config.json", """
            {"defaults": {"ttl": 5000},
             "mcpServers": {"own": {"ttl": 2000},
                            "overlaid": {"ttl": 3000, "headers": {"x-mine": "user", "Authorization": "Bearer t"}}}}
            """)
        let catalog = try dir.load()
        #expect(catalog.defaults.ttl == 5000, "defaults in ./.mcp.json are not mcptask's and are ignored")
        #expect(try catalog.resolve(name: "own").defaults.ttl == 1000)
        let overlaid = try catalog.resolve(name: "overlaid")
        #expect(overlaid.defaults.ttl == 3000)
        #expect(overlaid.source.kind == .project)
        #expect(overlaid.transport == .http(url: "https://o/mcp", headers: [("X-Mine", "project"), ("Authorization", "Bearer t")]))
        #expect(catalog.entry(named: "overlaid")?.defaultsSources.map(\.kind) == [.user])
        #expect(try catalog.resolve(name: "plain").defaults.ttl == 5000)
        #expect(catalog.servers.map(\.name) == ["own", "overlaid", "plain"])
    }

    @Test func defaultsOnlyEntryWithoutADefinitionIsAnError() throws {
        let dir = try TempConfigDir()
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"ghost": {"ttl": 1000}}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        #expect(error?.description == "~/.config/mcptask/config.json: server 'ghost': has neither \"command\" nor \"url\", and no other file defines a server 'ghost' for its defaults to apply to")
    }

    @Test func defaultsOnlyEntriesAreOnlyForMCPTaskFiles() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"a": {"command": "a"}}}"#)
        try dir.write("work/.vscode/mcp.json", #"{"servers": {"a": {"ttl": 1000}}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        #expect(error?.description == "./.vscode/mcp.json: server 'a': has neither \"command\" (a stdio server) nor \"url\" (an HTTP server)")
    }

    @Test func explicitFileDefaultsComeFirst() throws {
        let dir = try TempConfigDir()
        try dir.write("work/mine.json", #"{"defaults": {"ttl": 1}, "mcpServers": {"a": {"ttl": 7}}}"#)
        try dir.write("work/.mcp.json", #"{"mcpServers": {"a": {"command": "a"}, "b": {"command": "b"}}}"#)
        try dir.write("home/.config/mcptask/config.json", #"{"defaults": {"ttl": 2}, "mcpServers": {"a": {"ttl": 8}}}"#)
        let catalog = try dir.load(explicit: "mine.json")
        #expect(try catalog.resolve(name: "a").defaults.ttl == 7)
        #expect(try catalog.resolve(name: "b").defaults.ttl == 1)
        #expect(catalog.entry(named: "a")?.config.source.kind == .project)
    }

    @Test func invalidGlobalDefaults() throws {
        let dir = try TempConfigDir()
        try dir.write("home/.config/mcptask/config.json", #"{"defaults": {"ttl": 1.5}}"#)
        let error = #expect(throws: ConfigError.self) { try dir.load() }
        #expect(error?.description == #"~/.config/mcptask/config.json, "defaults.ttl": must be a whole, non-negative number of milliseconds"#)
    }

    // MARK: - cwd

    @Test func relativeCwdIsTakenRelativeToTheDefiningFile() throws {
        let dir = try TempConfigDir()
        try dir.write("work/.mcp.json", #"{"mcpServers": {"p": {"command": "x", "cwd": "srv"}, "abs": {"command": "x", "cwd": "/opt/s"}, "dot": {"command": "x", "cwd": "."}}}"#)
        try dir.write("work/.vscode/mcp.json", #"{"servers": {"v": {"command": "x", "cwd": "./tools"}}}"#)
        try dir.write("home/.config/mcptask/config.json", #"{"mcpServers": {"u": {"command": "x", "cwd": "here"}, "t": {"command": "x", "cwd": "~/code"}}}"#)
        let catalog = try dir.load()
        func cwd(_ name: String) throws -> String? {
            guard case .stdio(_, _, _, let cwd) = try catalog.resolve(name: name).transport else { return "not stdio" }
            return cwd
        }
        #expect(try cwd("p") == dir.work + "/srv")
        #expect(try cwd("abs") == "/opt/s")
        #expect(try cwd("dot") == dir.work)
        #expect(try cwd("v") == dir.work + "/tools", ".vscode paths are relative to the workspace folder")
        #expect(try cwd("u") == dir.home + "/.config/mcptask/here")
        #expect(try cwd("t") == dir.home + "/code")
    }
}

/// A throw-away directory with a working directory (`work`) and a home directory (`home`) inside it.
final class TempConfigDir {
    let root: String
    var work: String { root + "/work" }
    var home: String { root + "/home" }

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/mcptask-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/work", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` to `relative` (under the root), creating directories.
    func write(_ relative: String, _ text: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// `HOME` set to the home directory, plus `env`.
    func environment(_ env: [String: String] = [:]) -> [String: String] {
        ["HOME": home].merging(env) { _, new in new }
    }

    func load(explicit: String? = nil, env: [String: String] = [:]) throws -> ConfigCatalog {
        try ConfigLoader.load(explicitPath: explicit, workingDirectory: work, environment: environment(env))
    }
}
