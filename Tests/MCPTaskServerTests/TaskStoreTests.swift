import MCPTaskCore
import Synchronization
import Testing
@testable import MCPTaskServer

@Suite struct TaskStoreTests {
    let clock = ManualClock()
    let changes = Recorder<TaskRecord>()

    func makeStore(shared: Bool = false) -> TaskStore {
        let counter = Mutex(0)
        let changes = self.changes
        return TaskStore(policy: .init(maxTTL: 60_000, pollInterval: 250, pageSize: 2, sharedTasks: shared),
                         clock: clock.clock,
                         makeID: { "task-\(counter.withLock { n in n += 1; return n })" },
                         onChange: { changes.record($0) })
    }

    /// Work that returns what the gate gives it, or reports that it was stopped.
    func gatedWork(_ gate: Gate<TaskPayload>, stopped: Gate<Bool>? = nil) -> @Sendable (TaskHandle) async -> TaskPayload {
        { _ in
            if let payload = await gate.wait() { return payload }
            stopped?.open(true)
            return .error(TaskTable.cancelledError)
        }
    }

    @Test func workResultEndsTheTaskAndReleasesTasksResult() async throws {
        let store = makeStore()
        let gate = Gate<TaskPayload>()
        let record = await store.create(owner: "s", requestedTTL: nil, work: gatedWork(gate))
        #expect(record.status == .working && record.ttl == 60_000 && record.pollInterval == 250)
        let consumer = await store.makeConsumer(owner: "s") { true }
        async let delivery = store.nextDelivery(taskId: record.taskId, consumer: consumer)
        gate.open(.result(["content": []]))
        guard case .finished(let final, let payload) = try await delivery else {
            Issue.record("expected the end of the task")
            return
        }
        #expect(final.status == .completed && payload == .result(["content": []]))
        #expect(try await store.get(record.taskId, owner: "s").status == .completed)
        #expect(changes.all.map(\.status) == [.completed])
    }

    @Test func failedWorkKeepsItsError() async throws {
        let store = makeStore()
        let error = RPCError(code: RPCError.internalError, message: "boom")
        let record = await store.create(owner: "s", requestedTTL: nil) { _ in .error(error) }
        let consumer = await store.makeConsumer(owner: "s") { true }
        let delivery = try await store.nextDelivery(taskId: record.taskId, consumer: consumer)
        #expect(delivery == .finished(try await store.get(record.taskId, owner: "s"), .error(error)))
        #expect(changes.all.last?.statusMessage == "boom")
    }

    @Test func cancelStopsTheWorkAndIsFinal() async throws {
        let store = makeStore()
        let gate = Gate<TaskPayload>(), stopped = Gate<Bool>()
        let record = await store.create(owner: "s", requestedTTL: nil, work: gatedWork(gate, stopped: stopped))
        let cancelled = try await store.cancel(record.taskId, owner: "s")
        #expect(cancelled.status == .cancelled)
        #expect(await stopped.wait() == true)
        #expect(await rpcCode { _ = try await store.cancel(record.taskId, owner: "s") } == RPCError.invalidParams)
        #expect(try await store.get(record.taskId, owner: "s").status == .cancelled)
        #expect(changes.all.map(\.status) == [.cancelled])
    }

    @Test func tasksAreBoundToTheirOwner() async throws {
        let store = makeStore()
        let record = await store.create(owner: "s1", requestedTTL: nil) { _ in .result([:]) }
        #expect(await rpcCode { _ = try await store.get(record.taskId, owner: "s2") } == RPCError.invalidParams)
        #expect(await rpcCode { _ = try await store.cancel(record.taskId, owner: "s2") } == RPCError.invalidParams)
        #expect(try await store.list(cursor: nil, owner: "s2").tasks.isEmpty)
        #expect(try await store.list(cursor: nil, owner: "s1").tasks.map(\.taskId) == [record.taskId])

        let shared = makeStore(shared: true)
        let visible = await shared.create(owner: "s1", requestedTTL: nil) { _ in .result([:]) }
        #expect(try await shared.get(visible.taskId, owner: "s2").taskId == visible.taskId)
    }

    @Test func ttlExpiryRemovesTheTaskStopsItsWorkAndFailsWaiters() async throws {
        let store = makeStore()
        let gate = Gate<TaskPayload>(), stopped = Gate<Bool>()
        let record = await store.create(owner: "s", requestedTTL: 100, work: gatedWork(gate, stopped: stopped))
        #expect(record.ttl == 100)
        let consumer = await store.makeConsumer(owner: "s") { true }
        async let waiting: Int? = rpcCode { _ = try await store.nextDelivery(taskId: record.taskId, consumer: consumer) }
        clock.advance(99)
        #expect(await store.sweep().isEmpty)
        clock.advance(1)
        #expect(await store.sweep().map(\.taskId) == [record.taskId])
        #expect(await waiting == RPCError.invalidParams)
        #expect(await stopped.wait() == true)
        #expect(await rpcCode { _ = try await store.get(record.taskId, owner: "s") } == RPCError.invalidParams)
    }

    @Test func expiredTasksAreGoneEvenBeforeTheSweep() async throws {
        let store = makeStore()
        let record = await store.create(owner: "s", requestedTTL: 10) { _ in .result([:]) }
        clock.advance(10)
        #expect(await rpcCode { _ = try await store.get(record.taskId, owner: "s") } == RPCError.invalidParams)
        #expect(try await store.list(cursor: nil, owner: "s").tasks.isEmpty)
    }

    /// A task that asks one question and returns the answer.
    func askingTask(_ store: TaskStore) async -> TaskRecord {
        await store.create(owner: "s", requestedTTL: nil) { handle in
            do {
                let answer = try await handle.request("elicitation/create", params: ["message": "ok?"], statusMessage: "asking")
                return .result(answer)
            } catch let error as RPCError {
                return .error(error)
            } catch {
                return .error(TaskTable.cancelledError)
            }
        }
    }

    @Test func aQueuedRequestGoesToOneConsumerAndItsAnswerBackToTheWork() async throws {
        let store = makeStore()
        let record = await askingTask(store)
        let first = await store.makeConsumer(owner: "s") { true }
        let second = await store.makeConsumer(owner: "s") { true }
        guard case .request(let message) = try await store.nextDelivery(taskId: record.taskId, consumer: first),
              case .request(let id, "elicitation/create", let params) = message else {
            Issue.record("expected the queued elicitation")
            return
        }
        #expect(params?["_meta"]?[TaskWire20251125.relatedTaskKey] == ["taskId": .string(record.taskId)])
        let asking = try await store.get(record.taskId, owner: "s")
        #expect(asking.status == .inputRequired && asking.statusMessage == "asking")

        async let other = store.nextDelivery(taskId: record.taskId, consumer: second)
        #expect(await store.answer(id, with: .success(["action": "decline"]), from: "intruder") == false)
        #expect(await store.answer(id, with: .success(["action": "decline"]), from: "s"))
        #expect(await store.answer(id, with: .success(["action": "decline"]), from: "s") == false)  // answered once
        guard case .finished(_, let payload) = try await other else {
            Issue.record("the second consumer must not get the question again")
            return
        }
        #expect(payload == .result(["action": "decline"]))
        #expect(changes.all.map(\.status) == [.inputRequired, .working, .completed])
    }

    @Test func theRequestorsErrorReachesTheWork() async throws {
        let store = makeStore()
        let record = await askingTask(store)
        let consumer = await store.makeConsumer(owner: "s") { true }
        guard case .request(.request(let id, _, _)) = try await store.nextDelivery(taskId: record.taskId, consumer: consumer) else {
            Issue.record("expected the queued elicitation")
            return
        }
        let refusal = RPCError(code: RPCError.methodNotFound, message: "no elicitation here")
        #expect(await store.answer(id, with: .failure(refusal), from: "s"))
        #expect(try await store.nextDelivery(taskId: record.taskId, consumer: consumer)
            == .finished(try await store.get(record.taskId, owner: "s"), .error(refusal)))
    }

    @Test func aBrokenStreamGivesItsUnansweredRequestToTheNextConsumer() async throws {
        let store = makeStore()
        let record = await askingTask(store)
        let connected = Mutex(true)
        let broken = await store.makeConsumer(owner: "s") { connected.withLock { $0 } }
        let first = try await store.nextDelivery(taskId: record.taskId, consumer: broken)
        connected.withLock { $0 = false }
        await store.connectivityChanged(broken.id)
        let next = await store.makeConsumer(owner: "s") { true }
        #expect(try await store.nextDelivery(taskId: record.taskId, consumer: next) == first)
        await store.endConsumer(next)
        let last = await store.makeConsumer(owner: "s") { true }
        #expect(try await store.nextDelivery(taskId: record.taskId, consumer: last) == first)
    }

    @Test func aDisconnectedConsumerClaimsNothing() async throws {
        let store = makeStore()
        let record = await askingTask(store)
        let detached = await store.makeConsumer(owner: "s") { false }
        async let waiting = store.nextDelivery(taskId: record.taskId, consumer: detached)
        let live = await store.makeConsumer(owner: "s") { true }
        guard case .request(.request(let id, _, _)) = try await store.nextDelivery(taskId: record.taskId, consumer: live) else {
            Issue.record("expected the queued elicitation")
            return
        }
        #expect(await store.answer(id, with: .success(["action": "cancel"]), from: "s"))
        guard case .finished = try await waiting else {
            Issue.record("the detached consumer must only see the end")
            return
        }
    }

    @Test func cancellingTheTaskAbandonsItsQuestion() async throws {
        let store = makeStore()
        let record = await askingTask(store)
        let consumer = await store.makeConsumer(owner: "s") { true }
        guard case .request(.request(let id, _, _)) = try await store.nextDelivery(taskId: record.taskId, consumer: consumer) else {
            Issue.record("expected the queued elicitation")
            return
        }
        _ = try await store.cancel(record.taskId, owner: "s")
        #expect(await store.isAwaitingAnswer(id) == false)
        #expect(await store.answer(id, with: .success([:]), from: "s") == false)
        #expect(try await store.nextDelivery(taskId: record.taskId, consumer: consumer)
            == .finished(try await store.get(record.taskId, owner: "s"), .error(TaskTable.cancelledError)))
    }

    @Test func cancelAllStopsOneOwnersLiveTasks() async throws {
        let store = makeStore()
        let mine = await store.create(owner: "a", requestedTTL: nil, work: gatedWork(Gate()))
        let theirs = await store.create(owner: "b", requestedTTL: nil, work: gatedWork(Gate()))
        await store.cancelAll(owner: "a", reason: "bye")
        let cancelled = try await store.get(mine.taskId, owner: "a")
        #expect(cancelled.status == .cancelled && cancelled.statusMessage == "bye")
        #expect(try await store.get(theirs.taskId, owner: "b").status == .working)
    }
}
