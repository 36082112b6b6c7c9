import MCPTaskCore

/// A page of `tasks/list`.
public struct TaskListPage: Sendable, Equatable {
    public var tasks: [TaskRecord]
    /// Absent on the last page.
    public var nextCursor: String?

    /// The `ListTasksResult` object.
    public var json: JSONValue {
        var o: JSONObject = ["tasks": .array(tasks.map(\.json))]
        if let nextCursor { o["nextCursor"] = .string(nextCursor) }
        return .object(o)
    }
}

/// The receiver's task table as a plain value: creation with the ttl policy, lookups bound to an owner, the
/// lifecycle rules, expiry and paging (spec `basic/utilities/tasks`, "Behavior Requirements"). No clocks, no
/// I/O: every call takes `now`, so tests drive it step by step.
public struct TaskTable: Sendable {
    /// The receiver's policy.
    public struct Policy: Sendable, Equatable {
        /// The longest ttl granted, and the ttl of tasks created without one; nil grants whatever is asked
        /// (and unlimited when nothing is).
        public var maxTTL: Int?
        /// The `pollInterval` suggested on every task.
        public var pollInterval: Int?
        /// Tasks per `tasks/list` page.
        public var pageSize: Int
        /// Whether every owner sees every task (otherwise a task belongs to the owner that created it).
        public var sharedTasks: Bool

        public init(maxTTL: Int?, pollInterval: Int?, pageSize: Int, sharedTasks: Bool) {
            self.maxTTL = maxTTL
            self.pollInterval = pollInterval
            self.pageSize = max(1, pageSize)
            self.sharedTasks = sharedTasks
        }
    }

    public let policy: Policy
    private var records: [String: TaskRecord] = [:]
    /// Task ids in creation order.
    private var order: [String] = []
    private var nextSequence = 1

    /// An empty table following `policy`.
    public init(policy: Policy) {
        self.policy = policy
    }

    /// How many tasks the table holds (expired ones included until ``removeExpired(now:)``).
    public var count: Int { records.count }

    /// The ttl granted for a requested one: capped by the policy's maximum, which is also the default.
    public func grantedTTL(requested: Int?) -> Int? {
        switch (requested, policy.maxTTL) {
        case let (r?, m?): return min(r, m)
        case let (r?, nil): return r
        case let (nil, m): return m
        }
    }

    /// Creates a task in `working` (spec "Task Status Lifecycle": tasks begin in working).
    public mutating func create(id: String, owner: String, requestedTTL: Int?, now: UnixMillis) -> TaskRecord {
        let record = TaskRecord(taskId: id, owner: owner, sequence: nextSequence, status: .working,
                                statusMessage: nil, createdAt: now, lastUpdatedAt: now,
                                ttl: grantedTTL(requested: requestedTTL), pollInterval: policy.pollInterval,
                                payload: nil)
        nextSequence += 1
        records[id] = record
        order.append(id)
        return record
    }

    /// Whether `owner` may see `record`.
    public func isVisible(_ record: TaskRecord, to owner: String) -> Bool {
        policy.sharedTasks || record.owner == owner
    }

    /// The task, as `owner` may see it now; -32602 when it is unknown, expired or someone else's (spec
    /// "Error Handling": invalid or nonexistent taskId).
    public func lookup(_ id: String, owner: String, now: UnixMillis) throws(RPCError) -> TaskRecord {
        guard let record = records[id], isVisible(record, to: owner) else {
            throw RPCError(code: RPCError.invalidParams, message: "Failed to retrieve task: Task not found")
        }
        if record.isExpired(at: now) {
            throw RPCError(code: RPCError.invalidParams, message: "Failed to retrieve task: Task has expired")
        }
        return record
    }

    /// The task whatever its owner (for the receiver's own bookkeeping), unless it has expired.
    public func record(_ id: String, now: UnixMillis) -> TaskRecord? {
        guard let record = records[id], !record.isExpired(at: now) else { return nil }
        return record
    }

    /// Moves a live task to `working` or `input_required` and/or changes its message. Returns the updated
    /// record when something changed; nil when nothing did or the lifecycle forbids it (terminal tasks).
    public mutating func update(_ id: String, status: TaskStatus? = nil, message: String??, now: UnixMillis) -> TaskRecord? {
        guard var record = record(id, now: now), !record.status.isTerminal else { return nil }
        let newStatus = status ?? record.status
        guard !newStatus.isTerminal, record.status.canTransition(to: newStatus) else { return nil }
        let newMessage = message ?? record.statusMessage
        guard newStatus != record.status || newMessage != record.statusMessage else { return nil }
        record.status = newStatus
        record.statusMessage = newMessage
        record.lastUpdatedAt = now
        records[id] = record
        return record
    }

    /// Ends a task with what its request produced: `completed` for a result, `failed` (with the error as
    /// status message) for a JSON-RPC error. A task that is already terminal keeps its state (a cancelled
    /// task stays cancelled even if the work finishes); then nil is returned.
    public mutating func finish(_ id: String, payload: TaskPayload, now: UnixMillis) -> TaskRecord? {
        guard var record = record(id, now: now), !record.status.isTerminal else { return nil }
        switch payload {
        case .result:
            record.status = .completed
            record.statusMessage = nil
        case .error(let error):
            record.status = .failed
            record.statusMessage = error.message
        }
        record.payload = payload
        record.lastUpdatedAt = now
        records[id] = record
        return record
    }

    /// `tasks/cancel`: -32602 for unknown tasks and tasks already terminal (spec "Task Cancellation").
    public mutating func cancel(_ id: String, owner: String, now: UnixMillis,
                                message: String = "The task was cancelled by request.") throws(RPCError) -> TaskRecord {
        var record = try lookup(id, owner: owner, now: now)
        guard !record.status.isTerminal else {
            throw RPCError(code: RPCError.invalidParams,
                           message: "Cannot cancel task: already in terminal status '\(record.status.wire)'")
        }
        record.status = .cancelled
        record.statusMessage = message
        record.payload = .error(TaskTable.cancelledError)
        record.lastUpdatedAt = now
        records[id] = record
        return record
    }

    /// What `tasks/result` answers for a cancelled task: a cancelled request has no result of its own.
    public static let cancelledError = RPCError(code: -32800, message: "The task was cancelled before it finished")

    /// Deletes every task whose ttl has run out and returns them (spec: after ttl the receiver may delete).
    public mutating func removeExpired(now: UnixMillis) -> [TaskRecord] {
        var removed: [TaskRecord] = []
        for (id, record) in records where record.isExpired(at: now) {
            removed.append(record)
            records[id] = nil
        }
        if !removed.isEmpty { order.removeAll { records[$0] == nil } }
        return removed.sorted { $0.sequence < $1.sequence }
    }

    /// Removes one task at once (whatever its state); returns it if it existed.
    public mutating func remove(_ id: String) -> TaskRecord? {
        guard let record = records.removeValue(forKey: id) else { return nil }
        order.removeAll { $0 == id }
        return record
    }

    /// The ids of the live (non-terminal) tasks of `owner`, or of everyone when `owner` is nil.
    public func liveTaskIDs(owner: String?) -> [String] {
        order.filter { id in
            guard let r = records[id], !r.status.isTerminal else { return false }
            return owner == nil || r.owner == owner
        }
    }

    /// One page of `tasks/list` for `owner`, oldest first. -32602 for a cursor this table did not issue.
    public func page(cursor: String?, owner: String, now: UnixMillis) throws(RPCError) -> TaskListPage {
        var after = 0
        if let cursor {
            guard let sequence = TaskCursor.decode(cursor), sequence < nextSequence else {
                throw RPCError(code: RPCError.invalidParams, message: "Invalid cursor for tasks/list")
            }
            after = sequence
        }
        var tasks: [TaskRecord] = []
        var more = false
        for id in order {
            guard let record = records[id], record.sequence > after, isVisible(record, to: owner),
                  !record.isExpired(at: now) else { continue }
            if tasks.count == policy.pageSize {
                more = true
                break
            }
            tasks.append(record)
        }
        let next = more ? tasks.last.map { TaskCursor.encode(after: $0.sequence) } : nil
        return TaskListPage(tasks: tasks, nextCursor: next)
    }
}
