/// Follows a task to its end the way the spec asks (`basic/utilities/tasks`, "Polling" and "Result Retrieval"):
/// one `tasks/result` held open from the start (2025-11-25) so the result arrives the moment the task ends
/// and queued server requests (elicitation) are delivered; meanwhile `tasks/get` at the server's
/// `pollInterval` for status; status notifications update at once and wake the poller.
///
/// On a generation without `tasks/result`, the inline payload of `tasks/get` ends the wait.
public struct TaskWaiter: Sendable {
    public let driver: any TaskProtocolDriver
    /// How long to keep waiting for the payload after `tasks/get` already said the task is terminal.
    public var payloadGrace: Duration = .seconds(5)
    /// How many times a broken `tasks/result` is re-opened.
    public var maxResultRetries = 5

    public init(driver: any TaskProtocolDriver) {
        self.driver = driver
    }

    private enum Event: Sendable {
        case payload(TaskPayload)
        case snapshot(TaskSnapshot)
        case terminalWithoutPayload(MCPTask)
    }

    /// Waits for `task` to end. `onUpdate` sees every distinct state (status or message change), starting with
    /// `task` itself.
    public func wait(for task: MCPTask, onUpdate: @escaping @Sendable (MCPTask) -> Void) async throws -> TaskOutcome {
        let tracker = TaskTracker(task, onUpdate: onUpdate)
        let driver = self.driver
        let grace = payloadGrace
        let retries = maxResultRetries
        let updates = await driver.statusUpdates()
        let outcome: TaskOutcome = try await withThrowingTaskGroup(of: Event?.self) { group in
            if driver.hasBlockingResult {
                group.addTask {
                    var attempt = 0
                    while true {
                        do {
                            return .payload(try await driver.awaitPayload(task.taskId))
                        } catch MCPError.connection where attempt < retries {
                            // The stream broke but the session may live on (HTTP): open tasks/result again.
                            attempt += 1
                            try await Task.sleep(for: .milliseconds(50 * attempt))
                        }
                    }
                }
            }
            // Status notifications: update at once and wake the poller.
            group.addTask {
                for await update in updates where update.taskId == task.taskId {
                    await tracker.observe(update)
                    await tracker.wake()
                }
                return nil
            }
            // Poller.
            group.addTask {
                var schedule = PollSchedule(task: task)
                var terminalSince: ContinuousClock.Instant?
                while true {
                    await tracker.sleep(for: schedule.interval)
                    try Task.checkCancellation()
                    let snapshot = try await driver.getTask(task.taskId)
                    await tracker.observe(snapshot.task)
                    schedule.update(from: snapshot.task)
                    if !snapshot.inputRequests.isEmpty {
                        // 2026-07-28: the task asks in tasks/get; answer (once per key), then keep polling.
                        try await driver.answerInput(for: snapshot)
                    }
                    if snapshot.inlinePayload != nil || (snapshot.task.status.isTerminal && !driver.hasBlockingResult) {
                        return .snapshot(snapshot)
                    }
                    if snapshot.task.status.isTerminal {
                        let now = ContinuousClock.now
                        if let since = terminalSince {
                            if now - since > grace { return .terminalWithoutPayload(snapshot.task) }
                        } else {
                            terminalSince = now
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            while let event = try await group.next() {
                switch event {
                case .payload(let payload):
                    return TaskOutcome(task: nil, payload: payload)
                case .snapshot(let snapshot):
                    return TaskOutcome(task: snapshot.task, payload: snapshot.inlinePayload)
                case .terminalWithoutPayload(let t):
                    return TaskOutcome(task: t, payload: nil)
                case nil:
                    continue
                }
            }
            throw MCPError.connection("stopped waiting for task \(task.taskId)")
        }
        // The payload came through tasks/result: learn the final state (and its statusMessage) once.
        var final = outcome
        if final.task == nil {
            let latest = await tracker.latest
            if latest.status.isTerminal {
                final.task = latest
            } else if let snapshot = try? await driver.getTask(task.taskId) {
                await tracker.observe(snapshot.task)
                final.task = snapshot.task
            } else {
                final.task = latest
            }
        }
        return final
    }
}

/// Shared state of one wait: the latest task state (reported once per change) and the poller's wake-up.
actor TaskTracker {
    private(set) var latest: MCPTask
    private let onUpdate: @Sendable (MCPTask) -> Void
    private var sleeper: (token: Int, continuation: CheckedContinuation<Void, Never>)?
    private var nextToken = 0
    private var pendingWake = false

    init(_ task: MCPTask, onUpdate: @escaping @Sendable (MCPTask) -> Void) {
        self.latest = task
        self.onUpdate = onUpdate
        onUpdate(task)
    }

    func observe(_ task: MCPTask) {
        // Never go back from a terminal state (a late notification can arrive after the final poll).
        if latest.status.isTerminal, !task.status.isTerminal { return }
        let changed = task.status != latest.status || task.statusMessage != latest.statusMessage
        latest = task
        if changed { onUpdate(task) }
    }

    /// Ends the current sleep early (or the next one, if nobody sleeps now).
    func wake() {
        if let s = sleeper {
            sleeper = nil
            s.continuation.resume()
        } else {
            pendingWake = true
        }
    }

    /// Sleeps for `duration` unless woken; returns early on cancellation.
    func sleep(for duration: Duration) async {
        if pendingWake {
            pendingWake = false
            return
        }
        let token = nextToken
        nextToken += 1
        // The timer can only reach the actor after the continuation below is registered: nothing between
        // here and there suspends.
        let timer = Task {
            try? await Task.sleep(for: duration)
            await self.release(token)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    sleeper = (token, continuation)
                }
            }
        } onCancel: {
            Task { await self.release(token) }
        }
        timer.cancel()
    }

    /// Ends the sleep `token` if it is still the current one; a stale token does nothing.
    private func release(_ token: Int) {
        guard let s = sleeper, s.token == token else { return }
        sleeper = nil
        s.continuation.resume()
    }
}
