import Testing
@testable import MCPTaskCore

@Suite("TaskModeDecision (tool-level negotiation)")
struct TaskModeDecisionTests {
    static func tool(_ support: TaskSupport?) -> ToolDescriptor {
        var json: JSONObject = ["name": "t", "inputSchema": ["type": "object"]]
        if let support { json["execution"] = ["taskSupport": .string(support.rawValue)] }
        return ToolDescriptor(json: .object(json))!
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var support: TaskSupport
        var noTask: Bool
        var ttl: Int?
        var detach: Bool
        var server: Bool
        var testDescription: String {
            "\(support) noTask=\(noTask) ttl=\(ttl.map(String.init) ?? "-") detach=\(detach) server=\(server)"
        }
    }

    static let rows: [Row] = TaskSupport.allCases.flatMap { support in
        [false, true].flatMap { noTask in
            [nil, 60000].flatMap { (ttl: Int?) in
                [false, true].flatMap { detach in
                    [false, true].map { server in Row(support: support, noTask: noTask, ttl: ttl, detach: detach, server: server) }
                }
            }
        }
    }

    /// The spec's rules, stated per case:
    /// - required: always a task; --no-task is a contradiction; a server that refuses task calls cannot run it.
    /// - optional: a task when the server accepts task calls, unless --no-task; --ttl/--detach need a task.
    /// - forbidden (or absent): never a task; --ttl/--detach do not apply.
    static func expected(_ r: Row) -> TaskMode? {
        let wantsTaskOnlyFeatures = r.ttl != nil || r.detach
        switch r.support {
        case .required:
            if r.noTask || !r.server { return nil }
            return .task(ttl: r.ttl)
        case .optional:
            if r.noTask { return wantsTaskOnlyFeatures ? nil : .plain }
            if r.server { return .task(ttl: r.ttl) }
            return wantsTaskOnlyFeatures ? nil : .plain
        case .forbidden:
            return wantsTaskOnlyFeatures ? nil : .plain
        }
    }

    @Test("the full table: taskSupport × flags × server capability", arguments: rows)
    func table(row: Row) {
        let result = TaskModeDecision.decide(tool: Self.tool(row.support), serverSupportsTaskCalls: row.server,
                                             request: TaskModeRequest(noTask: row.noTask, ttl: row.ttl, detach: row.detach))
        switch (result, Self.expected(row)) {
        case (.success(let mode), let want?):
            #expect(mode == want)
        case (.failure(let conflict), nil):
            #expect(!conflict.message.isEmpty)
        case (.success(let mode), nil):
            Issue.record("expected a conflict, got \(mode)")
        case (.failure(let conflict), let want?):
            Issue.record("expected \(want), got conflict: \(conflict.message)")
        }
    }

    @Test func rowCount() { #expect(Self.rows.count == 48) }

    @Test("an absent taskSupport means forbidden")
    func absentIsForbidden() {
        #expect(Self.tool(nil).taskSupport == .forbidden)
        let unknown = ToolDescriptor(json: ["name": "x", "execution": ["taskSupport": "sometimes"]])!
        #expect(unknown.taskSupport == .forbidden)
        let r = TaskModeDecision.decide(tool: Self.tool(nil), serverSupportsTaskCalls: true, request: .init(detach: true))
        #expect(throws: TaskModeConflict.self) { try r.get() }
    }

    @Test("conflict messages name the flag or the tool's rule")
    func messages() throws {
        func message(_ s: TaskSupport, server: Bool = true, _ req: TaskModeRequest) -> String {
            if case .failure(let c) = TaskModeDecision.decide(tool: Self.tool(s), serverSupportsTaskCalls: server, request: req) { return c.message }
            return ""
        }
        #expect(message(.required, .init(noTask: true)).contains("--no-task"))
        #expect(message(.required, .init(noTask: true)).contains("required"))
        #expect(message(.required, server: false, .init()).contains("task"))
        #expect(message(.forbidden, .init(detach: true)).contains("--detach"))
        #expect(message(.forbidden, .init(ttl: 5)).contains("--ttl"))
        #expect(message(.optional, .init(noTask: true, detach: true)).contains("--detach"))
        #expect(message(.optional, .init(noTask: true, ttl: 5)).contains("--ttl"))
        #expect(message(.optional, server: false, .init(ttl: 5)).contains("--ttl"))
        #expect(message(.optional, server: false, .init(detach: true)).contains("--detach"))
    }

    @Test func toolDescriptorParsing() throws {
        let json: JSONValue = ["name": "build", "title": "Build", "description": "d", "inputSchema": ["type": "object"],
                               "execution": ["taskSupport": "optional"], "extra": 1]
        let tool = try #require(ToolDescriptor(json: json))
        #expect(tool.name == "build" && tool.title == "Build" && tool.description == "d")
        #expect(tool.taskSupport == .optional)
        #expect(tool.inputSchema == ["type": "object"])
        #expect(tool.raw == json)
        #expect(ToolDescriptor(json: ["title": "no name"]) == nil)
        #expect(ToolDescriptor(json: ["name": 5]) == nil)
    }
}
