import ArgumentParser
import Testing
@testable import mcptask

/// Every test here touches the process-wide server command that `ServerCommandLine.split` remembers, so they run
/// one at a time.
@Suite("CLI parsing", .serialized)
struct CLIParsingTests {
    /// Splits like `main` does, then parses.
    private func parse<C: ParsableCommand>(_ type: C.Type, _ arguments: [String]) throws -> C {
        let rest = ServerCommandLine.split(arguments + (arguments.contains("--") ? [] : ["--"]))
        return try C.parse(rest)
    }

    private func parseError<C: ParsableCommand>(_ type: C.Type, _ arguments: [String]) -> String? {
        do {
            _ = try parse(type, arguments)
            return nil
        } catch {
            return C.message(for: error)
        }
    }

    @Test("split at the first --: the rest is the server command, verbatim")
    func split() {
        #expect(ServerCommandLine.split(["call", "t", "a=1", "--", "python3", "s.py", "--x"]) == ["call", "t", "a=1"])
        #expect(ServerCommandLine.words == ["python3", "s.py", "--x"])
        #expect(ServerCommandLine.split(["tools", "--", "srv", "--", "-v"]) == ["tools"])
        #expect(ServerCommandLine.words == ["srv", "--", "-v"])
        #expect(ServerCommandLine.split(["tools", "--"]) == ["tools"])
        #expect(ServerCommandLine.words == [])
        #expect(ServerCommandLine.split(["tools", "--url", "http://h/mcp"]) == ["tools", "--url", "http://h/mcp"])
    }

    @Test("call: tool, assignments and every flag")
    func callFlags() throws {
        let c = try parse(CallCommand.self, ["build_report", "quarter=Q3", "size:=[640,480]", "--args", "{\"a\":1}", "--ttl", "60000",
                                            "--detach", "--cancel-on-interrupt", "--json", "--verbose", "--timeout", "2.5",
                                            "--max-message-size", "64", "--url", "http://127.0.0.1:8000/mcp", "-H", "Authorization: Bearer x"])
        #expect(c.tool == "build_report")
        #expect(c.assignments == ["quarter=Q3", "size:=[640,480]"])
        #expect(c.args == "{\"a\":1}")
        #expect(c.ttl == 60000)
        #expect(c.detach)
        #expect(c.cancelOnInterrupt)
        #expect(!c.noTask)
        #expect(c.common.json)
        #expect(c.common.verbose)
        #expect(c.common.timeout == 2.5)
        #expect(c.common.maxMessageMiB == 64)
        #expect(c.server.url == "http://127.0.0.1:8000/mcp")
        #expect(c.server.headers == ["Authorization: Bearer x"])
        #expect(ServerCommandLine.words.isEmpty)
    }

    @Test("call with a stdio server command; tool flags and server flags never mix")
    func callStdio() throws {
        let c = try parse(CallCommand.self, ["slow", "seconds:=5", "--no-task", "--", "python3", "server.py", "--ttl", "1", "--json"])
        #expect(c.tool == "slow")
        #expect(c.assignments == ["seconds:=5"])
        #expect(c.noTask)
        #expect(c.ttl == nil)
        #expect(!c.common.json)
        #expect(c.server.url == nil)
        #expect(ServerCommandLine.words == ["python3", "server.py", "--ttl", "1", "--json"])
    }

    @Test func callDefaults() throws {
        let c = try parse(CallCommand.self, ["t", "--url", "http://h"])
        #expect(c.assignments.isEmpty)
        #expect(c.ttl == nil && c.args == nil)
        #expect(!c.detach && !c.noTask && !c.cancelOnInterrupt)
        #expect(!c.common.json && !c.common.verbose)
        #expect(c.common.timeout == nil)
        #expect(c.common.maxMessageMiB == 16)
    }

    @Test("validation errors", arguments: [
        (["t", "--no-task", "--detach", "--url", "http://h"], "--detach"),
        (["t", "--url", "http://h", "-H", "NoColonHere"], "NoColonHere"),
        (["t", "--url", "http://h", "-H", "Bad Name: v"], "header"),
        (["t", "--ttl", "-5", "--url", "http://h"], "ttl"),
        (["t", "--timeout", "0", "--url", "http://h"], "timeout"),
        (["t", "--timeout", "-1", "--url", "http://h"], "timeout"),
        (["t", "--max-message-size", "0", "--url", "http://h"], "max-message-size"),
        (["t", "--timeout", "inf", "--url", "http://h"], "timeout"),
        (["t", "--timeout", "1e300", "--url", "http://h"], "timeout"),
        (["t", "--timeout", "nan", "--url", "http://h"], "timeout"),
        (["t", "oops", "--url", "http://h"], "oops"),
        (["--url", "http://h"], "tool"),
        (["t", "--bogus", "--url", "http://h"], "bogus"),
        (["t", "--ttl", "soon", "--url", "http://h"], "ttl"),
    ] as [([String], String)])
    func callValidation(arguments: [String], mentions: String) throws {
        let message = try #require(parseError(CallCommand.self, arguments), "\(arguments) parsed")
        #expect(message.lowercased().contains(mentions.lowercased()), "\(message)")
    }

    @Test func otherCommands() throws {
        let get = try parse(GetCommand.self, ["a", "b", "--json", "--url", "http://h"])
        #expect(get.ids == ["a", "b"])
        #expect(get.common.json)
        let list = try parse(ListCommand.self, ["--status", "input_required", "--", "srv"])
        #expect(list.status == "input_required")
        #expect(ServerCommandLine.words == ["srv"])
        let result = try parse(ResultCommand.self, ["abc", "--url", "http://h"])
        #expect(result.id == "abc")
        let cancel = try parse(CancelCommand.self, ["x", "y", "--url", "http://h"])
        #expect(cancel.ids == ["x", "y"])
        _ = try parse(ToolsCommand.self, ["--url", "http://h"])
    }

    @Test("task ids may begin with '-' (base64url ids do)")
    func dashedTaskIds() throws {
        let get = try parse(GetCommand.self, ["-8RuUG8g-MQ", "plain", "--json", "--url", "http://h"])
        #expect(get.ids == ["-8RuUG8g-MQ", "plain"])
        #expect(get.common.json)
        let result = try parse(ResultCommand.self, ["-x1", "--url", "http://h"])
        #expect(result.id == "-x1")
        let cancel = try parse(CancelCommand.self, ["-y2", "--url", "http://h"])
        #expect(cancel.ids == ["-y2"])
        #expect(parseError(ResultCommand.self, ["a", "b", "--url", "http://h"]) != nil)
    }

    @Test func otherCommandErrors() throws {
        #expect(parseError(ListCommand.self, ["--status", "running", "--url", "http://h"]) != nil)
        #expect(parseError(GetCommand.self, ["--url", "http://h"]) != nil)
        #expect(parseError(CancelCommand.self, ["--url", "http://h"]) != nil)
        #expect(parseError(ResultCommand.self, ["--url", "http://h"]) != nil)
    }

    @Test("server selection is resolved after parsing: conflicts and absence are usage errors", arguments: [
        (["t", "--url", "http://h", "--", "python3", "s.py"], "--url"),
        (["t"], "no server"),
        (["t", "-H", "A: b", "--", "python3", "s.py"], "header"),
        (["t", "--demo", "--url", "http://h"], "--demo"),
    ] as [([String], String)])
    func selectionErrors(arguments: [String], mentions: String) throws {
        let call = try parse(CallCommand.self, arguments)
        do {
            _ = try ResolvedServer.resolve(call.server, environment: [:], workingDirectory: "/nonexistent")
            Issue.record("\(arguments) resolved")
        } catch let error as UsageError {
            #expect(error.message.lowercased().contains(mentions.lowercased()), "\(error.message)")
        }
    }

    @Test("MCPTASK_URL selects a server when no flag does")
    func environmentSelection() throws {
        let call = try parse(CallCommand.self, ["t"])
        let resolved = try ResolvedServer.resolve(call.server, environment: ["MCPTASK_URL": "http://env:1/mcp"],
                                                  workingDirectory: "/nonexistent")
        guard case .http(let url, _) = resolved.target else { Issue.record("not http"); return }
        #expect(url == "http://env:1/mcp")
    }

    @Test("the root command dispatches to subcommands")
    func root() throws {
        let rest = ServerCommandLine.split(["call", "t", "x=1", "--", "python3", "s.py"])
        let command = try MCPTaskCommand.parseAsRoot(rest)
        let call = try #require(command as? CallCommand)
        #expect(call.tool == "t")
        #expect(ServerCommandLine.words == ["python3", "s.py"])
    }

    @Test func parsedHeader() throws {
        let options = try parse(CallCommand.self, ["t", "--url", "http://h"]).server
        func h(_ p: (name: String, value: String)?) -> [String]? { p.map { [$0.name, $0.value] } }
        #expect(h(options.parsedHeader("Authorization: Bearer abc")) == ["Authorization", "Bearer abc"])
        #expect(h(options.parsedHeader("X-A:b")) == ["X-A", "b"])
        #expect(h(options.parsedHeader("X-Url: http://h:80/x")) == ["X-Url", "http://h:80/x"])
        #expect(h(options.parsedHeader("X-Empty:")) == ["X-Empty", ""])
        #expect(options.parsedHeader("nocolon") == nil)
        #expect(options.parsedHeader(": v") == nil)
        #expect(options.parsedHeader("Bad Name: v") == nil)
    }

    @Test("resume hints quote the server command and never show header values")
    func resumeArguments() throws {
        let http = try ResolvedServer.resolve(
            try parse(CallCommand.self, ["t", "--url", "http://h:8000/mcp?x=1", "-H", "Authorization: Bearer SECRET"]).server,
            environment: [:], workingDirectory: "/")
        #expect(http.resumeArguments.hasPrefix("--url 'http://h:8000/mcp?x=1'"))
        #expect(!http.resumeArguments.contains("SECRET"))
        #expect(!http.serverKey.contains("SECRET"))
        let stdio = try ResolvedServer.resolve(try parse(CallCommand.self, ["t", "--", "python3", "my server.py"]).server,
                                               environment: [:], workingDirectory: "/")
        #expect(stdio.resumeArguments == "-- python3 'my server.py'")
    }
}
