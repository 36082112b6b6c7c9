import Testing
@testable import MCPTaskCore

@Suite("TaskWaiter with a scripted driver", .timeLimit(.minutes(1)))
struct TaskWaiterTests {
    static let done: TaskPayload = .result(textResult("all done"))

    private func snap(_ status: TaskStatus, _ message: String? = nil, poll: Int? = nil, id: String = "t1", inline: TaskPayload? = nil) -> TaskSnapshot {
        TaskSnapshot(task: makeTask(status, message, id: id, poll: poll), inlinePayload: inline)
    }

    @Test("the payload from awaitPayload ends the wait; one final getTask supplies the last task")
    func payloadEndsWait() async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.completed, "finished", poll: 10_000)])
        let recorder = UpdateRecorder()
        let waiter = TaskWaiter(driver: driver)
        let start = ContinuousClock.now
        let wait = Task { try await waiter.wait(for: makeTask(.working, poll: 10_000)) { recorder.record($0) } }
        try await Task.sleep(for: .milliseconds(100))
        await driver.state.setPayload(Self.done)
        let outcome = try await wait.value
        #expect(ContinuousClock.now - start < .seconds(5), "did not wait for the 10 s poll")
        #expect(outcome.payload == Self.done)
        #expect(outcome.task?.status == .completed)
        #expect(outcome.task?.statusMessage == "finished")
        #expect(outcome.verdict == .success)
        #expect(await driver.state.getCount == 1)
        #expect(recorder.states == ["working", "completed:finished"])
    }

    @Test("polls are spaced by the task's pollInterval", arguments: [100, 200])
    func pollSpacing(intervalMs: Int) async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.working, poll: intervalMs)])
        let waiter = TaskWaiter(driver: driver)
        let window = Duration.milliseconds(1200)
        let start = ContinuousClock.now
        let wait = Task { try await waiter.wait(for: makeTask(.working, poll: intervalMs)) { _ in } }
        try await Task.sleep(for: window)
        let times = await driver.state.getTimes
        await driver.state.setPayload(Self.done)
        _ = try await wait.value

        let expected = 1200 / intervalMs
        #expect(times.count >= 2, "polled \(times.count) times in 1.2 s at \(intervalMs) ms")
        #expect(times.count <= expected + 1, "polled \(times.count) times in 1.2 s at \(intervalMs) ms; at most \(expected) expected")
        if let first = times.first {
            #expect(first - start >= .milliseconds(intervalMs * 6 / 10), "the first poll waits one interval")
        }
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        let minGap = gaps.min() ?? .seconds(1000)
        #expect(minGap >= .milliseconds(intervalMs * 6 / 10), "two polls only \(minGap) apart at a \(intervalMs) ms interval")
    }

    @Test("a later pollInterval from tasks/get is adopted")
    func pollIntervalAdopted() async throws {
        // The first poll says: slow down to 600 ms.
        let driver = FakeTaskDriver(snapshots: [snap(.working, poll: 600)])
        let waiter = TaskWaiter(driver: driver)
        let wait = Task { try await waiter.wait(for: makeTask(.working, poll: 50)) { _ in } }
        try await Task.sleep(for: .milliseconds(1000))
        let count = await driver.state.getCount
        await driver.state.setPayload(Self.done)
        _ = try await wait.value
        // One poll at ~50 ms, then at most one more at ~650 ms; a poller that ignored the change would make ~20.
        #expect(count >= 1)
        #expect(count <= 3, "polled \(count) times")
    }

    @Test("a status notification updates at once and wakes the poller; other tasks' updates are ignored")
    func statusUpdateWakesPoller() async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.working, "50%", poll: 10_000)])
        let recorder = UpdateRecorder()
        let waiter = TaskWaiter(driver: driver)
        let wait = Task { try await waiter.wait(for: makeTask(.working, poll: 10_000)) { recorder.record($0) } }
        #expect(await eventually { await driver.state.push(makeTask(.working, "someone else", id: "other")) })
        try await Task.sleep(for: .milliseconds(300))
        #expect(await driver.state.getCount == 0, "an update for another task must not wake the poller")
        #expect(recorder.states == ["working"])

        let start = ContinuousClock.now
        await driver.state.push(makeTask(.working, "50%"))
        #expect(await eventually(.seconds(3)) { recorder.states.contains("working:50%") })
        #expect(await eventually(.seconds(3)) { await driver.state.getCount >= 1 }, "the update should trigger a poll long before 10 s")
        #expect(ContinuousClock.now - start < .seconds(5))
        await driver.state.setPayload(Self.done)
        let outcome = try await wait.value
        #expect(outcome.payload == Self.done)
        #expect(recorder.states.filter { $0 == "working:50%" }.count == 1)
    }

    @Test("onUpdate sees each distinct state once, in order")
    func distinctStatesOnce() async throws {
        let script = [
            snap(.working, poll: 50), snap(.working, poll: 50), snap(.working, poll: 50),
            snap(.working, "half", poll: 50), snap(.working, "half", poll: 50),
            snap(.inputRequired, "need a name", poll: 50), snap(.inputRequired, "need a name", poll: 50),
            snap(.working, "again", poll: 50), snap(.working, "again", poll: 50),
            snap(.completed, "done", poll: 50),
        ]
        let driver = FakeTaskDriver(snapshots: script, hasBlockingResult: false)
        let recorder = UpdateRecorder()
        let outcome = try await TaskWaiter(driver: driver).wait(for: makeTask(.working, poll: 50)) { recorder.record($0) }
        #expect(recorder.states == ["working", "working:half", "input_required:need a name", "working:again", "completed:done"])
        #expect(outcome.task?.status == .completed)
        #expect(outcome.payload == nil)
        #expect(outcome.verdict == .success)
        #expect(await driver.state.awaitCalls == 0)
    }

    @Test("without a blocking result, an inline payload from getTask ends the wait")
    func inlinePayload() async throws {
        let payload = TaskPayload.result(textResult("inline"))
        let driver = FakeTaskDriver(snapshots: [snap(.working, poll: 50), snap(.working, poll: 50), snap(.completed, poll: 50, inline: payload)],
                                    hasBlockingResult: false)
        let outcome = try await TaskWaiter(driver: driver).wait(for: makeTask(.working, poll: 50)) { _ in }
        #expect(outcome.payload == payload)
        #expect(outcome.task?.status == .completed)
        #expect(await driver.state.awaitCalls == 0, "a driver without tasks/result is never asked for it")
        #expect(await driver.state.getCount == 3)
    }

    @Test("without a blocking result, a failed task without payload ends with its message")
    func inlineFailure() async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.working, poll: 50), snap(.failed, "out of memory", poll: 50)], hasBlockingResult: false)
        let outcome = try await TaskWaiter(driver: driver).wait(for: makeTask(.working, poll: 50)) { _ in }
        #expect(outcome.verdict == .failed("out of memory"))
    }

    @Test("a transient connection error from awaitPayload is retried")
    func transientErrorRetried() async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.completed, poll: 10_000)], awaitErrors: [MCPError.connection("stream reset")])
        await driver.state.setPayload(Self.done)
        let outcome = try await TaskWaiter(driver: driver).wait(for: makeTask(.working, poll: 10_000)) { _ in }
        #expect(outcome.payload == Self.done)
        #expect(await driver.state.awaitCalls == 2)
    }

    @Test("maxResultRetries is how many times tasks/result is re-opened")
    func retryBudget() async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.completed, poll: 10_000)],
                                    awaitErrors: [MCPError.connection("reset 1"), MCPError.connection("reset 2")])
        await driver.state.setPayload(Self.done)
        var waiter = TaskWaiter(driver: driver)
        waiter.maxResultRetries = 2
        let outcome = try await waiter.wait(for: makeTask(.working, poll: 10_000)) { _ in }
        #expect(outcome.payload == Self.done)
        #expect(await driver.state.awaitCalls == 3)
    }

    @Test("a tasks/result that keeps breaking fails the wait with the connection error")
    func retriesExhausted() async throws {
        let errors: [any Error] = (0..<10).map { MCPError.connection("reset \($0)") }
        let driver = FakeTaskDriver(snapshots: [snap(.working, poll: 10_000)], awaitErrors: errors)
        var waiter = TaskWaiter(driver: driver)
        waiter.maxResultRetries = 2
        let error = await #expect(throws: MCPError.self) { try await waiter.wait(for: makeTask(.working, poll: 10_000)) { _ in } }
        if let error, case .connection = error {} else { Issue.record("\(String(describing: error))") }
        let calls = await driver.state.awaitCalls
        #expect(calls >= 2 && calls <= 3)
    }

    @Test("other errors from awaitPayload are not retried")
    func otherErrorsNotRetried() async throws {
        let violation = MCPError.protocolViolation("garbage")
        let driver = FakeTaskDriver(snapshots: [snap(.working, poll: 10_000)], awaitErrors: [violation])
        await driver.state.setPayload(Self.done)
        await #expect(throws: violation) { try await TaskWaiter(driver: driver).wait(for: makeTask(.working, poll: 10_000)) { _ in } }
        #expect(await driver.state.awaitCalls == 1)
    }

    @Test("a getTask error (e.g. unknown task) ends the wait with that error")
    func getTaskError() async throws {
        let rpc = MCPError.rpc(RPCError(code: -32602, message: "Unknown task"))
        let driver = FakeTaskDriver(snapshots: [snap(.working, poll: 50)])
        await driver.state.setGetError(rpc)
        await #expect(throws: rpc) { try await TaskWaiter(driver: driver).wait(for: makeTask(.working, poll: 50)) { _ in } }
    }

    @Test("a terminal task whose payload never comes: the wait ends after the grace period")
    func terminalWithoutPayload() async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.completed, "ok", poll: 50)])
        var waiter = TaskWaiter(driver: driver)
        waiter.payloadGrace = .milliseconds(200)
        let start = ContinuousClock.now
        let outcome = try await waiter.wait(for: makeTask(.working, poll: 50)) { _ in }
        let elapsed = ContinuousClock.now - start
        #expect(outcome.task?.status == .completed)
        #expect(outcome.payload == nil)
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < .seconds(5))
    }

    @Test("the payload arriving after tasks/get saw the end is still used")
    func terminalThenPayload() async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.failed, "tool raised", poll: 50)])
        let wait = Task { try await TaskWaiter(driver: driver).wait(for: makeTask(.working, poll: 50)) { _ in } }
        #expect(await eventually { await driver.state.getCount >= 1 })
        let payload = TaskPayload.result(textResult("Traceback…", isError: true))
        await driver.state.setPayload(payload)
        let outcome = try await wait.value
        #expect(outcome.payload == payload)
        #expect(outcome.task?.status == .failed)
        #expect(outcome.verdict == .toolError)
    }

    @Test("cancelling the waiting task stops the wait promptly")
    func cancellation() async throws {
        let driver = FakeTaskDriver(snapshots: [snap(.working, poll: 100)])
        let wait = Task { try await TaskWaiter(driver: driver).wait(for: makeTask(.working, poll: 100)) { _ in } }
        try await Task.sleep(for: .milliseconds(150))
        let start = ContinuousClock.now
        wait.cancel()
        _ = try? await wait.value
        #expect(ContinuousClock.now - start < .seconds(3))
        let count = await driver.state.getCount
        try await Task.sleep(for: .milliseconds(300))
        #expect(await driver.state.getCount == count, "no polling after the wait ended")
    }
}

@Suite("TaskTracker", .timeLimit(.minutes(1)))
struct TaskTrackerTests {
    @Test("reports the initial state, then each change once; never goes back from a terminal state")
    func observe() async {
        let recorder = UpdateRecorder()
        let tracker = TaskTracker(makeTask(.working), onUpdate: { recorder.record($0) })
        await tracker.observe(makeTask(.working))
        await tracker.observe(makeTask(.working, "step 1"))
        await tracker.observe(makeTask(.working, "step 1"))
        await tracker.observe(makeTask(.completed, "done"))
        await tracker.observe(makeTask(.working, "late notification"))
        #expect(recorder.states == ["working", "working:step 1", "completed:done"])
        #expect(await tracker.latest.status == .completed)
    }

    @Test("a wake before the sleep makes the next sleep return at once")
    func wakeBeforeSleep() async {
        let tracker = TaskTracker(makeTask(.working), onUpdate: { _ in })
        await tracker.wake()
        let start = ContinuousClock.now
        await tracker.sleep(for: .seconds(5))
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("a wake during the sleep ends it early")
    func wakeDuringSleep() async throws {
        let tracker = TaskTracker(makeTask(.working), onUpdate: { _ in })
        let start = ContinuousClock.now
        let sleeper = Task { await tracker.sleep(for: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        await tracker.wake()
        await sleeper.value
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("after a sleep that ran its full time, the next sleep is full length too")
    func consecutiveTimedSleeps() async {
        let tracker = TaskTracker(makeTask(.working), onUpdate: { _ in })
        for i in 0..<4 {
            let start = ContinuousClock.now
            await tracker.sleep(for: .milliseconds(150))
            let slept = ContinuousClock.now - start
            #expect(slept >= .milliseconds(120), "sleep \(i) lasted only \(slept)")
        }
    }
}
