import MCPTaskCore
import Testing
@testable import MCPTaskServer

@Suite struct MCPHTTPEndpointTests {
    let gate = Gate<JSONValue>()
    let endpoint: MCPHTTPEndpoint

    init() {
        let server = MCPServer(configuration: .init(name: "test", version: "1", policy: testPolicy), tools: TestTools.all(gate: gate))
        endpoint = MCPHTTPEndpoint(server: server, sharedTasks: false)
    }

    static let both = ("Accept", "application/json, text/event-stream")
    static let jsonOnly = ("Accept", "application/json")

    func body(_ message: JSONValue) -> [UInt8] { message.serializedBytes() }

    func initialize(accept: (String, String) = jsonOnly) async throws -> (HTTPReply, String) {
        let reply = await endpoint.respond(to: HTTPRequest(method: "POST", headers: [accept, ("Content-Type", "application/json")],
                                                           body: body(["jsonrpc": "2.0", "id": 1, "method": "initialize",
                                                                       "params": ["protocolVersion": "2025-11-25", "capabilities": [:]]])))
        return (reply, try #require(reply.header("Mcp-Session-Id")))
    }

    func post(_ message: JSONValue, session: String?, accept: (String, String) = jsonOnly,
              extra: [(String, String)] = []) async -> HTTPReply {
        var headers = [accept] + extra
        if let session { headers.append(("Mcp-Session-Id", session)) }
        return await endpoint.respond(to: HTTPRequest(method: "POST", headers: headers, body: body(message)))
    }

    func json(_ reply: HTTPReply) throws -> JSONValue {
        try JSONParser.parse(try #require(reply.body))
    }

    let ping: JSONValue = ["jsonrpc": "2.0", "id": 2, "method": "ping"]

    @Test func initializeStartsASession() async throws {
        let (reply, session) = try await initialize()
        #expect(reply.statusCode == 200 && reply.header("Content-Type") == "application/json")
        #expect(try json(reply)["result"]?["protocolVersion"] == "2025-11-25")
        #expect(!session.isEmpty && session.utf8.allSatisfy { (0x21...0x7E).contains($0) })
        #expect(try json(await post(ping, session: session))["result"] == .object([:]))
    }

    @Test func sessionRules() async throws {
        let (_, session) = try await initialize()
        #expect(await post(ping, session: nil).statusCode == 400)
        #expect(await post(ping, session: "nope").statusCode == 404)
        #expect(await post(["jsonrpc": "2.0", "method": "notifications/initialized"], session: session).statusCode == 202)
        #expect(await post(["jsonrpc": "2.0", "id": "r", "result": [:]], session: session).statusCode == 202)
        let delete = await endpoint.respond(to: HTTPRequest(method: "DELETE", headers: [("Mcp-Session-Id", session)]))
        #expect(delete.statusCode == 200)
        #expect(await post(ping, session: session).statusCode == 404)
        #expect(await endpoint.respond(to: HTTPRequest(method: "DELETE", headers: [("Mcp-Session-Id", session)])).statusCode == 404)
    }

    @Test(arguments: [
        ([("MCP-Protocol-Version", "2024-01-01")], 400),
        ([("MCP-Protocol-Version", "2025-06-18")], 200),
        ([("Origin", "https://evil.example")], 403),
        ([("Origin", "http://localhost:5173")], 200),
        ([("Origin", "http://127.0.0.1")], 200),
        ([("Content-Type", "text/plain")], 415),
    ] as [([(String, String)], Int)])
    func headerRules(headers: [(String, String)], status: Int) async throws {
        let (_, session) = try await initialize()
        #expect(await post(ping, session: session, extra: headers).statusCode == status)
    }

    @Test func otherPathsAndMethods() async {
        #expect(await endpoint.respond(to: HTTPRequest(method: "POST", path: "/other")).statusCode == 404)
        let put = await endpoint.respond(to: HTTPRequest(method: "PUT"))
        #expect(put.statusCode == 405 && put.header("Allow") == "GET, POST, DELETE")
    }

    @Test func malformedBodies() async throws {
        let (_, session) = try await initialize()
        let bad = await endpoint.respond(to: HTTPRequest(method: "POST", headers: [("Mcp-Session-Id", session)], body: Array("{".utf8)))
        let parseError = try json(bad)["error"]?["code"]
        #expect(bad.statusCode == 400 && parseError == .int(RPCError.parseError))
        let batch = await endpoint.respond(to: HTTPRequest(method: "POST", headers: [("Mcp-Session-Id", session)], body: Array("[]".utf8)))
        #expect(batch.statusCode == 400)
    }

    @Test func requestsAreAnsweredAsAStreamWhenTheClientTakesOne() async throws {
        let (reply, _) = try await initialize(accept: Self.both)
        guard case .stream(let headers, let pump, let priming, _) = reply else {
            Issue.record("expected an SSE answer")
            return
        }
        #expect(headers.first(name: "Content-Type") == "text/event-stream")
        #expect(priming.flatMap(SSEEventID.parse)?.seq == 0)
        let batch = try #require(await pump.next())
        #expect(batch.end == .complete && batch.frames.count == 1)
        #expect(try JSONParser.parse(batch.frames[0].data)["result"]?["protocolVersion"] == "2025-11-25")
    }

    @Test func aBrokenResultStreamIsResumedWithLastEventID() async throws {
        let (_, session) = try await initialize()
        let created = try json(await post(["jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": ["name": "gated", "task": [:]]],
                                          session: session))
        let taskId = try #require(created["result"]?["task"]?["taskId"])
        let reply = await post(["jsonrpc": "2.0", "id": 3, "method": "tasks/result", "params": ["taskId": taskId]],
                               session: session, accept: Self.both)
        guard case .stream(_, let pump, let priming?, let detach) = reply else {
            Issue.record("expected an SSE answer")
            return
        }
        detach(pump)  // the connection broke before the answer
        gate.open(ServerTool.textResult("late"))
        let resumed = await endpoint.respond(to: HTTPRequest(method: "GET", headers: [("Accept", "text/event-stream"),
                                                                                     ("Mcp-Session-Id", session),
                                                                                     ("Last-Event-ID", priming)]))
        guard case .stream(_, let again, nil, _) = resumed else {
            Issue.record("expected the resumed stream")
            return
        }
        var frames: [FramePump.Frame] = []
        while let batch = await again.next() {
            frames += batch.frames
            if batch.end != nil {
                #expect(batch.end == .complete)
                break
            }
        }
        let answer = try JSONParser.parse(try #require(frames.last).data)
        #expect(answer["id"] == 3 && answer["result"]?["content"]?[0]?["text"] == "late")
        let unknown = await endpoint.respond(to: HTTPRequest(method: "GET", headers: [("Accept", "text/event-stream"),
                                                                                     ("Mcp-Session-Id", session),
                                                                                     ("Last-Event-ID", "99-0")]))
        #expect(unknown.statusCode == 400)
    }

    @Test func oneGetStreamPerSession() async throws {
        let (_, session) = try await initialize()
        let headers = [("Accept", "text/event-stream"), ("Mcp-Session-Id", session)]
        let first = await endpoint.respond(to: HTTPRequest(method: "GET", headers: headers))
        guard case .stream(_, let pump, _, let detach) = first else {
            Issue.record("expected the GET stream")
            return
        }
        #expect(await pump.next() == .init(frames: [], end: nil))  // committed: headers go out at once
        #expect(await endpoint.respond(to: HTTPRequest(method: "GET", headers: headers)).statusCode == 409)
        detach(pump)
        #expect(await endpoint.respond(to: HTTPRequest(method: "GET", headers: headers)).statusCode == 200)
        #expect(await endpoint.respond(to: HTTPRequest(method: "GET", headers: [("Accept", "application/json"),
                                                                                ("Mcp-Session-Id", session)])).statusCode == 406)
    }
}
