import Testing
@testable import MCPTaskCore

@Suite("MCPClient handshake and paging", .timeLimit(.minutes(1)))
struct MCPClientTests {
    static let info = ClientInfo(name: "mcptask-tests", version: "1.2.3")

    static func server(version: String = "2025-11-25", capabilities: JSONValue = FakeServer.fullCapabilities,
                       more: @escaping @Sendable (String, JSONValue?) -> Result<JSONValue, RPCError>? = { _, _ in nil }) -> FakeServer {
        FakeServer { method, params in
            if method == "initialize" { return .success(FakeServer.initializeResult(version: version, capabilities: capabilities)) }
            return more(method, params)
        }
    }

    @Test("initialize offers 2025-11-25 with clientInfo and capabilities; notifications/initialized follows")
    func handshake() async throws {
        let server = Self.server()
        let client = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info,
                                                 capabilities: ["elicitation": [:]])
        var messages = await server.messages()
        for _ in 0..<100 where messages.count < 2 {
            try await Task.sleep(for: .milliseconds(10))
            messages = await server.messages()
        }
        try #require(messages.count >= 2)
        guard case .request(_, "initialize", let params) = messages[0] else { Issue.record("first: \(messages[0])"); return }
        #expect(params?["protocolVersion"] == "2025-11-25")
        #expect(params?["clientInfo"] == ["name": "mcptask-tests", "version": "1.2.3"])
        #expect(params?["capabilities"] == ["elicitation": [:]])
        #expect(messages[1] == .notification(method: "notifications/initialized", params: nil))
        #expect(client.server.protocolVersion == "2025-11-25")
        #expect(client.server.name == "fake-server")
        #expect(client.server.version == "9.9")
        #expect(client.server.instructions == "be nice")
        #expect(client.server.capabilities == FakeServer.fullCapabilities)
        #expect(TaskDriver20251125(client: client).capabilities == TaskCapabilities(toolCalls: true, list: true, cancel: true))
        await client.close()
    }

    @Test("an older version the server picks is accepted, and tasks are then unavailable in words")
    func olderVersion() async throws {
        let server = Self.server(version: "2025-06-18")
        let client = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info)
        #expect(client.server.protocolVersion == "2025-06-18")
        let driver = TaskDriver20251125(client: client)
        #expect(driver.capabilities == .none, "tasks capability of a 2025-06-18 session means nothing")
        for operation in [
            { _ = try await driver.getTask("t1") },
            { _ = try await driver.listTasks(cursor: nil) },
            { _ = try await driver.cancelTask("t1") },
            { _ = try await driver.awaitPayload("t1") },
            { _ = try await driver.callTool(name: "x", arguments: [:], asTask: true, ttl: nil) },
        ] as [@Sendable () async throws -> Void] {
            let error = await #expect(throws: MCPError.self) { try await operation() }
            guard let error, case .unsupported(let message) = error else { Issue.record("got \(String(describing: error))"); continue }
            #expect(message.contains("2025-06-18"))
            #expect(message.contains("task"))
        }
        // No task request reached the server.
        #expect(await server.requests("tasks/get").isEmpty)
        await client.close()
    }

    @Test("a 2025-11-25 server without a tasks capability says so")
    func noTasksCapability() async throws {
        let server = Self.server(capabilities: ["tools": [:]])
        let client = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info)
        let driver = TaskDriver20251125(client: client)
        let error = await #expect(throws: MCPError.self) { try await driver.getTask("t") }
        guard let error, case .unsupported(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.contains("fake-server"))
        #expect(message.contains("task"))
        await client.close()
    }

    @Test("an unsupported protocol version is refused and the transport closed")
    func unsupportedVersion() async throws {
        let server = Self.server(version: "1999-01-01")
        let error = await #expect(throws: MCPError.self) {
            _ = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info)
        }
        guard let error, case .unsupported(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.contains("1999-01-01"))
        await #expect(throws: MCPError.self) { try await server.transport.send(.notification(method: "x", params: nil)) }
        #expect(await server.messages().contains { if case .notification("notifications/initialized", _) = $0 { true } else { false } } == false)
    }

    @Test("an initialize result without protocolVersion is a protocol violation")
    func missingVersion() async throws {
        let server = FakeServer { method, _ in method == "initialize" ? .success(["capabilities": [:]]) : nil }
        let error = await #expect(throws: MCPError.self) {
            _ = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info)
        }
        if let error, case .protocolViolation = error {} else { Issue.record("\(String(describing: error))") }
    }

    @Test("an initialize error is thrown as the RPC error")
    func initializeError() async throws {
        let rpc = RPCError(code: -32602, message: "Unsupported protocol version", data: ["supported": ["2024-11-05"]])
        let server = FakeServer { _, _ in .failure(rpc) }
        await #expect(throws: MCPError.rpc(rpc)) {
            _ = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info)
        }
    }

    static func tool(_ name: String, _ support: String? = nil) -> JSONValue {
        var o: JSONObject = ["name": .string(name), "inputSchema": ["type": "object"]]
        if let support { o["execution"] = ["taskSupport": .string(support)] }
        return .object(o)
    }

    @Test("listTools follows cursors to the last page")
    func listToolsPaging() async throws {
        let server = Self.server { method, params in
            guard method == "tools/list" else { return nil }
            switch params?["cursor"]?.stringValue {
            case nil: return .success(["tools": [Self.tool("a", "required"), Self.tool("b")], "nextCursor": "p2"])
            case "p2": return .success(["tools": [Self.tool("c", "optional")], "nextCursor": "p3"])
            case "p3": return .success(["tools": []])
            default: return .failure(RPCError(code: -32602, message: "bad cursor"))
            }
        }
        let client = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info)
        let tools = try await client.listTools()
        #expect(tools.map(\.name) == ["a", "b", "c"])
        #expect(tools.map(\.taskSupport) == [.required, .forbidden, .optional])
        let cursors = await server.requests("tools/list").map { $0?["cursor"]?.stringValue }
        #expect(cursors == [nil, "p2", "p3"])
        await client.close()
    }

    @Test("listTools stops when a cursor repeats")
    func listToolsRepeatedCursor() async throws {
        let server = Self.server { method, _ in
            method == "tools/list" ? .success(["tools": [Self.tool("a")], "nextCursor": "same"]) : nil
        }
        let client = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info)
        let error = await #expect(throws: MCPError.self) { try await client.listTools() }
        if let error, case .protocolViolation(let m) = error { #expect(m.contains("same")) } else { Issue.record("\(String(describing: error))") }
        #expect(await server.requests("tools/list").count == 2)
        await client.close()
    }

    @Test("listTools refuses a result without tools or a tool without a name")
    func listToolsMalformed() async throws {
        for page: JSONValue in [["nextCursor": "x"], ["tools": [["description": "nameless"]]]] {
            let server = Self.server { method, _ in method == "tools/list" ? .success(page) : nil }
            let client = try await MCPClient.connect(transport: server.transport, clientInfo: Self.info)
            let error = await #expect(throws: MCPError.self) { try await client.listTools() }
            if let error, case .protocolViolation = error {} else { Issue.record("\(String(describing: error))") }
            await client.close()
        }
    }

    @Test func cursorGuard() throws {
        var g = CursorGuard()
        try g.check(nil, method: "m")
        try g.check("a", method: "m")
        try g.check("b", method: "m")
        try g.check(nil, method: "m")
        #expect(throws: MCPError.self) { try g.check("a", method: "m") }
        var g2 = CursorGuard()
        try g2.check("", method: "m")
        #expect(throws: MCPError.self) { try g2.check("", method: "m") }
    }

    @Test func withClientClosesAfterwards() async throws {
        let server = Self.server()
        let name = try await MCPClient.withClient(transport: server.transport, clientInfo: Self.info) { $0.server.name }
        #expect(name == "fake-server")
        await #expect(throws: MCPError.self) { try await server.transport.send(.notification(method: "x", params: nil)) }
    }
}
