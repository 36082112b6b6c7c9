import Foundation
import Testing
@testable import MCPTaskCore

@Suite("TaskDriverExtension over a scripted 2026-07-28 server", .timeLimit(.minutes(1)))
struct ExtensionDriverTests {
    static func task(_ status: String, id: String = "t-1", poll: Int = 100, extra: JSONObject = [:]) -> JSONValue {
        var o: JSONObject = ["taskId": .string(id), "status": .string(status), "createdAt": "2026-11-26T00:00:00Z",
                             "lastUpdatedAt": "2026-11-26T00:00:01Z", "ttlMs": 900000, "pollIntervalMs": .int(poll)]
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    static func ask(_ keys: [String]) -> JSONObject {
        var requests = JSONObject()
        for key in keys {
            requests[key] = ["method": "elicitation/create",
                             "params": ["mode": "form", "message": .string("question \(key)"),
                                        "requestedSchema": ["type": "object", "properties": ["v": ["type": "string"]]]]]
        }
        return ["resultType": "complete", "inputRequests": .object(requests)]
    }

    @Test("a task answer to tools/call becomes a task in the 2025-11-25 shape; the driver declares no list")
    func callMakesTask() async throws {
        let (server, client) = try await ModernFake.connect { method, _ in
            method == "tools/call" ? .success(Self.task("working", extra: ["resultType": "task"])) : nil
        }
        let driver = TaskDriverExtension(client: client)
        #expect(driver.generation == .v2026_07_28)
        #expect(!driver.hasBlockingResult)
        #expect(driver.capabilities == TaskCapabilities(toolCalls: true, list: false, cancel: true))
        let start = try await driver.callTool(name: "slow", arguments: ["n": 1], asTask: false, ttl: 5000)
        guard case .task(let task) = start else { Issue.record("\(start)"); return }
        #expect(task.taskId == "t-1")
        #expect(task.pollInterval == 100)
        #expect(task.json["ttl"] == 900000)
        #expect(task.json["resultType"] == nil)
        let sent = try #require(await server.requests("tools/call").first ?? nil)
        #expect(sent["task"] == nil, "no task request on the wire: the server decides")
        #expect(sent["_meta"]?["io.modelcontextprotocol/clientCapabilities"]?["extensions"] == ["io.modelcontextprotocol/tasks": [:]])
        await client.close()
    }

    @Test("a plain answer is the result, without resultType")
    func callPlain() async throws {
        let (_, client) = try await ModernFake.connect { method, _ in
            method == "tools/call" ? .success(["content": [["type": "text", "text": "hi"]], "isError": false, "resultType": "complete"]) : nil
        }
        let start = try await TaskDriverExtension(client: client).callTool(name: "echo", arguments: [:], asTask: true, ttl: nil)
        #expect(start == .result(["content": [["type": "text", "text": "hi"]], "isError": false]))
        await client.close()
    }

    @Test("an unknown resultType is a protocol violation")
    func unknownResultType() async throws {
        let (_, client) = try await ModernFake.connect { method, _ in method == "tools/call" ? .success(["resultType": "stream"]) : nil }
        await #expect(throws: MCPError.self) { _ = try await TaskDriverExtension(client: client).callTool(name: "x", arguments: [:], asTask: false, ttl: nil) }
        await client.close()
    }

    @Test("getTask inlines the result; there is no tasks/result and no tasks/list; cancel is an ack")
    func getListCancel() async throws {
        let (server, client) = try await ModernFake.connect { method, _ in
            switch method {
            case "tasks/get": return .success(Self.task("completed", extra: ["resultType": "complete", "result": ["content": [], "resultType": "complete"]]))
            case "tasks/cancel": return .success(["resultType": "complete"])
            default: return nil
            }
        }
        let driver = TaskDriverExtension(client: client)
        let snapshot = try await driver.getTask("t-1")
        #expect(snapshot.task.status == .completed)
        #expect(snapshot.inlinePayload == .result(["content": []]))
        await #expect(throws: MCPError.self) { _ = try await driver.awaitPayload("t-1") }
        let listError = await #expect(throws: MCPError.self) { _ = try await driver.listTasks(cursor: nil) }
        if case .unsupported(let m)? = listError { #expect(m.contains("no tasks/list")) } else { Issue.record("\(String(describing: listError))") }
        #expect(try await driver.cancelTask("t-1") == nil)
        #expect(await server.requests("tasks/cancel").first ?? nil != nil)
        #expect(await server.requests("tasks/list").isEmpty, "tasks/list is never sent")
        await client.close()
    }

    @Test("a server without the extension: task operations say so before sending")
    func noExtension() async throws {
        let (server, client) = try await ModernFake.connect(tasks: false) { _, _ in nil }
        let driver = TaskDriverExtension(client: client)
        #expect(!driver.capabilities.any)
        let error = await #expect(throws: MCPError.self) { _ = try await driver.getTask("t") }
        if case .unsupported(let m)? = error { #expect(m.contains("io.modelcontextprotocol/tasks")) } else { Issue.record("\(String(describing: error))") }
        #expect(await server.requests("tasks/get").isEmpty)
        await client.close()
    }

    @Test("input keys are answered once however often polls repeat them, each in one tasks/update")
    func inputDeduplication() async throws {
        let asked = Recorder<String>()
        let (server, client) = try await ModernFake.connect(input: { request in
            asked.append(request.message + "@" + (request.relatedTaskId ?? "-"))
            return .accept(["v": .string(request.message)])
        }) { method, _ in method == "tasks/update" ? .success(["resultType": "complete"]) : nil }
        let driver = TaskDriverExtension(client: client)
        let base = try TaskWireExtension.decodeTask(Self.task("input_required")).task
        let polls: [[String]] = [["a"], ["a"], ["a", "b"], ["b"], []]
        for keys in polls {
            var snapshot = TaskSnapshot(task: base)
            snapshot.inputRequests = try InputRequest.parseMap(Self.ask(keys)["inputRequests"])
            try await driver.answerInput(for: snapshot)
        }
        #expect(asked.items == ["question a@t-1", "question b@t-1"])
        let updates = await server.requests("tasks/update")
        #expect(updates.count == 2)
        #expect(updates.first??["taskId"] == "t-1")
        #expect(updates.first??["inputResponses"] == ["a": ["action": "accept", "content": ["v": "question a"]]])
        #expect(updates.last??["inputResponses"]?.objectValue?.keys == ["b"])
        await client.close()
    }

    @Test("a failed tasks/update gives the keys back, so the next poll asks again")
    func failedUpdateRetries() async throws {
        let updates = Counter()
        let asked = Counter()
        let (_, client) = try await ModernFake.connect(input: { _ in _ = asked.next(); return .decline }) { method, _ in
            guard method == "tasks/update" else { return nil }
            return updates.next() == 1 ? .failure(RPCError(code: -32603, message: "busy")) : .success(["resultType": "complete"])
        }
        let driver = TaskDriverExtension(client: client)
        var snapshot = TaskSnapshot(task: try TaskWireExtension.decodeTask(Self.task("input_required")).task)
        snapshot.inputRequests = try InputRequest.parseMap(Self.ask(["k"])["inputRequests"])
        await #expect(throws: MCPError.self) { try await driver.answerInput(for: snapshot) }
        try await driver.answerInput(for: snapshot)
        try await driver.answerInput(for: snapshot)
        #expect(asked.count == 2)
        #expect(updates.count == 2)
        await client.close()
    }

    @Test("TaskWaiter: working → input_required (answered once) → completed inline, polling at pollIntervalMs")
    func waiterEndToEnd() async throws {
        let polls = Counter()
        let updated = Counter()
        let times = Recorder<ContinuousClock.Instant>()
        let asked = Recorder<String>()
        let (server, client) = try await ModernFake.connect(input: { request in
            asked.append(request.message)
            return .accept(["v": "Luca"])
        }) { method, _ in
            switch method {
            case "tasks/get":
                times.append(.now)
                let n = polls.next()
                if updated.count > 0 {
                    return .success(Self.task("completed", poll: 150, extra: ["resultType": "complete",
                                                                                "result": ["content": [["type": "text", "text": "Hello, Luca!"]], "resultType": "complete"]]))
                }
                if n == 1 { return .success(Self.task("working", poll: 150, extra: ["statusMessage": "step 1"])) }
                var input = Self.task("input_required", poll: 150)
                for (k, v) in Self.ask(["name"]) { input = .object((input.objectValue ?? [:]).merging(k, v)) }
                return .success(input)
            case "tasks/update":
                _ = updated.next()
                return .success(["resultType": "complete"])
            default:
                return nil
            }
        }
        let driver = TaskDriverExtension(client: client, listensForNotifications: false)
        let first = try TaskWireExtension.decodeTask(Self.task("working", poll: 150)).task
        let recorder = UpdateRecorder()
        let start = ContinuousClock.now
        let outcome = try await withDeadline { try await TaskWaiter(driver: driver).wait(for: first) { recorder.record($0) } }
        #expect(outcome.task?.status == .completed)
        #expect(outcome.payload == .result(["content": [["type": "text", "text": "Hello, Luca!"]]]))
        #expect(outcome.verdict == .success)
        #expect(asked.items == ["question name"], "asked once, though input_required may be seen on several polls")
        #expect(updated.count == 1)
        #expect(await server.requests("tasks/result").isEmpty)
        let stamps = times.items
        if let firstPoll = stamps.first { #expect(firstPoll - start >= .milliseconds(100), "the first poll waits pollIntervalMs") }
        let gaps = zip(stamps.dropFirst(), stamps).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= .milliseconds(100) }, "polls \(gaps) apart at 150 ms")
        #expect(recorder.all.map(\.status).contains(.inputRequired))
        await client.close()
    }

    @Test("statusUpdates: nothing known, or subscriptions/listen refused: an empty stream")
    func statusUpdatesRefused() async throws {
        let (server, client) = try await ModernFake.connect { method, _ in
            switch method {
            case "subscriptions/listen": return .failure(RPCError(code: -32601, message: "Method not found"))
            case "tasks/get": return .success(Self.task("working"))
            default: return nil
            }
        }
        let driver = TaskDriverExtension(client: client)
        var empty = await driver.statusUpdates().makeAsyncIterator()
        #expect(await empty.next() == nil)
        #expect(await server.requests("subscriptions/listen").isEmpty)
        _ = try await driver.getTask("t-1")
        let stream = await driver.statusUpdates()
        let got = try await withDeadline(.seconds(5)) { () -> Int in
            var n = 0
            for await _ in stream { n += 1 }
            return n
        }
        #expect(got == 0)
        let listen = try #require(await server.requests("subscriptions/listen").first ?? nil)
        #expect(listen["notifications"] == ["taskIds": ["t-1"]])
        #expect(await driver.statusUpdates().first(where: { _ in true }) == nil, "refused once: not asked again")
        #expect(await server.requests("subscriptions/listen").count == 1)
        await client.close()
    }

    @Test("statusUpdates: notifications/tasks arrive as tasks")
    func statusUpdatesDelivered() async throws {
        let (server, client) = try await ModernFake.connect { method, _ in
            method == "tasks/get" ? .success(Self.task("working")) : nil  // subscriptions/listen stays open
        }
        let driver = TaskDriverExtension(client: client)
        _ = try await driver.getTask("t-1")
        let stream = await driver.statusUpdates()
        try await Task.sleep(for: .milliseconds(100))
        server.wire.deliver(.notification(method: "notifications/tasks",
                                          params: Self.task("completed", extra: ["_meta": ["io.modelcontextprotocol/subscriptionId": 3],
                                                                                  "result": ["content": []]])))
        let first = try await withDeadline(.seconds(5)) { await stream.first(where: { _ in true }) }
        #expect(first?.status == .completed)
        #expect(first?.json["result"] == nil)
        await client.close()
    }
}

extension JSONObject {
    /// A copy with `key` set.
    func merging(_ key: String, _ value: JSONValue) -> JSONObject {
        var copy = self
        copy[key] = value
        return copy
    }
}
