import Testing
@testable import MCPTaskCore

@Suite("TaskDriver20251125 over a scripted server", .timeLimit(.minutes(1)))
struct TaskDriver20251125Tests {
    static let taskJSON: JSONValue = ["taskId": "t-1", "status": "working", "ttl": 60000, "pollInterval": 250, "createdAt": "2025-11-25T10:00:00Z"]

    static func connect(capabilities: JSONValue = FakeServer.fullCapabilities,
                        _ reply: @escaping @Sendable (String, JSONValue?) -> Result<JSONValue, RPCError>?) async throws -> (FakeServer, MCPClient, TaskDriver20251125) {
        let server = FakeServer { method, params in
            if method == "initialize" { return .success(FakeServer.initializeResult(capabilities: capabilities)) }
            return reply(method, params)
        }
        let client = try await MCPClient.connect(transport: server.transport, clientInfo: ClientInfo(name: "t", version: "0"))
        return (server, client, TaskDriver20251125(client: client))
    }

    @Test func callToolAsTaskSendsTaskMetadataAndDecodesTheTask() async throws {
        let (server, client, driver) = try await Self.connect { method, _ in
            method == "tools/call" ? .success(["task": Self.taskJSON, "_meta": ["x": 1]]) : nil
        }
        let start = try await driver.callTool(name: "build", arguments: ["q": "Q3"], asTask: true, ttl: 60000)
        guard case .task(let task) = start else { Issue.record("\(start)"); return }
        #expect(task.taskId == "t-1")
        #expect(task.pollInterval == 250)
        let sent = try #require(await server.requests("tools/call").first ?? nil)
        #expect(sent["name"] == "build")
        #expect(sent["arguments"] == ["q": "Q3"])
        #expect(sent["task"] == ["ttl": 60000])
        await client.close()
    }

    @Test func plainCallReturnsTheResult() async throws {
        let (server, client, driver) = try await Self.connect { method, _ in
            method == "tools/call" ? .success(["content": [["type": "text", "text": "hi"]]]) : nil
        }
        let start = try await driver.callTool(name: "echo", arguments: [:], asTask: false, ttl: nil)
        #expect(start == .result(["content": [["type": "text", "text": "hi"]]]))
        let sent = try #require(await server.requests("tools/call").first ?? nil)
        #expect(sent["task"] == nil, "a plain call carries no task metadata")
        await client.close()
    }

    @Test("a task answer to a plain call is a protocol violation")
    func plainCallAnsweredWithTask() async throws {
        let (_, client, driver) = try await Self.connect { method, _ in
            method == "tools/call" ? .success(["task": Self.taskJSON]) : nil
        }
        let error = await #expect(throws: MCPError.self) { try await driver.callTool(name: "x", arguments: [:], asTask: false, ttl: nil) }
        if let error, case .protocolViolation = error {} else { Issue.record("\(String(describing: error))") }
        await client.close()
    }

    @Test("a server without task-augmented tools/call: asking for a task is refused before sending")
    func noToolCallCapability() async throws {
        let (server, client, driver) = try await Self.connect(capabilities: ["tasks": ["list": [:]]]) { _, _ in nil }
        let error = await #expect(throws: MCPError.self) { try await driver.callTool(name: "x", arguments: [:], asTask: true, ttl: nil) }
        if let error, case .unsupported = error {} else { Issue.record("\(String(describing: error))") }
        #expect(await server.requests("tools/call").isEmpty)
        await client.close()
    }

    @Test func getTaskAndAwaitPayload() async throws {
        let (server, client, driver) = try await Self.connect { method, params in
            switch method {
            case "tasks/get": return .success(["taskId": params?["taskId"] ?? .null, "status": "completed", "_meta": [:]])
            case "tasks/result": return .success(["content": [["type": "text", "text": "done"]], "_meta": ["io.modelcontextprotocol/related-task": ["taskId": "t-1"]]])
            default: return nil
            }
        }
        let snap = try await driver.getTask("t-1")
        #expect(snap.task.taskId == "t-1")
        #expect(snap.task.status == .completed)
        #expect(snap.inlinePayload == nil, "2025-11-25 never inlines the payload in tasks/get")
        let payload = try await driver.awaitPayload("t-1")
        guard case .result(let r) = payload else { Issue.record("\(payload)"); return }
        #expect(r["content"]?.arrayValue?.first?["text"] == "done")
        #expect(await server.requests("tasks/result").first ?? nil == ["taskId": "t-1"])
        await client.close()
    }

    @Test("tasks/result answered with a JSON-RPC error gives an error payload")
    func awaitPayloadError() async throws {
        let rpc = RPCError(code: -32603, message: "tool exploded", data: ["trace": "x"])
        let (_, client, driver) = try await Self.connect { method, _ in method == "tasks/result" ? .failure(rpc) : nil }
        #expect(try await driver.awaitPayload("t-1") == .error(rpc))
        await client.close()
    }

    @Test func listTasksWithCursor() async throws {
        let (server, client, driver) = try await Self.connect { method, params in
            guard method == "tasks/list" else { return nil }
            if params?["cursor"] == nil { return .success(["tasks": [Self.taskJSON], "nextCursor": ""]) }
            return .success(["tasks": []])
        }
        let first = try await driver.listTasks(cursor: nil)
        #expect(first.tasks.map(\.taskId) == ["t-1"])
        #expect(first.nextCursor == "")
        let second = try await driver.listTasks(cursor: "")
        #expect(second.nextCursor == nil)
        let params = await server.requests("tasks/list")
        #expect(params.count == 2)
        #expect(params.first ?? nil == nil)
        #expect(params.last ?? nil == ["cursor": ""])
        await client.close()
    }

    @Test func cancelTask() async throws {
        let (server, client, driver) = try await Self.connect { method, _ in
            method == "tasks/cancel" ? .success(["taskId": "t-1", "status": "cancelled", "statusMessage": "by request"]) : nil
        }
        let task = try await driver.cancelTask("t-1")
        #expect(task?.status == .cancelled)
        #expect(task?.statusMessage == "by request")
        #expect(await server.requests("tasks/cancel").count == 1)
        await client.close()
    }

    @Test("tasks/list and tasks/cancel need their capabilities")
    func listAndCancelCapabilities() async throws {
        let (server, client, driver) = try await Self.connect(capabilities: ["tasks": ["requests": ["tools": ["call": [:]]]]]) { _, _ in nil }
        await #expect(throws: MCPError.self) { try await driver.listTasks(cursor: nil) }
        await #expect(throws: MCPError.self) { try await driver.cancelTask("t") }
        #expect(await server.requests("tasks/list").isEmpty)
        #expect(await server.requests("tasks/cancel").isEmpty)
        await client.close()
    }

    @Test("status notifications become task updates; other notifications are ignored")
    func statusUpdates() async throws {
        let (server, client, driver) = try await Self.connect { _, _ in nil }
        let updates = await driver.statusUpdates()
        server.wire.deliver(.notification(method: "notifications/message", params: ["level": "info"]))
        server.wire.deliver(.notification(method: "notifications/tasks/status", params: ["taskId": "bad"]))
        server.wire.deliver(.notification(method: "notifications/tasks/status", params: ["taskId": "t-1", "status": "input_required", "statusMessage": "need input"]))
        var it = updates.makeAsyncIterator()
        let update = await it.next()
        #expect(update?.taskId == "t-1")
        #expect(update?.status == .inputRequired)
        #expect(update?.statusMessage == "need input")
        await client.close()
    }
}
