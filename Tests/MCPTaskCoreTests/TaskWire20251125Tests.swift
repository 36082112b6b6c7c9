import Testing
@testable import MCPTaskCore

@Suite("TaskWire20251125 (2025-11-25 task wire format)")
struct TaskWire20251125Tests {
    static let fullTask = #"{"taskId":"786512e2-9e0d-44bd-8f29-789f320fe840","status":"working","statusMessage":"Step 2 of 5","createdAt":"2025-11-25T10:30:00Z","lastUpdatedAt":"2025-11-25T10:40:00Z","ttl":60000,"pollInterval":5000,"_meta":{"io.modelcontextprotocol/related-task":{"taskId":"x"}},"vendorField":1.50}"#

    @Test func decodeTaskFields() throws {
        let task = try TaskWire20251125.decodeTask(try JSONParser.parse(Self.fullTask))
        #expect(task.taskId == "786512e2-9e0d-44bd-8f29-789f320fe840")
        #expect(task.status == .working)
        #expect(task.statusMessage == "Step 2 of 5")
        #expect(task.createdAt == "2025-11-25T10:30:00Z")
        #expect(task.lastUpdatedAt == "2025-11-25T10:40:00Z")
        #expect(task.ttl == 60000)
        #expect(task.pollInterval == 5000)
    }

    @Test("the raw task keeps every field in the server's order, without _meta")
    func rawJSONWithoutMeta() throws {
        let task = try TaskWire20251125.decodeTask(try JSONParser.parse(Self.fullTask))
        #expect(task.json["_meta"] == nil)
        #expect(task.json.serialized() == #"{"taskId":"786512e2-9e0d-44bd-8f29-789f320fe840","status":"working","statusMessage":"Step 2 of 5","createdAt":"2025-11-25T10:30:00Z","lastUpdatedAt":"2025-11-25T10:40:00Z","ttl":60000,"pollInterval":5000,"vendorField":1.50}"#)
    }

    @Test("status mapping", arguments: [
        ("working", TaskStatus.working, false), ("input_required", .inputRequired, false), ("completed", .completed, true),
        ("failed", .failed, true), ("cancelled", .cancelled, true), ("paused", .other("paused"), false), ("", .other(""), false),
    ] as [(String, TaskStatus, Bool)])
    func statusMapping(wire: String, status: TaskStatus, terminal: Bool) throws {
        let task = try TaskWire20251125.decodeTask(["taskId": "t", "status": .string(wire)])
        #expect(task.status == status)
        #expect(task.status.isTerminal == terminal)
        #expect(task.status.wire == wire)
        #expect(task.json["status"] == .string(wire), "an unknown status is kept as sent")
    }

    @Test("ttl null means unlimited; optional fields may be absent")
    func minimalTask() throws {
        let task = try TaskWire20251125.decodeTask(["taskId": "t", "status": "completed", "ttl": nil])
        #expect(task.ttl == nil)
        #expect(task.pollInterval == nil)
        #expect(task.statusMessage == nil)
        #expect(task.createdAt == nil)
    }

    @Test("invalid tasks are protocol violations", arguments: [
        #"[]"#, #""t""#, #"{"status":"working"}"#, #"{"taskId":"t"}"#, #"{"taskId":5,"status":"working"}"#, #"{"taskId":"t","status":1}"#,
    ])
    func invalidTask(text: String) throws {
        let value = try JSONParser.parse(text)
        let error = #expect(throws: MCPError.self) { try TaskWire20251125.decodeTask(value) }
        if let error, case .protocolViolation = error {} else { Issue.record("expected a protocol violation, got \(String(describing: error))") }
    }

    @Test func createTaskResult() throws {
        let json = try JSONParser.parse(#"{"task":{"taskId":"abc","status":"working","ttl":30000,"pollInterval":250,"createdAt":"2025-11-25T10:30:00Z"},"_meta":{"io.modelcontextprotocol/model-immediate-response":"started"}}"#)
        let task = try TaskWire20251125.decodeCreateTaskResult(json)
        #expect(task.taskId == "abc")
        #expect(task.pollInterval == 250)
        #expect(task.ttl == 30000)
        #expect(task.json.objectValue?.keys == ["taskId", "status", "ttl", "pollInterval", "createdAt"])
        #expect(throws: MCPError.self) { try TaskWire20251125.decodeCreateTaskResult(["content": []]) }
    }

    @Test func listResult() throws {
        let json = try JSONParser.parse(#"{"tasks":[{"taskId":"a","status":"working"},{"taskId":"b","status":"completed"}],"nextCursor":"next-page"}"#)
        let page = try TaskWire20251125.decodeListResult(json)
        #expect(page.tasks.map(\.taskId) == ["a", "b"])
        #expect(page.tasks.map(\.status) == [.working, .completed])
        #expect(page.nextCursor == "next-page")
    }

    @Test("an empty-string nextCursor is a cursor, kept as \"\"")
    func emptyCursorKept() throws {
        let page = try TaskWire20251125.decodeListResult(["tasks": [], "nextCursor": ""])
        #expect(page.nextCursor == "")
        #expect(page.tasks.isEmpty)
        let last = try TaskWire20251125.decodeListResult(["tasks": []])
        #expect(last.nextCursor == nil)
    }

    @Test func listResultErrors() {
        #expect(throws: MCPError.self) { try TaskWire20251125.decodeListResult(["nextCursor": "x"]) }
        #expect(throws: MCPError.self) { try TaskWire20251125.decodeListResult(["tasks": [["taskId": "a"]]]) }
    }

    @Test func capabilitiesFull() throws {
        let caps = try JSONParser.parse(#"{"tools":{},"tasks":{"list":{},"cancel":{},"requests":{"tools":{"call":{}}}}}"#)
        let c = TaskWire20251125.capabilities(from: caps)
        #expect(c == TaskCapabilities(toolCalls: true, list: true, cancel: true))
        #expect(c.any)
    }

    @Test func capabilitiesPartial() throws {
        let onlyCalls = TaskWire20251125.capabilities(from: ["tasks": ["requests": ["tools": ["call": [:]]]]])
        #expect(onlyCalls == TaskCapabilities(toolCalls: true, list: false, cancel: false))
        let onlyList = TaskWire20251125.capabilities(from: ["tasks": ["list": [:]]])
        #expect(onlyList == TaskCapabilities(toolCalls: false, list: true, cancel: false))
        #expect(onlyList.any)
        // Task-augmented sampling/elicitation (client-side) is not task-augmented tools/call.
        let other = TaskWire20251125.capabilities(from: ["tasks": ["requests": ["sampling": ["createMessage": [:]]]]])
        #expect(other.toolCalls == false)
    }

    @Test("no tasks capability, or a malformed one, means none")
    func capabilitiesNone() {
        for caps: JSONValue in [[:], ["tools": [:]], ["tasks": true], ["tasks": nil], "x"] {
            let c = TaskWire20251125.capabilities(from: caps)
            #expect(c == .none)
            #expect(!c.any)
        }
        #expect(TaskWire20251125.capabilities(from: ["tasks": [:]]).any == false)
    }

    @Test func callParams() {
        let plain = TaskWire20251125.callParams(name: "build", arguments: ["q": "Q3"], asTask: false, ttl: 5)
        #expect(plain == ["name": "build", "arguments": ["q": "Q3"]])
        #expect(plain["task"] == nil)
        let task = TaskWire20251125.callParams(name: "build", arguments: [:], asTask: true, ttl: nil)
        #expect(task["task"] == .object([:]))
        #expect(task["arguments"] == .object([:]))
        let ttl = TaskWire20251125.callParams(name: "build", arguments: [:], asTask: true, ttl: 60000)
        #expect(ttl["task"] == ["ttl": 60000])
        #expect(TaskWire20251125.idParams("abc") == ["taskId": "abc"])
    }

    @Test func methodNames() {
        #expect(TaskWire20251125.get == "tasks/get")
        #expect(TaskWire20251125.result == "tasks/result")
        #expect(TaskWire20251125.list == "tasks/list")
        #expect(TaskWire20251125.cancel == "tasks/cancel")
        #expect(TaskWire20251125.statusNotification == "notifications/tasks/status")
    }
}
