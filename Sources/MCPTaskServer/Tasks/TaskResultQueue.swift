import MCPTaskCore

/// The requests a receiver has queued for the requestor on behalf of its tasks (spec `basic/utilities/tasks`,
/// "Input Required Status"): an elicitation a running tool waits on, delivered through `tasks/result`.
///
/// Each request goes to one `tasks/result` call at a time: a consumer *claims* it; when the consumer goes away
/// (its stream broke, its call ended) its unanswered claims return to the queue for the next `tasks/result`.
/// Answering removes the request. A plain value, so the rules are tested without any I/O.
public struct TaskResultQueue: Sendable {
    public struct Entry: Sendable, Equatable {
        public let requestID: RequestID
        public let taskId: String
        /// The JSON-RPC request to deliver, already tagged with the related-task `_meta`.
        public let message: JSONRPCMessage
        /// The consumer currently holding it, if delivered and not yet answered.
        public internal(set) var claimedBy: Int?
    }

    private var entries: [Entry] = []

    public init() {}

    /// Every entry, oldest first.
    public var all: [Entry] { entries }

    public mutating func enqueue(requestID: RequestID, taskId: String, message: JSONRPCMessage) {
        entries.append(Entry(requestID: requestID, taskId: taskId, message: message, claimedBy: nil))
    }

    /// The oldest unclaimed request of `taskId`, now claimed by `consumer`.
    public mutating func claim(taskId: String, consumer: Int) -> JSONRPCMessage? {
        guard let i = entries.firstIndex(where: { $0.taskId == taskId && $0.claimedBy == nil }) else { return nil }
        entries[i].claimedBy = consumer
        return entries[i].message
    }

    /// Returns the unanswered requests `consumer` holds to the queue; the ids of the tasks they belong to.
    public mutating func release(consumer: Int) -> Set<String> {
        var tasks: Set<String> = []
        for i in entries.indices where entries[i].claimedBy == consumer {
            entries[i].claimedBy = nil
            tasks.insert(entries[i].taskId)
        }
        return tasks
    }

    /// The entry waiting for the answer `requestID`, if any.
    public func entry(_ requestID: RequestID) -> Entry? {
        entries.first { $0.requestID == requestID }
    }

    /// Removes the request an answer arrived for and returns it.
    public mutating func answer(_ requestID: RequestID) -> Entry? {
        guard let i = entries.firstIndex(where: { $0.requestID == requestID }) else { return nil }
        return entries.remove(at: i)
    }

    /// Drops everything queued for a task (it ended or was cancelled); returns the dropped request ids.
    public mutating func removeAll(taskId: String) -> [RequestID] {
        let dropped = entries.filter { $0.taskId == taskId }.map(\.requestID)
        entries.removeAll { $0.taskId == taskId }
        return dropped
    }

    /// Requests of `taskId` still waiting for an answer (claimed or not).
    public func outstanding(taskId: String) -> Int {
        entries.reduce(0) { $0 + ($1.taskId == taskId ? 1 : 0) }
    }

    /// Whether `taskId` has a request nobody holds.
    public func hasUnclaimed(taskId: String) -> Bool {
        entries.contains { $0.taskId == taskId && $0.claimedBy == nil }
    }
}
