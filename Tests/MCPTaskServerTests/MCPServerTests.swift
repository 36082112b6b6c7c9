import MCPTaskCore
import Synchronization
import Testing
@testable import MCPTaskServer

/// Tools whose timing the tests control.
enum TestTools {
    static let empty: JSONValue = ["type": "object", "properties": [:]]

    static func all(gate: Gate<JSONValue>) -> [ServerTool] {
        [
            ServerTool(name: "quick", description: "returns its text", inputSchema: ["type": "object", "properties": ["text": ["type": "string"]]],
                       taskSupport: .optional) { args, _ in ServerTool.textResult(args["text"]?.stringValue ?? "") },
            ServerTool(name: "needs_task", description: "", inputSchema: empty, taskSupport: .required) { _, _ in
                ServerTool.textResult("done")
            },
            ServerTool(name: "never_task", description: "", inputSchema: empty, taskSupport: .forbidden) { _, _ in
                ServerTool.textResult("done")
            },
            ServerTool(name: "fail", description: "", inputSchema: empty, taskSupport: .required) { _, _ in
                throw RPCError(code: RPCError.internalError, message: "boom")
            },
            ServerTool(name: "gated", description: "", inputSchema: empty, taskSupport: .optional) { _, _ in
                guard let value = await gate.wait() else { throw CancellationError() }
                return value
            },
            ServerTool(name: "ask", description: "", inputSchema: empty, taskSupport: .required) { _, context in
                let answer = try await context.elicit(message: "sure?", requestedSchema: ["type": "object", "properties": [:]])
                return ServerTool.textResult(answer.action.rawValue)
            },
        ]
    }
}

/// A server, one session and its sinks.
struct Harness {
    let server: MCPServer
    let gate = Gate<JSONValue>()
    let unsolicited = CollectingSink()

    init(policy: TaskTable.Policy = testPolicy) {
        server = MCPServer(configuration: .init(name: "test", version: "1", policy: policy), tools: TestTools.all(gate: gate))
    }

    func session(_ id: String = "s1", version: String = "2025-11-25", capabilities: JSONValue = [:]) async -> ServerSession {
        let session = server.openSession(id: id, unsolicited: unsolicited)
        _ = await server.receive(.request(id: .int(0), method: "initialize",
                                          params: ["protocolVersion": .string(version), "capabilities": capabilities,
                                                   "clientInfo": ["name": "t", "version": "1"]]),
                                 session: session, sink: CollectingSink())
        return session
    }

    func request(_ method: String, _ params: JSONValue? = nil, session: ServerSession,
                 sink: any MessageSink = CollectingSink()) async -> JSONRPCMessage? {
        await server.receive(.request(id: .int(7), method: method, params: params), session: session, sink: sink)
    }

    func result(_ method: String, _ params: JSONValue? = nil, session: ServerSession,
                sink: any MessageSink = CollectingSink()) async throws -> JSONValue {
        let answer = await request(method, params, session: session, sink: sink)
        guard case .response(.int(7), let result)? = answer else {
            throw TestFailure("expected a result for \(method), got \(String(describing: answer))")
        }
        return result
    }

    func errorCode(_ method: String, _ params: JSONValue? = nil, session: ServerSession) async -> Int? {
        if case .errorResponse(.int(7), let error)? = await request(method, params, session: session) { return error.code }
        return nil
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite struct MCPServerTests {
    @Test(arguments: [("2025-11-25", "2025-11-25", true), ("2025-06-18", "2025-06-18", false),
                      ("2025-03-26", "2025-03-26", false), ("1999-01-01", "2025-11-25", true)])
    func negotiatesTheVersion(requested: String, answered: String, tasks: Bool) async throws {
        let h = Harness()
        let session = h.server.openSession(id: "s")
        let result = try await h.result("initialize", ["protocolVersion": .string(requested), "capabilities": [:]], session: session)
        #expect(result["protocolVersion"] == .string(answered))
        #expect(result["serverInfo"]?["name"] == "test")
        #expect((result["capabilities"]?["tasks"] != nil) == tasks)
        #expect(result["capabilities"]?["tools"] == .object([:]))
        let tools = try await h.result("tools/list", session: session)["tools"]?.arrayValue ?? []
        #expect(tools.allSatisfy { ($0["execution"] != nil) == tasks })
    }

    @Test func tasksCapabilityShape() async throws {
        let h = Harness()
        let result = try await h.result("initialize", ["protocolVersion": "2025-11-25"], session: h.server.openSession(id: "s"))
        #expect(result["capabilities"]?["tasks"] == ["list": [:], "cancel": [:], "requests": ["tools": ["call": [:]]]])
    }

    @Test(arguments: [
        ("needs_task", false, Optional<Int>.none, Optional(RPCError.methodNotFound)),
        ("needs_task", true, nil, nil),
        ("never_task", true, nil, Optional(RPCError.methodNotFound)),
        ("never_task", false, nil, nil),
        ("quick", true, nil, nil),
        ("quick", false, nil, nil),
        ("nope", false, nil, Optional(RPCError.invalidParams)),
        ("nope", true, nil, Optional(RPCError.invalidParams)),
    ] as [(String, Bool, Int?, Int?)])
    func taskModeRules(tool: String, asTask: Bool, ttl: Int?, code: Int?) async {
        let h = Harness()
        let session = await h.session()
        let params = TaskWire20251125.callParams(name: tool, arguments: [:], asTask: asTask, ttl: ttl)
        #expect(await h.errorCode("tools/call", params, session: session) == code)
    }

    @Test(arguments: [
        ["name": "quick", "arguments": ["text": 5]] as JSONValue,
        ["name": "quick", "arguments": "text"],
        ["name": 3],
        ["name": "quick", "task": ["ttl": -1]],
        ["name": "quick", "task": ["ttl": "soon"]],
        ["name": "quick", "task": "yes"],
        "params",
    ])
    func invalidCallsAreInvalidParams(params: JSONValue) async {
        let h = Harness()
        #expect(await h.errorCode("tools/call", params, session: await h.session()) == RPCError.invalidParams)
    }

    @Test func unknownMethodsAndOldSessions() async {
        let h = Harness()
        #expect(await h.errorCode("resources/list", session: await h.session()) == RPCError.methodNotFound)
        let old = await h.session("old", version: "2025-06-18")
        for method in ["tasks/get", "tasks/result", "tasks/list", "tasks/cancel"] {
            #expect(await h.errorCode(method, ["taskId": "x"], session: old) == RPCError.methodNotFound)
        }
        #expect(await h.errorCode("tasks/get", [:], session: await h.session()) == RPCError.invalidParams)
        #expect(await h.errorCode("tasks/get", ["taskId": "missing"], session: await h.session()) == RPCError.invalidParams)
        #expect(await h.errorCode("tasks/list", ["cursor": 4], session: await h.session()) == RPCError.invalidParams)
    }

    @Test func oldSessionsRunRequiredToolsPlainly() async throws {
        let h = Harness()
        let old = await h.session("old", version: "2025-06-18")
        let result = try await h.result("tools/call", ["name": "needs_task", "task": [:]], session: old)
        #expect(result["content"]?[0]?["text"] == "done" && result["task"] == nil)
    }

    @Test func taskAugmentedCallAnswersAtOnceWithTheTask() async throws {
        let h = Harness()
        let session = await h.session()
        let created = try await h.result("tools/call", TaskWire20251125.callParams(name: "gated", arguments: [:], asTask: true, ttl: 999_999),
                                         session: session)
        let task = try TaskWire20251125.decodeCreateTaskResult(created)
        #expect(task.status == .working && task.ttl == 60_000 && task.pollInterval == 250)
        #expect(created["_meta"]?["io.modelcontextprotocol/model-immediate-response"]?.stringValue?.contains(task.taskId) == true)
        let got = try await h.result("tasks/get", ["taskId": .string(task.taskId)], session: session)
        #expect(got["status"] == "working" && got["_meta"] == nil)
        h.gate.open(ServerTool.textResult("opened"))
        let result = try await h.result("tasks/result", ["taskId": .string(task.taskId)], session: session)
        #expect(result["content"]?[0]?["text"] == "opened")
        #expect(result["_meta"]?[TaskWire20251125.relatedTaskKey] == ["taskId": .string(task.taskId)])
    }

    @Test func failedTaskResultIsTheJSONRPCError() async throws {
        let h = Harness()
        let session = await h.session()
        let created = try await h.result("tools/call", ["name": "fail", "task": [:]], session: session)
        let id = try TaskWire20251125.decodeCreateTaskResult(created).taskId
        let answer = await h.request("tasks/result", ["taskId": .string(id)], session: session)
        #expect(answer == .errorResponse(id: .int(7), error: RPCError(code: RPCError.internalError, message: "boom")))
        let task = try await h.result("tasks/get", ["taskId": .string(id)], session: session)
        #expect(task["status"] == "failed" && task["statusMessage"] == "boom")
    }

    @Test func elicitationTravelsThroughTasksResultAndStatusNotificationsPrecedeTheResult() async throws {
        let h = Harness()
        let session = await h.session(capabilities: ["elicitation": ["form": [:]]])
        let server = h.server
        let sink = CollectingSink { message in
            if case .request(let id, "elicitation/create", _) = message {
                Task { _ = await server.receive(.response(id: id, result: ["action": "accept"]), session: session, sink: CollectingSink()) }
            }
        }
        let created = try await h.result("tools/call", ["name": "ask", "task": [:]], session: session)
        let id = try TaskWire20251125.decodeCreateTaskResult(created).taskId
        let result = try await h.result("tasks/result", ["taskId": .string(id)], session: session, sink: sink)
        #expect(result["content"]?[0]?["text"] == "accept")
        let messages = sink.messages
        guard let askedAt = messages.firstIndex(where: { if case .request = $0 { return true } else { return false } }),
              case .request(_, _, let params) = messages[askedAt] else {
            Issue.record("no elicitation on the tasks/result sink: \(messages)")
            return
        }
        #expect(params?["message"] == "sure?" && params?["mode"] == "form")
        #expect(params?["_meta"]?[TaskWire20251125.relatedTaskKey] == ["taskId": .string(id)])
        let after = messages[(askedAt + 1)...].compactMap { message -> String? in
            guard case .notification(TaskWire20251125.statusNotification, let task) = message else { return nil }
            #expect(task?["taskId"] == .string(id) && task?["createdAt"] != nil)
            return task?["status"]?.stringValue
        }
        #expect(after == ["working", "completed"])
        #expect(messages.filter { if case .request = $0 { return true } else { return false } }.count == 1)
    }

    @Test func withoutTheElicitationCapabilityTheTaskFailsClearly() async throws {
        let h = Harness()
        let session = await h.session()
        let created = try await h.result("tools/call", ["name": "ask", "task": [:]], session: session)
        let id = try TaskWire20251125.decodeCreateTaskResult(created).taskId
        guard case .errorResponse(_, let error)? = await h.request("tasks/result", ["taskId": .string(id)], session: session) else {
            Issue.record("expected the task's error")
            return
        }
        #expect(error.message.contains("cannot answer questions"))
    }

    @Test func plainCallsAskOnTheirOwnStream() async throws {
        let h = Harness()
        let old = await h.session("old", version: "2025-06-18", capabilities: ["elicitation": [:]])
        let server = h.server
        let sink = CollectingSink { message in
            if case .request(let id, _, _) = message {
                Task { _ = await server.receive(.response(id: id, result: ["action": "decline"]), session: old, sink: CollectingSink()) }
            }
        }
        let result = try await h.result("tools/call", ["name": "ask"], session: old, sink: sink)
        #expect(result["content"]?[0]?["text"] == "decline")
        guard case .request(_, "elicitation/create", let params)? = sink.messages.first else {
            Issue.record("expected the question on the call's stream")
            return
        }
        #expect(params?["_meta"] == nil)
    }

    @Test func aJSONOnlyAnswerCannotCarryQuestions() async {
        let h = Harness()
        let old = await h.session("old", version: "2025-06-18", capabilities: ["elicitation": [:]])
        let answer = await h.request("tools/call", ["name": "ask"], session: old, sink: CollectingSink(canSendRequests: false, connected: false))
        guard case .errorResponse(_, let error)? = answer else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == RPCError.internalError)
    }

    @Test func cancelledRequestsGetNoAnswer() async {
        let h = Harness()
        let session = await h.session()
        let answers = Recorder<JSONRPCMessage?>()
        let server = h.server
        let running = session.track(.int(5)) {
            answers.record(await server.receive(.request(id: .int(5), method: "tools/call", params: ["name": "gated"]),
                                                session: session, sink: CollectingSink()))
        }
        _ = await h.server.receive(.notification(method: "notifications/cancelled", params: ["requestId": 5]),
                                   session: session, sink: CollectingSink())
        await running.value
        #expect(answers.all.count == 1 && answers.all[0] == nil)
    }

    @Test func sessionsSeeOnlyTheirOwnTasks() async throws {
        let h = Harness()
        let first = await h.session("a"), second = await h.session("b")
        let created = try await h.result("tools/call", ["name": "gated", "task": [:]], session: first)
        let id = try TaskWire20251125.decodeCreateTaskResult(created).taskId
        for method in ["tasks/get", "tasks/result", "tasks/cancel"] {
            #expect(await h.errorCode(method, ["taskId": .string(id)], session: second) == RPCError.invalidParams)
        }
        #expect(try await h.result("tasks/list", session: second)["tasks"] == [])
        #expect(try await h.result("tasks/cancel", ["taskId": .string(id)], session: first)["status"] == "cancelled")
        #expect(await h.errorCode("tasks/cancel", ["taskId": .string(id)], session: first) == RPCError.invalidParams)
    }

    @Test func statusNotificationsGoToTheOwnersStreamWhenNoResultIsOpen() async throws {
        let h = Harness()
        let session = await h.session()
        let created = try await h.result("tools/call", ["name": "gated", "task": [:]], session: session)
        let id = try TaskWire20251125.decodeCreateTaskResult(created).taskId
        _ = try await h.result("tasks/cancel", ["taskId": .string(id)], session: session)
        #expect(h.unsolicited.messages.map { $0.json["params"]?["status"] } == ["cancelled"])
    }

    @Test(arguments: [
        ("not json", RPCError.parseError, Optional<RequestID>.none),
        ("[]", RPCError.invalidRequest, nil),
        ("{\"jsonrpc\":\"2.0\",\"id\":4}", RPCError.invalidRequest, .int(4)),
        ("{\"id\":\"x\",\"method\":\"ping\"}", RPCError.invalidRequest, .string("x")),
        ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", RPCError.invalidRequest, .int(1)),
        ("\"text\"", RPCError.invalidRequest, nil),
    ] as [(String, Int, RequestID?)])
    func decodesBadInputToErrors(text: String, code: Int, id: RequestID?) {
        guard case .invalid(.errorResponse(let answerID, let error)) = MCPServer.decode(Array(text.utf8)) else {
            Issue.record("expected an error answer")
            return
        }
        #expect(error.code == code && answerID == id)
    }

    @Test func pingAndParamsShape() async {
        let h = Harness()
        let session = await h.session()
        #expect(await h.request("ping", session: session) == .response(id: .int(7), result: [:]))
        #expect(await h.errorCode("ping", [1, 2], session: session) == RPCError.invalidParams)
        #expect(await h.errorCode("tools/list", ["cursor": "x"], session: session) == RPCError.invalidParams)
    }
}
