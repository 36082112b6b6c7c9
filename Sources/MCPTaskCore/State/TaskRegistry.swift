import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The local record of every task mcptask created, shared by all mcptask processes of a user
/// (issue 5, "Local task registry").
///
/// ## Storage
/// An append-only JSON Lines log, `registry.jsonl`, in the ``StateDirectory``; each change is one line (see
/// ``TaskRegistryEvent``), and readers fold the lines into the latest state per task.
/// - **Concurrent processes**: every append holds `flock(LOCK_EX)` on a separate `registry.lock` and goes out
///   as one `write(2)` on an `O_APPEND` descriptor; readers hold `LOCK_SH`. Twenty processes recording at once
///   queue on the lock for the length of one append each and lose nothing.
/// - **Crash safety**: a process killed mid-append leaves at most a torn last line, which readers skip, and the
///   next writer starts on a fresh line. A corrupt line costs only its own event. Compaction (rewriting the
///   folded state when the log has doubled since the last compaction, and when pruning) writes a temporary
///   file, fsyncs it and renames it over the log, so a crash leaves the old log or the new one, never a mix.
///   The lock is on its own file because that rename replaces the log's inode.
/// - **Why not SQLite**: GRDB.swift is in the offline package set, but it would add a sizeable package (and
///   a build- and run-time dependency on the system's libsqlite3) to every CI build, for a store of a few
///   hundred small records that are written once and updated rarely. SQLite's own safety also rests on POSIX locks that it documents as unreliable on
///   network file systems — the same limits `flock` has. The JSON Lines log is readable with `cat`, `jq` and
///   `grep`, needs nothing beyond libc, and its crash behaviour is simple enough to test exhaustively.
///
/// All methods are synchronous, short, blocking file operations (they may wait for another process's
/// append); call them from a context that may block briefly.
public final class TaskRegistry: Sendable {
    /// When a writer compacts the log on its own.
    public struct CompactionPolicy: Sendable, Equatable {
        /// Logs smaller than this are never compacted by writers.
        public var minimumBytes: Int
        /// Compact when the log is this many times the size it had right after the last compaction.
        public var growthFactor: Int

        public init(minimumBytes: Int = 256 << 10, growthFactor: Int = 2) {
            self.minimumBytes = minimumBytes
            self.growthFactor = max(growthFactor, 1)
        }
    }

    /// Counts that describe the log's health, for diagnostics and tests.
    public struct Diagnostics: Sendable, Equatable {
        /// Live entries.
        public var entries: Int
        /// Events folded.
        public var events: Int
        /// Lines skipped: a torn last line, corrupt lines, or lines of a newer format.
        public var skippedLines: Int
        /// The log's size in bytes.
        public var bytes: Int
    }

    /// The log's file name in the state directory.
    public static let logName = "registry.jsonl"
    /// The lock file's name in the state directory.
    public static let lockName = "registry.lock"
    /// How long after expiry ``prune(now:grace:)`` keeps an entry by default (24 h), so `list` can still show
    /// it as expired for a while.
    public static let defaultPruneGrace: TimeInterval = 24 * 3600
    /// An observation that changes nothing but the last-seen time is written only when it advances that time
    /// by more than this, so a command polling a task does not grow the log every second.
    public static let lastSeenResolution: TimeInterval = 60

    public let directory: StateDirectory
    public let compaction: CompactionPolicy
    /// Whether each append is fsync-ed (on by default: a power loss then loses no acknowledged record).
    public let syncWrites: Bool

    private var logPath: String { directory.file(Self.logName) }
    private var lockPath: String { directory.file(Self.lockName) }

    /// Opens the registry in `directory`, creating its lock file (mode 0600) if needed.
    public init(directory: StateDirectory, compaction: CompactionPolicy = CompactionPolicy(),
                syncWrites: Bool = true) throws(StateError) {
        self.directory = directory
        self.compaction = compaction
        self.syncWrites = syncWrites
        close(try StateFileIO.open(lockPath, O_RDWR | O_CREAT))
    }

    // MARK: - Writing

    /// Records a task mcptask just created. Recording the same server and task id again replaces the entry.
    public func record(_ entry: TaskRegistryEntry) throws(StateError) {
        try StateFileIO.withLock(lockPath, exclusive: true) { () throws(StateError) in
            try append([.create(entry)], to: nil)
        }
    }

    /// Records what a command learned about a task: a status and its message. Does nothing for a task the
    /// registry does not know (one mcptask did not create), for an observation older than the last one
    /// recorded, and for a non-terminal status after a terminal one.
    ///
    /// - Returns: whether the registry knows the task.
    @discardableResult
    public func update(serverKey: String, taskId: String, status: TaskStatus, statusMessage: String?,
                       ttl: Int? = nil, seenAt: Date = Date()) throws(StateError) -> Bool {
        try observe(serverKey: serverKey,
                    changes: [(taskId, status, statusMessage, ttl)], seenAt: seenAt) == 1
    }

    /// Records a task's state as the server reported it (`tasks/get`, a status notification, a `tasks/list`
    /// row); see ``update(serverKey:taskId:status:statusMessage:ttl:seenAt:)``.
    ///
    /// - Returns: whether the registry knows the task.
    @discardableResult
    public func observe(serverKey: String, task: MCPTask, seenAt: Date = Date()) throws(StateError) -> Bool {
        try observe(serverKey: serverKey, tasks: [task], seenAt: seenAt) == 1
    }

    /// Records many tasks' states at once (a `tasks/list` page): one lock, one write.
    ///
    /// - Returns: how many of the tasks the registry knows.
    @discardableResult
    public func observe(serverKey: String, tasks: [MCPTask], seenAt: Date = Date()) throws(StateError) -> Int {
        try observe(serverKey: serverKey, changes: tasks.map { ($0.taskId, $0.status, $0.statusMessage, $0.ttl) },
                    seenAt: seenAt)
    }

    /// Marks every task of `serverKey` created in the session `sessionId` as unreachable (the server no longer
    /// knows the session).
    ///
    /// - Returns: the number of entries marked.
    @discardableResult
    public func markUnreachable(serverKey: String, sessionId: String, at now: Date = Date()) throws(StateError) -> Int {
        try StateFileIO.withLock(lockPath, exclusive: true) { () throws(StateError) -> Int in
            let state = try readState()
            let affected = state.entries.filter { $0.serverKey == serverKey && $0.sessionId == sessionId }
            guard affected.contains(where: { !$0.unreachable }) else { return affected.count }
            try append([.unreachable(serverKey: serverKey, sessionId: sessionId, at: now)], to: state)
            return affected.count
        }
    }

    /// Removes entries whose ttl ran out more than `grace` ago, and compacts the log.
    ///
    /// - Returns: the removed entries.
    @discardableResult
    public func prune(now: Date = Date(), grace: TimeInterval = defaultPruneGrace) throws(StateError) -> [TaskRegistryEntry] {
        try StateFileIO.withLock(lockPath, exclusive: true) { () throws(StateError) -> [TaskRegistryEntry] in
            var state = try readState()
            let removed = state.removeAll { $0.isExpired(now: now.addingTimeInterval(-grace)) }
            if !removed.isEmpty || state.skippedLines > 0 || state.eventCount > state.count + 1 {
                try rewrite(state, now: now)
            }
            return removed
        }
    }

    /// Rewrites the log as its folded state (one line per live entry).
    public func compact(now: Date = Date()) throws(StateError) {
        try StateFileIO.withLock(lockPath, exclusive: true) { () throws(StateError) in
            try rewrite(try readState(), now: now)
        }
    }

    // MARK: - Reading

    /// The latest state of every recorded task, optionally of one server only, newest first.
    public func entries(serverKey: String? = nil) throws(StateError) -> [TaskRegistryEntry] {
        let all = try sharedState().entries
        guard let serverKey else { return all }
        return all.filter { $0.serverKey == serverKey }
    }

    /// The entry for a task of a server.
    public func entry(serverKey: String, taskId: String) throws(StateError) -> TaskRegistryEntry? {
        try sharedState().entry(serverKey: serverKey, taskId: taskId)
    }

    /// The entries for a task id on any server, newest first (for `get <id>` without a server: more than one
    /// means the id is ambiguous).
    public func entries(taskId: String) throws(StateError) -> [TaskRegistryEntry] {
        try sharedState().entries.filter { $0.taskId == taskId }
    }

    /// The newest entry for a task id on any server.
    public func entry(taskId: String) throws(StateError) -> TaskRegistryEntry? {
        try entries(taskId: taskId).first
    }

    /// Counts describing the log.
    public func diagnostics() throws(StateError) -> Diagnostics {
        try StateFileIO.withLock(lockPath, exclusive: false) { () throws(StateError) -> Diagnostics in
            let bytes = try readLog()
            let state = TaskRegistryState(log: bytes)
            return Diagnostics(entries: state.count, events: state.eventCount, skippedLines: state.skippedLines,
                               bytes: bytes.count)
        }
    }

    // MARK: - Internals (the caller holds the lock)

    private func sharedState() throws(StateError) -> TaskRegistryState {
        try StateFileIO.withLock(lockPath, exclusive: false) { () throws(StateError) in try readState() }
    }

    private func observe(serverKey: String, changes: [(String, TaskStatus, String?, Int?)],
                         seenAt: Date) throws(StateError) -> Int {
        guard !changes.isEmpty else { return 0 }
        return try StateFileIO.withLock(lockPath, exclusive: true) { () throws(StateError) -> Int in
            let state = try readState()
            var known = 0
            var events: [TaskRegistryEvent] = []
            for (taskId, status, message, ttl) in changes {
                guard let current = state.entry(serverKey: serverKey, taskId: taskId) else { continue }
                known += 1
                let next = TaskRegistryState.updated(current, status: status, statusMessage: message, ttl: ttl,
                                                     seenAt: seenAt)
                var unchanged = next
                unchanged.lastSeen = current.lastSeen
                if unchanged == current, next.lastSeen.timeIntervalSince(current.lastSeen) <= Self.lastSeenResolution {
                    continue
                }
                events.append(.update(serverKey: serverKey, taskId: taskId, status: status, statusMessage: message,
                                      ttl: ttl, seenAt: seenAt))
            }
            if !events.isEmpty { try append(events, to: state) }
            return known
        }
    }

    private func readLog() throws(StateError) -> [UInt8] {
        guard let fd = try StateFileIO.openIfExists(logPath, O_RDONLY) else { return [] }
        defer { close(fd) }
        return try StateFileIO.readAll(fd, path: logPath)
    }

    private func readState() throws(StateError) -> TaskRegistryState {
        TaskRegistryState(log: try readLog())
    }

    /// Appends events as one write, starting a fresh line if a killed writer left a torn one, then compacts if
    /// the log has grown enough. `state` is the state before the append when the caller has it.
    private func append(_ events: [TaskRegistryEvent], to state: TaskRegistryState?) throws(StateError) {
        let fd = try StateFileIO.open(logPath, O_RDWR | O_APPEND | O_CREAT)
        var size: Int
        do {
            size = try StateFileIO.size(fd, path: logPath)
            var bytes: [UInt8] = []
            if size > 0, try StateFileIO.read(fd, at: size - 1, count: 1, path: logPath) != [0x0A] {
                bytes.append(0x0A)
            }
            for event in events { bytes += event.line }
            try StateFileIO.writeAll(fd, bytes, path: logPath)
            if syncWrites { try StateFileIO.sync(fd, path: logPath) }
            size += bytes.count
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard size >= compaction.minimumBytes else { return }
        let base: Int
        if let state { base = state.compactedBytes } else { base = try compactedBytesFromHeader() }
        guard size >= compaction.growthFactor * base else { return }
        try rewrite(try readState(), now: Date())
    }

    /// The body size the last compaction recorded in the log's first line, without reading the whole log.
    private func compactedBytesFromHeader() throws(StateError) -> Int {
        guard let fd = try StateFileIO.openIfExists(logPath, O_RDONLY) else { return 0 }
        defer { close(fd) }
        let head = try StateFileIO.read(fd, at: 0, count: 256, path: logPath)
        guard let end = head.firstIndex(of: 0x0A),
              case .compacted(let bytes, _)? = TaskRegistryEvent(line: head[..<end])
        else { return 0 }
        return bytes
    }

    private func rewrite(_ state: TaskRegistryState, now: Date) throws(StateError) {
        try StateFileIO.replace(logPath, with: state.compactedLog(at: now), directory: directory.path)
    }
}
