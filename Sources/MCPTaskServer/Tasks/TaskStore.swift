import Foundation
import MCPTaskCore

/// Someone waiting in `tasks/result` for a task: the queued requests of the task are handed to it while it is
/// connected (a live stream it can write them to).
public struct ResultConsumer: Sendable {
    public let id: Int
    /// Who is asking (the session or authorisation context), for task visibility.
    public let owner: String
    /// Whether a message sent now reaches the requestor; checked each time a request could be handed over.
    public let isConnected: @Sendable () -> Bool
}

/// What `tasks/result` gets from the store: a queued request to pass on (then it asks again), or the end.
public enum ResultDelivery: Sendable, Equatable {
    case request(JSONRPCMessage)
    case finished(TaskRecord, TaskPayload)
}

/// The running work's view of its task: report progress in the status message, ask the requestor for input.
public struct TaskHandle: Sendable {
    public let taskId: String
    public let store: TaskStore

    /// Sets the task's `statusMessage` (a `notifications/tasks/status` follows when it changed).
    public func setStatusMessage(_ message: String?) async {
        await store.setStatusMessage(taskId, message)
    }

    /// Queues a request for the requestor (e.g. `elicitation/create`) and waits for its answer; the task is
    /// `input_required` meanwhile. Throws the requestor's JSON-RPC error, or `CancellationError` when the task
    /// ends first.
    public func request(_ method: String, params: JSONObject, statusMessage: String? = nil) async throws -> JSONValue {
        try await store.requestInput(taskId: taskId, method: method, params: params, statusMessage: statusMessage)
    }
}

/// The receiver side of MCP tasks (spec `basic/utilities/tasks`), usable by any MCP peer that receives
/// task-augmented requests: the ``TaskTable`` of records, the work behind each task, the ``TaskResultQueue`` of
/// requests for the requestor, and the waiting of `tasks/result`.
///
/// Every status or status-message change is reported once, synchronously and in order, to `onChange`, so the
/// caller can send `notifications/tasks/status` before the answer that the same change releases.
public actor TaskStore {
    private var table: TaskTable
    private var queue = TaskResultQueue()
    private let clock: TaskClock
    private let makeID: @Sendable () -> String
    private let onChange: @Sendable (TaskRecord) -> Void
    private var work: [String: Task<Void, Never>] = [:]
    private var consumers: [Int: ResultConsumer] = [:]
    private var deliveryWaiters: [Int: (taskId: String, continuation: CheckedContinuation<Void, Never>)] = [:]
    private var inputWaiters: [RequestID: CheckedContinuation<JSONValue, any Error>] = [:]
    private var nextConsumer = 1
    private var nextRequest = 1

    /// - Parameters:
    ///   - policy: ttl cap, poll interval, page size and sharing.
    ///   - clock: the time source (tests pass one they move by hand).
    ///   - makeID: task ids; random UUIDs by default (unguessable, as the spec asks when tasks are shared).
    ///   - onChange: called after every status or status-message change.
    public init(policy: TaskTable.Policy, clock: TaskClock = .system,
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
                onChange: @escaping @Sendable (TaskRecord) -> Void = { _ in }) {
        self.table = TaskTable(policy: policy)
        self.clock = clock
        self.makeID = makeID
        self.onChange = onChange
    }

    public var policy: TaskTable.Policy { table.policy }

    // MARK: Lifecycle

    /// Creates a task in `working` and starts `body` for it in the background. What `body` returns ends the
    /// task (`completed` for a result, `failed` for an error) unless it was cancelled or expired first; then
    /// `body` is cancelled and its return value ignored.
    public func create(owner: String, requestedTTL: Int?,
                       work body: @escaping @Sendable (TaskHandle) async -> TaskPayload) -> TaskRecord {
        let id = makeID()
        let record = table.create(id: id, owner: owner, requestedTTL: requestedTTL, now: clock.now())
        let handle = TaskHandle(taskId: id, store: self)
        work[id] = Task.detached { [self] in
            let payload = await body(handle)
            await self.finish(id, payload: payload)
        }
        return record
    }

    /// `tasks/get`.
    public func get(_ id: String, owner: String) throws(RPCError) -> TaskRecord {
        try table.lookup(id, owner: owner, now: clock.now())
    }

    /// `tasks/list`.
    public func list(cursor: String?, owner: String) throws(RPCError) -> TaskListPage {
        try table.page(cursor: cursor, owner: owner, now: clock.now())
    }

    /// `tasks/cancel`: the task is `cancelled` before this returns and its work is stopped.
    public func cancel(_ id: String, owner: String) throws(RPCError) -> TaskRecord {
        let record = try table.cancel(id, owner: owner, now: clock.now())
        onChange(record)
        stopWork(id)
        return record
    }

    /// Cancels every live task of `owner` (every task when nil): the owner went away for good. `reason`
    /// becomes their status message.
    public func cancelAll(owner: String?, reason: String = "The task was cancelled because its session ended.") {
        for id in table.liveTaskIDs(owner: owner) {
            guard let record = table.record(id, now: clock.now()),
                  let cancelled = try? table.cancel(id, owner: record.owner, now: clock.now(), message: reason) else { continue }
            onChange(cancelled)
            stopWork(id)
        }
    }

    /// Ends a task with its payload (called when its work returns).
    public func finish(_ id: String, payload: TaskPayload) {
        work[id] = nil
        if let record = table.finish(id, payload: payload, now: clock.now()) { onChange(record) }
        dropInput(of: id)
        wake(task: id)
    }

    /// Sets the status message of a live task.
    public func setStatusMessage(_ id: String, _ message: String?) {
        if let record = table.update(id, message: .some(message), now: clock.now()) { onChange(record) }
    }

    /// Deletes the tasks whose ttl ran out, stopping their work; those waiting on them get -32602.
    @discardableResult
    public func sweep() -> [TaskRecord] {
        let removed = table.removeExpired(now: clock.now())
        for record in removed { stopWork(record.taskId) }
        return removed
    }

    private func stopWork(_ id: String) {
        work.removeValue(forKey: id)?.cancel()
        dropInput(of: id)
        wake(task: id)
    }

    // MARK: tasks/result

    /// Registers a `tasks/result` waiter. Pair with ``endConsumer(_:)``.
    public func makeConsumer(owner: String, isConnected: @escaping @Sendable () -> Bool) -> ResultConsumer {
        let consumer = ResultConsumer(id: nextConsumer, owner: owner, isConnected: isConnected)
        nextConsumer += 1
        consumers[consumer.id] = consumer
        return consumer
    }

    /// The waiter is gone: its unanswered requests go back to the queue for the next `tasks/result`.
    public func endConsumer(_ consumer: ResultConsumer) {
        consumers[consumer.id] = nil
        deliveryWaiters.removeValue(forKey: consumer.id)?.continuation.resume()
        for task in queue.release(consumer: consumer.id) { wake(task: task) }
    }

    /// The consumer's stream broke or came back (check ``ResultConsumer/isConnected``).
    public func connectivityChanged(_ consumerID: Int) {
        guard let consumer = consumers[consumerID] else { return }
        if consumer.isConnected() {
            wake(consumer: consumerID)
        } else {
            for task in queue.release(consumer: consumerID) { wake(task: task) }
        }
    }

    /// Waits for the next thing `tasks/result` must pass on: a queued request of the task (each handed to one
    /// consumer only), or the task's end. Throws -32602 for unknown or expired tasks (also when the task
    /// expires while waiting) and `CancellationError` when the caller is cancelled.
    public func nextDelivery(taskId: String, consumer: ResultConsumer) async throws -> ResultDelivery {
        while true {
            try Task.checkCancellation()
            let record = try table.lookup(taskId, owner: consumer.owner, now: clock.now())
            if let payload = record.payload { return .finished(record, payload) }
            if consumer.isConnected(), let message = queue.claim(taskId: taskId, consumer: consumer.id) {
                return .request(message)
            }
            await waitForWake(consumer: consumer.id, taskId: taskId)
        }
    }

    private func waitForWake(consumer: Int, taskId: String) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    deliveryWaiters.removeValue(forKey: consumer)?.continuation.resume()
                    deliveryWaiters[consumer] = (taskId, continuation)
                }
            }
        } onCancel: {
            Task { await self.wake(consumer: consumer) }
        }
    }

    private func wake(consumer: Int) {
        deliveryWaiters.removeValue(forKey: consumer)?.continuation.resume()
    }

    private func wake(task: String) {
        for (id, waiter) in deliveryWaiters where waiter.taskId == task {
            deliveryWaiters[id] = nil
            waiter.continuation.resume()
        }
    }

    // MARK: Requests for the requestor

    /// Queues `method` for the requestor on behalf of a live task and waits for the answer (see
    /// ``TaskHandle/request(_:params:statusMessage:)``).
    public func requestInput(taskId: String, method: String, params: JSONObject,
                             statusMessage: String?) async throws -> JSONValue {
        guard let record = table.record(taskId, now: clock.now()), !record.status.isTerminal else {
            throw CancellationError()
        }
        let id = RequestID.string("mcptask-input-\(nextRequest)")
        nextRequest += 1
        var params = params
        var meta = params["_meta"]?.objectValue ?? [:]
        meta[TaskWire20251125.relatedTaskKey] = ["taskId": .string(taskId)]
        params["_meta"] = .object(meta)
        let message = JSONRPCMessage.request(id: id, method: method, params: .object(params))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                inputWaiters[id] = continuation
                queue.enqueue(requestID: id, taskId: taskId, message: message)
                let change: String?? = statusMessage.map { .some($0) }
                if let updated = table.update(taskId, status: .inputRequired, message: change, now: clock.now()) {
                    onChange(updated)
                }
                wake(task: taskId)
            }
        } onCancel: {
            Task { await self.abandonInput(id) }
        }
    }

    /// Routes the requestor's answer to a queued request. Returns false when no queued request has that id
    /// (or `owner` may not see its task), so the caller can try other routes.
    public func answer(_ requestID: RequestID, with outcome: Result<JSONValue, RPCError>, from owner: String) -> Bool {
        guard let entry = queue.entry(requestID) else { return false }
        if let record = table.record(entry.taskId, now: clock.now()), !table.isVisible(record, to: owner) {
            return false
        }
        _ = queue.answer(requestID)
        if let continuation = inputWaiters.removeValue(forKey: requestID) {
            switch outcome {
            case .success(let value): continuation.resume(returning: value)
            case .failure(let error): continuation.resume(throwing: error)
            }
        }
        resumeWorkingIfAnswered(entry.taskId)
        return true
    }

    /// Whether a queued request with this id is waiting for an answer.
    public func isAwaitingAnswer(_ requestID: RequestID) -> Bool {
        queue.entry(requestID) != nil
    }

    private func abandonInput(_ id: RequestID) {
        guard let entry = queue.answer(id) else { return }
        inputWaiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
        resumeWorkingIfAnswered(entry.taskId)
    }

    private func resumeWorkingIfAnswered(_ taskId: String) {
        guard queue.outstanding(taskId: taskId) == 0, let record = table.record(taskId, now: clock.now()),
              record.status == .inputRequired else { return }
        if let updated = table.update(taskId, status: .working, message: .some(nil), now: clock.now()) {
            onChange(updated)
        }
    }

    private func dropInput(of taskId: String) {
        for id in queue.removeAll(taskId: taskId) {
            inputWaiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
        }
    }
}
