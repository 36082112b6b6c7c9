import Foundation

/// One line of the registry log (`registry.jsonl`): every change is appended as an event, and the state is
/// the fold of all events (see ``TaskRegistryState``).
///
/// Each line is one compact JSON object with `"v": 1` and an `"op"`:
/// - `create`: `{"op":"create","entry":{...}}`, a whole ``TaskRegistryEntry`` (compaction writes one per live
///   entry);
/// - `update`: a newer status seen for a task: `serverKey`, `taskId`, `status`, `statusMessage`, `ttl`, `seenAt`;
/// - `unreachable`: every task of `serverKey` created in `sessionId` can no longer be reached;
/// - `compacted`: the first line of a compacted log, with the size of what follows (`bytes`), which tells
///   writers when the log has grown enough to compact again.
/// Lines with another `op` or `v` (written by a newer mcptask) are skipped.
enum TaskRegistryEvent: Sendable, Equatable {
    case create(TaskRegistryEntry)
    case update(serverKey: String, taskId: String, status: TaskStatus, statusMessage: String?, ttl: Int?, seenAt: Date)
    case unreachable(serverKey: String, sessionId: String, at: Date)
    case compacted(bytes: Int, at: Date)

    static let version = 1

    /// The event as one line of compact JSON, with its newline.
    var line: [UInt8] {
        var o: JSONObject = ["v": .int(Self.version)]
        switch self {
        case .create(let entry):
            o["op"] = "create"
            o["entry"] = entry.json
        case .update(let serverKey, let taskId, let status, let message, let ttl, let seenAt):
            o["op"] = "update"
            o["serverKey"] = .string(serverKey)
            o["taskId"] = .string(taskId)
            o["status"] = .string(status.wire)
            if let message { o["statusMessage"] = .string(message) }
            if let ttl { o["ttl"] = .int(ttl) }
            o["seenAt"] = .string(Timestamp.format(seenAt))
        case .unreachable(let serverKey, let sessionId, let at):
            o["op"] = "unreachable"
            o["serverKey"] = .string(serverKey)
            o["sessionId"] = .string(sessionId)
            o["at"] = .string(Timestamp.format(at))
        case .compacted(let bytes, let at):
            o["op"] = "compacted"
            o["bytes"] = .int(bytes)
            o["at"] = .string(Timestamp.format(at))
        }
        // serialized() escapes newlines (and U+2028/9) inside strings, so the line has exactly one "\n".
        return JSONValue.object(o).serializedBytes() + [0x0A]
    }

    /// Decodes one line (without its newline); nil for anything that is not a complete event of this version.
    init?(line: ArraySlice<UInt8>) {
        guard let json = try? JSONParser.parse(line), json["v"]?.intValue == Self.version,
              let op = json["op"]?.stringValue
        else { return nil }
        switch op {
        case "create":
            guard let entryJSON = json["entry"], let entry = TaskRegistryEntry(json: entryJSON) else { return nil }
            self = .create(entry)
        case "update":
            guard let serverKey = json["serverKey"]?.stringValue, let taskId = json["taskId"]?.stringValue,
                  let status = json["status"]?.stringValue,
                  let seenAt = json["seenAt"]?.stringValue.flatMap(Timestamp.parse)
            else { return nil }
            self = .update(serverKey: serverKey, taskId: taskId, status: TaskStatus(wire: status),
                           statusMessage: json["statusMessage"]?.stringValue, ttl: json["ttl"]?.intValue,
                           seenAt: seenAt)
        case "unreachable":
            guard let serverKey = json["serverKey"]?.stringValue, let sessionId = json["sessionId"]?.stringValue,
                  let at = json["at"]?.stringValue.flatMap(Timestamp.parse)
            else { return nil }
            self = .unreachable(serverKey: serverKey, sessionId: sessionId, at: at)
        case "compacted":
            guard let bytes = json["bytes"]?.intValue, let at = json["at"]?.stringValue.flatMap(Timestamp.parse)
            else { return nil }
            self = .compacted(bytes: bytes, at: at)
        default:
            return nil
        }
    }
}

/// The registry's state: the fold of the log's events, latest state per (server, task). A plain value, so
/// the folding rules are tested without files.
struct TaskRegistryState: Sendable {
    struct Key: Hashable, Sendable {
        var serverKey: String
        var taskId: String
    }

    private var table: [Key: (entry: TaskRegistryEntry, order: Int)] = [:]
    private var nextOrder = 0
    /// Events applied (including ones that changed nothing).
    private(set) var eventCount = 0
    /// Lines that were not events: a torn last line, corrupt lines, events of a newer format.
    private(set) var skippedLines = 0
    /// The body size recorded by the last compaction (0 when the log was never compacted).
    private(set) var compactedBytes = 0

    init() {}

    /// Folds a whole log. Bad lines are counted and skipped, never fatal: one corrupt line costs at most the
    /// event on it.
    init(log bytes: [UInt8]) {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if let event = TaskRegistryEvent(line: line) {
                apply(event)
            } else {
                skippedLines += 1
            }
        }
    }

    /// The number of live entries.
    var count: Int { table.count }

    /// All entries, newest first (by ``TaskRegistryEntry/recordedAt``, then by log order).
    var entries: [TaskRegistryEntry] {
        table.values.sorted { a, b in
            a.entry.recordedAt != b.entry.recordedAt ? a.entry.recordedAt > b.entry.recordedAt : a.order > b.order
        }.map(\.entry)
    }

    func entry(serverKey: String, taskId: String) -> TaskRegistryEntry? {
        table[Key(serverKey: serverKey, taskId: taskId)]?.entry
    }

    /// Applies one event.
    mutating func apply(_ event: TaskRegistryEvent) {
        eventCount += 1
        switch event {
        case .create(let entry):
            // A second create for the same task (a compacted copy, or a server reusing an id) replaces it.
            table[Key(serverKey: entry.serverKey, taskId: entry.taskId)] = (entry, nextOrder)
            nextOrder += 1
        case .update(let serverKey, let taskId, let status, let message, let ttl, let seenAt):
            let key = Key(serverKey: serverKey, taskId: taskId)
            guard let current = table[key] else { return }
            table[key]?.entry = Self.updated(current.entry, status: status, statusMessage: message, ttl: ttl,
                                             seenAt: seenAt)
        case .unreachable(let serverKey, let sessionId, _):
            for (key, value) in table where key.serverKey == serverKey && value.entry.sessionId == sessionId {
                table[key]?.entry.unreachable = true
            }
        case .compacted(let bytes, _):
            compactedBytes = bytes
        }
    }

    /// Removes entries for which `shouldRemove` is true; returns them.
    mutating func removeAll(where shouldRemove: (TaskRegistryEntry) -> Bool) -> [TaskRegistryEntry] {
        let doomed = table.filter { shouldRemove($0.value.entry) }
        for key in doomed.keys { table[key] = nil }
        return doomed.values.sorted { $0.order < $1.order }.map(\.entry)
    }

    /// What an update does to an entry. Observations arrive out of order when several processes watch one task,
    /// so an update older than the last one seen is ignored, and a task that reached a terminal status never
    /// goes back to a non-terminal one (spec: terminal states are final).
    static func updated(_ entry: TaskRegistryEntry, status: TaskStatus, statusMessage: String?, ttl: Int?,
                        seenAt: Date) -> TaskRegistryEntry {
        guard seenAt >= entry.lastSeen, !(entry.status.isTerminal && !status.isTerminal) else { return entry }
        var next = entry
        next.status = status
        next.statusMessage = statusMessage
        if let ttl { next.ttl = ttl }
        next.lastSeen = seenAt
        return next
    }

    /// The compacted log: a `compacted` header, then one `create` per live entry in log order.
    func compactedLog(at now: Date) -> [UInt8] {
        var body: [UInt8] = []
        for item in table.values.sorted(by: { $0.order < $1.order }) {
            body += TaskRegistryEvent.create(item.entry).line
        }
        return TaskRegistryEvent.compacted(bytes: body.count, at: now).line + body
    }
}
