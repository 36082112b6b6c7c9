import Testing
@testable import MCPTaskCore

@Suite("JSONRPCSession over InMemoryTransport", .timeLimit(.minutes(1)))
struct JSONRPCSessionTests {
    private func started(_ handler: any ServerRequestHandler = DefaultServerRequestHandler()) async throws -> (TestWire, JSONRPCSession) {
        let wire = TestWire()
        let session = JSONRPCSession(transport: wire.transport, handler: handler)
        try await session.start()
        return (wire, session)
    }

    @Test("concurrent requests answered out of order resolve to their own answers")
    func outOfOrder() async throws {
        let (wire, session) = try await started()
        async let a = session.request("m/a", params: ["n": 1])
        async let b = session.request("m/b")
        async let c = session.request("m/c")
        var ids: [String: RequestID] = [:]
        for _ in 0..<3 {
            let r = try await wire.nextRequest()
            ids[r.method] = r.id
        }
        #expect(Set(ids.values).count == 3, "every request has its own id")
        for method in ["m/c", "m/a", "m/b"] {
            wire.respond(try #require(ids[method]), ["answer": .string(method)])
        }
        let (ra, rb, rc) = try await (a, b, c)
        #expect(ra == ["answer": "m/a"])
        #expect(rb == ["answer": "m/b"])
        #expect(rc == ["answer": "m/c"])
        await session.close()
    }

    @Test("request params go out as given")
    func paramsSent() async throws {
        let (wire, session) = try await started()
        let params: JSONValue = ["z": 1, "a": [true, nil], "big": .number(JSONNumber(text: "12345678901234567890"))]
        let task = Task { try await session.request("x", params: params) }
        let r = try await wire.nextRequest()
        #expect(r.params?.serialized() == params.serialized())
        wire.respond(r.id, [:])
        _ = try await task.value
        await session.close()
    }

    @Test("an error answer is thrown as MCPError.rpc with code, message and data intact")
    func errorResponse() async throws {
        let (wire, session) = try await started()
        let task = Task { try await session.request("tasks/get", params: ["taskId": "nope"]) }
        let r = try await wire.nextRequest()
        let error = RPCError(code: -32602, message: "Unknown task: nope", data: ["taskId": "nope", "hint": [1.5]])
        wire.deliver(.errorResponse(id: r.id, error: error))
        await #expect(throws: MCPError.rpc(error)) { try await task.value }
        await session.close()
    }

    @Test("a server request for an unknown method is answered -32601")
    func unknownServerRequest() async throws {
        let (wire, session) = try await started()
        wire.deliver(.request(id: .string("srv-1"), method: "sampling/createMessage", params: ["messages": []]))
        let reply = try #require(await wire.next())
        guard case .errorResponse(let id, let error) = reply else { Issue.record("got \(reply)"); return }
        #expect(id == .string("srv-1"))
        #expect(error.code == -32601)
        await session.close()
    }

    @Test("ping is answered with an empty object, for integer and string ids", arguments: [RequestID.int(99), .string("p")])
    func ping(id: RequestID) async throws {
        let (wire, session) = try await started()
        wire.deliver(.request(id: id, method: "ping", params: nil))
        #expect(await wire.next() == .response(id: id, result: .object([:])))
        await session.close()
    }

    struct EchoHandler: ServerRequestHandler {
        func handle(method: String, params: JSONValue?, session: JSONRPCSession) async throws(RPCError) -> JSONValue {
            if method == "elicitation/create" { return ["action": "accept", "content": params ?? .null] }
            throw RPCError(code: 4242, message: "refused", data: ["why": "test"])
        }
    }

    @Test("a custom handler's answers and errors go back whole")
    func customHandler() async throws {
        let (wire, session) = try await started(EchoHandler())
        wire.deliver(.request(id: .int(1), method: "elicitation/create", params: ["q": "name?"]))
        #expect(await wire.next() == .response(id: .int(1), result: ["action": "accept", "content": ["q": "name?"]]))
        wire.deliver(.request(id: .int(2), method: "other", params: nil))
        #expect(await wire.next() == .errorResponse(id: .int(2), error: RPCError(code: 4242, message: "refused", data: ["why": "test"])))
        await session.close()
    }

    @Test("notifications reach every subscriber, in order")
    func notifications() async throws {
        let (wire, session) = try await started()
        let s1 = await session.notifications()
        let s2 = await session.notifications()
        wire.deliver(.notification(method: "notifications/tasks/status", params: ["taskId": "t", "status": "working"]))
        wire.deliver(.notification(method: "notifications/message", params: nil))
        var it1 = s1.makeAsyncIterator()
        var it2 = s2.makeAsyncIterator()
        let expected1 = ServerNotification(method: "notifications/tasks/status", params: ["taskId": "t", "status": "working"])
        let expected2 = ServerNotification(method: "notifications/message", params: nil)
        #expect(await it1.next() == expected1)
        #expect(await it1.next() == expected2)
        #expect(await it2.next() == expected1)
        #expect(await it2.next() == expected2)
        await session.close()
        #expect(await it1.next() == nil, "the stream ends when the session ends")
    }

    @Test("transport closed with an error: pending requests fail with it, later ones fail at once")
    func closedWithError() async throws {
        let (wire, session) = try await started()
        let pending = Task { try await session.request("slow") }
        _ = try await wire.nextRequest()
        let failure = MCPError.connection("server process exited with status 3")
        wire.deliver(.closed(failure))
        await #expect(throws: failure) { try await pending.value }
        await #expect(throws: failure) { try await session.request("later") }
        await #expect(throws: failure) { try await session.notify("notifications/x") }
        #expect(await session.terminationError == failure)
        let notes = await session.notifications()
        var it = notes.makeAsyncIterator()
        #expect(await it.next() == nil)
    }

    @Test("a clean close by the server fails pending requests with a connection error")
    func closedCleanly() async throws {
        let (wire, session) = try await started()
        let pending = Task { try await session.request("slow") }
        _ = try await wire.nextRequest()
        wire.deliver(.closed(nil))
        let error = await #expect(throws: MCPError.self) { try await pending.value }
        if let error, case .connection = error {} else { Issue.record("expected .connection, got \(String(describing: error))") }
    }

    @Test("requestFailed fails just that request")
    func requestFailed() async throws {
        let (wire, session) = try await started()
        let first = Task { try await session.request("one") }
        let r1 = try await wire.nextRequest()
        let second = Task { try await session.request("two") }
        let r2 = try await wire.nextRequest()
        let failure = MCPError.connection("the HTTP stream for request 1 broke")
        wire.deliver(.requestFailed(r1.id, failure))
        await #expect(throws: failure) { try await first.value }
        wire.respond(r2.id, "fine")
        #expect(try await second.value == "fine")
        // The session is still usable.
        let third = Task { try await session.request("three") }
        let r3 = try await wire.nextRequest()
        wire.respond(r3.id, 3)
        #expect(try await third.value == 3)
        await session.close()
    }

    @Test("cancelling the awaiting task sends notifications/cancelled with the request id")
    func cancellation() async throws {
        let (wire, session) = try await started()
        let task = Task { try await session.request("tools/call", params: ["name": "slow"]) }
        let r = try await wire.nextRequest()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let note = try #require(await wire.next())
        guard case .notification(let method, let params) = note else { Issue.record("got \(note)"); return }
        #expect(method == "notifications/cancelled")
        #expect(params?["requestId"] == r.id.json)
        // A late answer to the abandoned request is ignored, and the session goes on.
        wire.respond(r.id, "too late")
        let next = Task { try await session.request("ping") }
        let r2 = try await wire.nextRequest()
        #expect(r2.id != r.id)
        wire.respond(r2.id, [:])
        #expect(try await next.value == .object([:]))
        await session.close()
    }

    @Test("a request cancelled before it went out is never sent after its cancellation")
    func cancelledBeforeSending() async throws {
        let (wire, session) = try await started()
        for _ in 0..<20 {
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await session.request("tools/call", params: ["name": "expensive"])
            }
            _ = try? await task.value
        }
        // Collect what went out.
        var sent: [JSONRPCMessage] = []
        while let m = await wire.next(timeout: .milliseconds(300)) { sent.append(m) }
        var cancelledIDs: Set<JSONValue> = []
        for m in sent {
            switch m {
            case .notification("notifications/cancelled", let params?):
                if let id = params["requestId"] { cancelledIDs.insert(id) }
            case .request(let id, _, _):
                #expect(!cancelledIDs.contains(id.json), "request \(id) was sent after the client cancelled it; the server will run it for nobody")
            default:
                break
            }
        }
        await session.close()
    }

    @Test("close fails pending requests with sessionClosed and refuses new work")
    func close() async throws {
        let (wire, session) = try await started()
        let pending = Task { try await session.request("slow") }
        _ = try await wire.nextRequest()
        await session.close()
        await #expect(throws: MCPError.sessionClosed) { try await pending.value }
        await #expect(throws: MCPError.sessionClosed) { try await session.request("x") }
        await #expect(throws: MCPError.sessionClosed) { try await session.notify("x") }
    }

    @Test("an error response without an id ends the session with a protocol violation")
    func errorWithoutID() async throws {
        let (wire, session) = try await started()
        let pending = Task { try await session.request("x") }
        _ = try await wire.nextRequest()
        wire.deliver(.errorResponse(id: nil, error: RPCError(code: -32700, message: "Parse error")))
        let error = await #expect(throws: MCPError.self) { try await pending.value }
        if let error, case .protocolViolation = error {} else { Issue.record("got \(String(describing: error))") }
    }

    @Test("an answer to an unknown id is ignored")
    func unknownResponseID() async throws {
        let (wire, session) = try await started()
        wire.respond(.int(12345), "stray")
        wire.respond(.string("nobody"), "stray")
        let task = Task { try await session.request("x") }
        let r = try await wire.nextRequest()
        wire.respond(r.id, "mine")
        #expect(try await task.value == "mine")
        await session.close()
    }

    @Test("notify sends a notification")
    func notify() async throws {
        let (wire, session) = try await started()
        try await session.notify("notifications/initialized", params: nil)
        #expect(await wire.next() == .notification(method: "notifications/initialized", params: nil))
        await session.close()
    }

    @Test("events delivered before start are not lost")
    func earlyEvents() async throws {
        let wire = TestWire()
        let session = JSONRPCSession(transport: wire.transport)
        wire.deliver(.request(id: .int(5), method: "ping", params: nil))
        try await session.start()
        #expect(await wire.next() == .response(id: .int(5), result: .object([:])))
        await session.close()
    }
}
