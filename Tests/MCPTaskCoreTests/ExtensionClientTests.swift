import Foundation
import Testing
@testable import MCPTaskCore

/// A scripted 2026-07-28 server on an in-memory transport.
enum ModernFake {
    static func discoverResult(tasks: Bool = true, versions: [String] = ["2026-07-28"]) -> JSONValue {
        var extensions = JSONObject()
        if tasks { extensions["io.modelcontextprotocol/tasks"] = .object([:]) }
        return ["_meta": ["io.modelcontextprotocol/serverInfo": ["name": "modern-fake", "version": "1.2"]],
                "ttlMs": 0, "cacheScope": "private", "supportedVersions": .array(versions.map { .string($0) }),
                "capabilities": ["tools": [:], "extensions": .object(extensions)], "resultType": "complete",
                "instructions": "be brief"]
    }

    static func connect(tasks: Bool = true, maxRounds: Int = MultiRoundTrip.defaultMaxRounds,
                        input: @escaping InputHandler = { _ in .decline },
                        _ reply: @escaping @Sendable (String, JSONValue?) -> Result<JSONValue, RPCError>?) async throws -> (FakeServer, StatelessClient) {
        let server = FakeServer { method, params in
            if method == "server/discover" { return .success(discoverResult(tasks: tasks)) }
            return reply(method, params)
        }
        let client = try await StatelessClient.connect(transport: server.transport, clientInfo: ClientInfo(name: "mcptask", version: "9"),
                                                       inputHandler: input, maxInputRounds: maxRounds)
        return (server, client)
    }
}

/// Counts calls from `@Sendable` closures.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

@Suite("StatelessClient (2026-07-28 requests, _meta, multi round-trip)", .timeLimit(.minutes(1)))
struct ExtensionClientTests {
    @Test("connect calls server/discover with the per-request _meta and describes the server")
    func discover() async throws {
        let (server, client) = try await ModernFake.connect { _, _ in nil }
        let sent = try #require(await server.requests("server/discover").first ?? nil)
        let meta = try #require(sent["_meta"])
        #expect(meta["io.modelcontextprotocol/protocolVersion"] == "2026-07-28")
        #expect(meta["io.modelcontextprotocol/clientInfo"] == ["name": "mcptask", "version": "9"])
        let caps = try #require(meta["io.modelcontextprotocol/clientCapabilities"])
        #expect(caps["extensions"] == ["io.modelcontextprotocol/tasks": [:]])
        #expect(caps["elicitation"] == ["form": [:], "url": [:]])
        #expect(client.server.name == "modern-fake")
        #expect(client.server.version == "1.2")
        #expect(client.server.offersTasks)
        #expect(client.server.extensions.keys == ["io.modelcontextprotocol/tasks"])
        #expect(client.description.protocolVersion == "2026-07-28")
        #expect(client.description.instructions == "be brief")
        await client.close()
    }

    @Test("a server that does not list 2026-07-28 is refused")
    func wrongVersion() async throws {
        let server = FakeServer { method, _ in
            method == "server/discover" ? .success(ModernFake.discoverResult(versions: ["2027-01-01"])) : nil
        }
        let error = await #expect(throws: MCPError.self) {
            _ = try await StatelessClient.connect(transport: server.transport, clientInfo: ClientInfo(name: "c", version: "1"),
                                                  inputHandler: { _ in .decline })
        }
        if case .unsupported(let m)? = error { #expect(m.contains("2027-01-01")) } else { Issue.record("\(String(describing: error))") }
    }

    @Test("every request carries the _meta; a _meta already in params is kept")
    func metaOnEveryRequest() async throws {
        let (server, client) = try await ModernFake.connect { method, _ in method == "tools/list" ? .success(["tools": [], "resultType": "complete"]) : .success([:]) }
        _ = try await client.listTools()
        _ = try await client.request("custom/thing", params: ["x": 1, "_meta": ["progressToken": "p"]])
        let list = try #require(await server.requests("tools/list").first ?? nil)
        #expect(list["_meta"]?["io.modelcontextprotocol/protocolVersion"] == "2026-07-28")
        let custom = try #require(await server.requests("custom/thing").first ?? nil)
        #expect(custom["x"] == 1)
        #expect(custom["_meta"]?["progressToken"] == "p")
        #expect(custom["_meta"]?["io.modelcontextprotocol/clientCapabilities"] != nil)
        await client.close()
    }

    @Test("multi round-trip: input_required is answered and the request re-sent with inputResponses and requestState")
    func multiRoundTrip() async throws {
        let calls = Counter()
        let asked = Recorder<String>()
        let (server, client) = try await ModernFake.connect(input: { request in
            asked.append(request.message)
            return .accept(["ok": true])
        }) { method, params in
            guard method == "tools/call" else { return nil }
            if params?["inputResponses"] == nil {
                _ = calls.next()
                return .success(["resultType": "input_required", "requestState": "sealed-1",
                                 "inputRequests": ["confirm": ["method": "elicitation/create",
                                                               "params": ["mode": "form", "message": "Proceed?",
                                                                          "requestedSchema": ["type": "object", "properties": ["ok": ["type": "boolean"]]]]]]])
            }
            return .success(["content": [["type": "text", "text": "confirmed"]], "isError": false, "resultType": "complete"])
        }
        let result = try await client.callTool(name: "confirm", arguments: ["q": "x"])
        #expect(result["content"]?.arrayValue?.first?["text"] == "confirmed")
        #expect(asked.items == ["Proceed?"])
        let sent = await server.requests("tools/call")
        #expect(sent.count == 2)
        let retry = try #require(sent.last ?? nil)
        #expect(retry["name"] == "confirm")
        #expect(retry["arguments"] == ["q": "x"])
        #expect(retry["inputResponses"] == ["confirm": ["action": "accept", "content": ["ok": true]]])
        #expect(retry["requestState"] == "sealed-1")
        #expect(retry["_meta"]?["io.modelcontextprotocol/protocolVersion"] == "2026-07-28")
        // The retry is a new JSON-RPC request with its own id.
        let ids = await server.messages().compactMap { m -> RequestID? in
            if case .request(let id, "tools/call", _) = m { return id } else { return nil }
        }
        #expect(Set(ids).count == 2)
        await client.close()
    }

    @Test("a server that never stops asking: error after the bound, with one request per round")
    func roundBound() async throws {
        let (server, client) = try await ModernFake.connect(maxRounds: 3) { method, _ in
            method == "tools/call" ? .success(["resultType": "input_required",
                                               "inputRequests": ["k": ["method": "elicitation/create",
                                                                       "params": ["message": "again?", "requestedSchema": ["type": "object", "properties": [:]]]]]]) : nil
        }
        let error = await #expect(throws: MCPError.self) { _ = try await client.callTool(name: "loop", arguments: [:]) }
        if case .protocolViolation(let m)? = error { #expect(m.contains("after 3 rounds")) } else { Issue.record("\(String(describing: error))") }
        #expect(await server.requests("tools/call").count == 4)
        await client.close()
    }

    @Test("-32021 becomes a clear 'unsupported' message")
    func missingCapability() async throws {
        let (_, client) = try await ModernFake.connect { method, _ in
            method == "tools/call" ? .failure(RPCError(code: -32021, message: "Missing required client capability",
                                                       data: ["requiredCapabilities": ["sampling": [:]]])) : nil
        }
        let error = await #expect(throws: MCPError.self) { _ = try await client.callTool(name: "needs_llm", arguments: [:]) }
        if case .unsupported(let m)? = error {
            #expect(m.contains("modern-fake requires sampling to call tool 'needs_llm'"))
        } else {
            Issue.record("\(String(describing: error))")
        }
        await client.close()
    }
}

@Suite("Routing headers (Mcp-Method, Mcp-Name) and the HTTP configuration")
struct ExtensionHeaderTests {
    static func headers(_ method: String, _ params: JSONValue?) -> [String] {
        RoutingHeaders.headers(for: .request(id: .int(1), method: method, params: params)).map { "\($0.name): \($0.value)" }
    }

    @Test func perMethod() {
        #expect(Self.headers("tools/call", ["name": "get_weather"]) == ["Mcp-Method: tools/call", "Mcp-Name: get_weather"])
        #expect(Self.headers("prompts/get", ["name": "p"]) == ["Mcp-Method: prompts/get", "Mcp-Name: p"])
        #expect(Self.headers("resources/read", ["uri": "file:///a b.json"]) == ["Mcp-Method: resources/read", "Mcp-Name: file:///a b.json"])
        for method in ["tasks/get", "tasks/update", "tasks/cancel"] {
            #expect(Self.headers(method, ["taskId": "WP_DN1-x"]) == ["Mcp-Method: \(method)", "Mcp-Name: WP_DN1-x"])
        }
        #expect(Self.headers("server/discover", [:]) == ["Mcp-Method: server/discover"])
        #expect(Self.headers("tools/list", nil) == ["Mcp-Method: tools/list"])
        #expect(RoutingHeaders.headers(for: .notification(method: "notifications/cancelled", params: nil)).isEmpty)
    }

    @Test("values outside plain ASCII use the Base64 sentinel", arguments: [
        ("us-west1", "us-west1"), ("Hello, 世界", "=?base64?SGVsbG8sIOS4lueVjA==?="), (" padded ", "=?base64?IHBhZGRlZCA=?="),
        ("line1\nline2", "=?base64?bGluZTEKbGluZTI=?="), ("=?base64?literal?=", "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="),
        ("a\tb", "=?base64?YQli?="),
    ])
    func encoding(value: String, expected: String) {
        #expect(RoutingHeaders.encode(value) == expected)
    }

    @Test func httpConfiguration() {
        var base = StreamableHTTPTransport.Configuration(url: "http://127.0.0.1:1/mcp", headers: [("Authorization", "Bearer x")], sessionID: "old")
        base.terminateSessionOnClose = true
        let config = StatelessClient.httpConfiguration(base)
        #expect(config.protocolVersion == "2026-07-28")
        #expect(config.sessionID == nil)
        #expect(!config.terminateSessionOnClose)
        #expect(config.headers.map(\.name) == ["Authorization"])
        let headers = config.messageHeaders?(.request(id: .int(3), method: "tasks/get", params: ["taskId": "t9"])) ?? []
        #expect(headers.map { "\($0.name)=\($0.value)" } == ["Mcp-Method=tasks/get", "Mcp-Name=t9"])
    }
}

@Suite("StatelessClient against a server of the earlier generation", .timeLimit(.minutes(1)))
struct ExtensionClientLegacyServerTests {
    @Test("server/discover refused with a non-modern error: 'does not speak 2026-07-28'")
    func legacyServer() async throws {
        let server = FakeServer { method, _ in
            method == "server/discover" ? .failure(RPCError(code: -32601, message: "Method not found")) : nil
        }
        let error = await #expect(throws: MCPError.self) {
            _ = try await StatelessClient.connect(transport: server.transport, clientInfo: ClientInfo(name: "c", version: "1"),
                                                  inputHandler: { _ in .decline })
        }
        if case .unsupported(let m)? = error {
            #expect(m.contains("does not speak MCP 2026-07-28"))
            #expect(m.contains("-32601"))
        } else {
            Issue.record("\(String(describing: error))")
        }
    }

    @Test("a modern error on server/discover is passed on as it is")
    func modernError() async throws {
        let server = FakeServer { method, _ in
            method == "server/discover" ? .failure(RPCError(code: -32020, message: "Header mismatch")) : nil
        }
        let error = await #expect(throws: MCPError.self) {
            _ = try await StatelessClient.connect(transport: server.transport, clientInfo: ClientInfo(name: "c", version: "1"),
                                                  inputHandler: { _ in .decline })
        }
        #expect(error == .rpc(RPCError(code: -32020, message: "Header mismatch")))
    }
}
