import Testing
@testable import MCPTaskCore

/// Shapes as fastmcp-tasks 4.1.4 puts them on the wire (see Tests/fixtures/ext_server.py).
enum ExtensionSamples {
    static let created = #"{"taskId":"WP_DN1","status":"working","createdAt":"2026-11-26T02:58:07.243791+00:00","lastUpdatedAt":"2026-11-26T02:58:07.243791+00:00","ttlMs":900000,"pollIntervalMs":500,"resultType":"task","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"ext-fixture","version":"4.1.4"}}}"#
    static let completed = #"{"taskId":"WP_DN1","status":"completed","createdAt":"2026-11-26T02:58:07Z","lastUpdatedAt":"2026-11-26T02:58:10Z","ttlMs":900000,"pollIntervalMs":500,"resultType":"complete","result":{"_meta":{"fastmcp":{"wrap_result":true}},"content":[{"type":"text","text":"hi"}],"structuredContent":{"result":"hi"},"isError":false,"resultType":"complete"},"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"ext-fixture","version":"4.1.4"}}}"#
    static let failed = #"{"taskId":"Za","status":"failed","createdAt":"2026-11-26T02:58:18Z","lastUpdatedAt":"2026-11-26T02:58:19Z","ttlMs":900000,"statusMessage":"deliberate failure","pollIntervalMs":500,"resultType":"complete","error":{"code":-32603,"message":"deliberate failure"}}"#
    static let inputRequired = #"{"taskId":"Ai8","status":"input_required","createdAt":"2026-11-26T02:58:39Z","lastUpdatedAt":"2026-11-26T02:58:41Z","ttlMs":900000,"pollIntervalMs":500,"resultType":"complete","inputRequests":{"Ai8:1cb7":{"method":"elicitation/create","params":{"mode":"form","message":"What is your name?","requestedSchema":{"type":"object","properties":{"name":{"type":"string","title":"name"}},"required":["name"]}}},"Ai8:0a0a":{"method":"elicitation/create","params":{"mode":"url","message":"Authorise","url":"https://example.com/a"}}}}"#

    static func json(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .null
    }
}

@Suite("TaskWireExtension (io.modelcontextprotocol/tasks wire format)")
struct ExtensionWireTests {
    @Test("a CreateTaskResult decodes to a task; the payload is empty")
    func createdTask() throws {
        let decoded = try TaskWireExtension.decodeTask(ExtensionSamples.json(ExtensionSamples.created))
        #expect(decoded.task.taskId == "WP_DN1")
        #expect(decoded.task.status == .working)
        #expect(decoded.task.ttl == 900000)
        #expect(decoded.task.pollInterval == 500)
        #expect(decoded.task.createdAt == "2026-11-26T02:58:07.243791+00:00")
        #expect(decoded.payload == nil)
        #expect(decoded.inputRequests.isEmpty)
    }

    @Test("the task JSON has the 2025-11-25 Task shape: ttl and pollInterval, no resultType, _meta or payload")
    func legacyShape() throws {
        let created = try TaskWireExtension.decodeTask(ExtensionSamples.json(ExtensionSamples.created)).task
        #expect(created.json.serialized() == #"{"taskId":"WP_DN1","status":"working","createdAt":"2026-11-26T02:58:07.243791+00:00","lastUpdatedAt":"2026-11-26T02:58:07.243791+00:00","ttl":900000,"pollInterval":500}"#)
        let completed = try TaskWireExtension.decodeTask(ExtensionSamples.json(ExtensionSamples.completed)).task
        #expect(completed.json["result"] == nil)
        #expect(completed.json["ttlMs"] == nil)
        #expect(completed.json["ttl"] == 900000)
        let failed = try TaskWireExtension.decodeTask(ExtensionSamples.json(ExtensionSamples.failed)).task
        #expect(failed.json.serialized() == #"{"taskId":"Za","status":"failed","createdAt":"2026-11-26T02:58:18Z","lastUpdatedAt":"2026-11-26T02:58:19Z","ttl":900000,"statusMessage":"deliberate failure","pollInterval":500}"#)
    }

    @Test("the same task from either generation gives the same JSON")
    func sameJSONAcrossGenerations() throws {
        let legacy = try TaskWire20251125.decodeTask(ExtensionSamples.json(#"{"taskId":"t","status":"working","createdAt":"c","lastUpdatedAt":"u","ttl":null,"pollInterval":250}"#))
        let modern = try TaskWireExtension.decodeTask(ExtensionSamples.json(#"{"taskId":"t","status":"working","createdAt":"c","lastUpdatedAt":"u","ttlMs":null,"pollIntervalMs":250,"resultType":"task"}"#)).task
        #expect(modern.json.serialized() == legacy.json.serialized())
        #expect(modern == legacy)
    }

    @Test("unknown task fields stay, as on 2025-11-25")
    func unknownFieldsKept() throws {
        let task = try TaskWireExtension.decodeTask(ExtensionSamples.json(#"{"taskId":"t","status":"working","ttlMs":1,"vendor":{"x":1.50}}"#)).task
        #expect(task.json.serialized() == #"{"taskId":"t","status":"working","ttl":1,"vendor":{"x":1.50}}"#)
    }

    @Test("the poll schedule follows pollIntervalMs from the CreateTaskResult on, and later changes")
    func pollSchedule() throws {
        var schedule = PollSchedule(task: try TaskWireExtension.decodeTask(ExtensionSamples.json(ExtensionSamples.created)).task)
        #expect(schedule.interval == .milliseconds(500))
        schedule.update(from: try TaskWireExtension.decodeTask(ExtensionSamples.json(#"{"taskId":"t","status":"working","ttlMs":null,"pollIntervalMs":1250}"#)).task)
        #expect(schedule.interval == .milliseconds(1250))
        schedule.update(from: try TaskWireExtension.decodeTask(ExtensionSamples.json(#"{"taskId":"t","status":"working","ttlMs":null}"#)).task)
        #expect(schedule.interval == .milliseconds(1250), "no suggestion keeps the last one")
    }

    @Test("a completed task carries its result inline, without the resultType discriminator")
    func inlineResult() throws {
        let decoded = try TaskWireExtension.decodeTask(ExtensionSamples.json(ExtensionSamples.completed))
        guard case .result(let result) = decoded.payload else { Issue.record("\(String(describing: decoded.payload))"); return }
        #expect(result["resultType"] == nil)
        #expect(result["content"]?.arrayValue?.first?["text"] == "hi")
        #expect(result["isError"] == false)
        #expect(result["_meta"]?["fastmcp"] != nil, "the result's own _meta is kept")
    }

    @Test("a failed task carries the JSON-RPC error inline")
    func inlineError() throws {
        let decoded = try TaskWireExtension.decodeTask(ExtensionSamples.json(ExtensionSamples.failed))
        #expect(decoded.payload == .error(RPCError(code: -32603, message: "deliberate failure")))
        #expect(decoded.task.statusMessage == "deliberate failure")
        #expect(TaskOutcome(task: decoded.task, payload: decoded.payload).verdict == .failed("deliberate failure"))
    }

    @Test("inputRequests are parsed in the server's order")
    func inputRequests() throws {
        let decoded = try TaskWireExtension.decodeTask(ExtensionSamples.json(ExtensionSamples.inputRequired))
        #expect(decoded.task.status == .inputRequired)
        #expect(decoded.inputRequests.map(\.key) == ["Ai8:1cb7", "Ai8:0a0a"])
        #expect(decoded.inputRequests.allSatisfy { $0.method == "elicitation/create" })
        #expect(decoded.snapshot.inputRequests == decoded.inputRequests)
        #expect(decoded.snapshot.inlinePayload == nil)
    }

    @Test("malformed tasks are protocol violations", arguments: [
        #"[]"#, #"{"status":"working"}"#, #"{"taskId":"t"}"#,
        #"{"taskId":"t","status":"failed","error":{"message":"no code"}}"#,
        #"{"taskId":"t","status":"completed","result":"text"}"#,
        #"{"taskId":"t","status":"input_required","inputRequests":[]}"#,
        #"{"taskId":"t","status":"input_required","inputRequests":{"k":{"params":{}}}}"#,
    ])
    func malformed(text: String) {
        #expect(throws: MCPError.self) { try TaskWireExtension.decodeTask(ExtensionSamples.json(text)) }
    }

    @Test("resultType", arguments: [
        (#"{}"#, ResultType.complete), (#"{"resultType":"complete"}"#, .complete),
        (#"{"resultType":"input_required"}"#, .inputRequired), (#"{"resultType":"task"}"#, .task),
        (#"{"resultType":"later"}"#, .other("later")),
    ] as [(String, ResultType)])
    func resultType(text: String, expected: ResultType) {
        #expect(ResultType(of: ExtensionSamples.json(text)) == expected)
    }

    @Test("stripResultType removes only 'complete'")
    func strip() {
        #expect(TaskWireExtension.stripResultType(["resultType": "complete", "content": []]) == ["content": []])
        #expect(TaskWireExtension.stripResultType(["content": []]) == ["content": []])
        #expect(TaskWireExtension.stripResultType(["resultType": "task"]) == ["resultType": "task"])
    }

    @Test func requestParameters() {
        #expect(JSONValue.object(TaskWireExtension.updateParams("t", inputResponses: ["k": ["action": "decline"]])).serialized()
                == #"{"taskId":"t","inputResponses":{"k":{"action":"decline"}}}"#)
        #expect(JSONValue.object(TaskWireExtension.callParams(name: "n", arguments: ["a": 1])).serialized() == #"{"name":"n","arguments":{"a":1}}"#)
        #expect(TaskWireExtension.idParams("x") == ["taskId": "x"])
    }

    @Test func extensionOffered() {
        #expect(TaskWireExtension.isOffered(in: ["extensions": ["io.modelcontextprotocol/tasks": [:]]]))
        #expect(!TaskWireExtension.isOffered(in: ["extensions": ["io.modelcontextprotocol/ui": [:]]]))
        #expect(!TaskWireExtension.isOffered(in: ["tools": [:]]))
    }

    @Test("-32021 names the capability the server wanted")
    func missingCapabilityMessage() {
        let error = RPCError(code: -32021, message: "Missing required client capability",
                             data: ["requiredCapabilities": ["extensions": ["io.modelcontextprotocol/tasks": [:]], "sampling": [:]]])
        let text = TaskWireExtension.missingCapabilityMessage(error, server: "srv", doing: "call tool 'x'")
        #expect(text.contains("srv requires extension io.modelcontextprotocol/tasks, sampling to call tool 'x'"))
        #expect(text.contains("Missing required client capability"))
        let bare = TaskWireExtension.missingCapabilityMessage(RPCError(code: -32021, message: "m"), server: "s", doing: "d")
        #expect(bare.contains("requires a client capability"))
    }
}
