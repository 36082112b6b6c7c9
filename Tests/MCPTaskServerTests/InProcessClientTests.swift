import MCPTaskCore
import Testing
@testable import MCPTaskServer

/// mcptask's own client (MCPTaskCore) against the server, joined by an in-memory transport: no processes, no
/// sockets, no sleeps.
@Suite struct InProcessClientTests {
    /// Delivers what the server writes to the client side of an ``InMemoryTransport``.
    final class TransportSink: MessageSink {
        let transport: InMemoryTransport
        init(_ transport: InMemoryTransport) { self.transport = transport }
        var canSendRequests: Bool { true }
        var isConnected: Bool { true }
        func send(_ message: JSONRPCMessage) { transport.deliver(message) }
    }

    /// Answers every elicitation with `action`.
    struct Answering: ServerRequestHandler {
        let action: String
        func handle(method: String, params: JSONValue?, session: JSONRPCSession) async throws(RPCError) -> JSONValue {
            guard method == "elicitation/create" else { throw RPCError(code: RPCError.methodNotFound, message: method) }
            return ["action": .string(action)]
        }
    }

    func connect(_ h: Harness, handler: any ServerRequestHandler = DefaultServerRequestHandler()) async throws -> (MCPClient, Task<Void, Never>) {
        let transport = InMemoryTransport()
        let sink = TransportSink(transport)
        let server = h.server
        let session = server.openSession(id: "memory", unsolicited: sink)
        let pump = Task {
            for await message in transport.sent {
                if case .request(let id, _, _) = message {
                    session.track(id) {
                        if let answer = await server.receive(message, session: session, sink: sink) { sink.send(answer) }
                    }
                } else {
                    _ = await server.receive(message, session: session, sink: sink)
                }
            }
        }
        let client = try await MCPClient.connect(transport: transport, clientInfo: ClientInfo(name: "test", version: "1"),
                                                 capabilities: ["elicitation": ["form": [:]]], handler: handler)
        return (client, pump)
    }

    @Test func theClientSeesTasksAndTheirResults() async throws {
        let h = Harness()
        let (client, pump) = try await connect(h)
        defer { pump.cancel() }
        let driver = TaskDriver20251125(client: client)
        #expect(driver.capabilities == TaskCapabilities(toolCalls: true, list: true, cancel: true))
        let tools = try await client.listTools()
        #expect(tools.first { $0.name == "needs_task" }?.taskSupport == .required)
        guard case .task(let task) = try await driver.callTool(name: "gated", arguments: [:], asTask: true, ttl: 1000) else {
            Issue.record("expected a task")
            return
        }
        #expect(task.ttl == 1000 && task.status == .working)
        #expect(try await driver.listTasks(cursor: nil).tasks.map(\.taskId) == [task.taskId])
        h.gate.open(ServerTool.textResult("from the gate"))
        let payload = try await driver.awaitPayload(task.taskId)
        #expect(payload == .result(["content": [["type": "text", "text": "from the gate"]],
                                    "_meta": [TaskWire20251125.relatedTaskKey: ["taskId": .string(task.taskId)]]]))
        #expect(try await driver.getTask(task.taskId).task.status == .completed)
        await client.close()
    }

    @Test(arguments: ["accept", "decline"])
    func questionsAreAnsweredThroughTasksResult(action: String) async throws {
        let h = Harness()
        let (client, pump) = try await connect(h, handler: Answering(action: action))
        defer { pump.cancel() }
        let driver = TaskDriver20251125(client: client)
        guard case .task(let task) = try await driver.callTool(name: "ask", arguments: [:], asTask: true, ttl: nil) else {
            Issue.record("expected a task")
            return
        }
        guard case .result(let result) = try await driver.awaitPayload(task.taskId) else {
            Issue.record("expected a result")
            return
        }
        #expect(result["content"]?[0]?["text"] == .string(action))
        await client.close()
    }

    @Test func failuresAndCancellationReachTheClient() async throws {
        let h = Harness()
        let (client, pump) = try await connect(h)
        defer { pump.cancel() }
        let driver = TaskDriver20251125(client: client)
        guard case .task(let failing) = try await driver.callTool(name: "fail", arguments: [:], asTask: true, ttl: nil),
              case .task(let forever) = try await driver.callTool(name: "gated", arguments: [:], asTask: true, ttl: nil) else {
            Issue.record("expected tasks")
            return
        }
        #expect(try await driver.awaitPayload(failing.taskId) == .error(RPCError(code: RPCError.internalError, message: "boom")))
        #expect(try await driver.cancelTask(forever.taskId)?.status == .cancelled)
        do {
            _ = try await driver.cancelTask(forever.taskId)
            Issue.record("cancelling twice must fail")
        } catch MCPError.rpc(let error) {
            #expect(error.code == RPCError.invalidParams)
        }
        await client.close()
    }
}
