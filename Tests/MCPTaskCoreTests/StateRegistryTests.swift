import Foundation
import Testing
@testable import MCPTaskCore

/// A fixed, millisecond-aligned clock for registry tests.
let t0 = Date(timeIntervalSince1970: 1_764_064_800) // 2025-11-25T10:00:00Z

func makeEntry(_ taskId: String, server: String = "https://example.com/mcp#0123456789abcdef",
               session: String? = "s1", tool: String = "deploy", status: TaskStatus = .working,
               createdAt: String? = "2025-11-25T10:00:00Z", ttl: Int? = nil,
               recordedAt: Date = t0) -> TaskRegistryEntry {
    TaskRegistryEntry(serverKey: server, serverLabel: "demo", sessionId: session, taskId: taskId, toolName: tool,
                      argumentsDigest: ArgumentsDigest.hex(["env": "prod"]), createdAt: createdAt, ttl: ttl,
                      generation: "2025-11-25", status: status, statusMessage: "started", recordedAt: recordedAt)
}

/// A registry in a fresh scratch directory.
final class ScratchRegistry {
    let path: String
    let directory: StateDirectory
    let registry: TaskRegistry
    var log: String { directory.file(TaskRegistry.logName) }

    init(compaction: TaskRegistry.CompactionPolicy = .init()) throws {
        path = makeScratch()
        directory = try StateDirectory(path: path)
        registry = try TaskRegistry(directory: directory, compaction: compaction, syncWrites: false)
    }

    /// Another registry instance on the same directory (its own file descriptors, like another process).
    func reopen() throws -> TaskRegistry { try TaskRegistry(directory: directory) }

    deinit { removeScratch(path) }
}

@Suite("TaskRegistry")
struct StateRegistryTests {
    @Test func recordsAndReadsBackEveryField() throws {
        let s = try ScratchRegistry()
        var entry = makeEntry("t1", ttl: 60_000)
        entry.lastSeen = t0.addingTimeInterval(1.5)
        entry.statusMessage = "line\nbreak \u{2028} \"quoted\""
        try s.registry.record(entry)
        #expect(try s.reopen().entries() == [entry])
        #expect(try s.reopen().entry(serverKey: entry.serverKey, taskId: "t1") == entry)
        #expect(readText(s.log).filter { $0 == "\n" }.count == 1, "one event, one line")
    }

    @Test func entryFromACreatedTask() {
        let task = makeTask(.working, "queued", id: "abc", ttl: 30_000)
        let entry = TaskRegistryEntry(serverKey: "k", sessionId: "s", task: task, toolName: "deploy",
                                      arguments: ["b": 2, "a": 1], generation: "2025-11-25", recordedAt: t0)
        #expect(entry.taskId == "abc")
        #expect(entry.statusMessage == "queued")
        #expect(entry.ttl == 30_000)
        #expect(entry.createdAt == "2025-11-25T10:00:00Z")
        #expect(entry.argumentsDigest == ArgumentsDigest.hex(["a": 1, "b": 2]))
        #expect(entry.lastSeen == t0)
    }

    @Test func newestFirstAndFilters() throws {
        let s = try ScratchRegistry()
        try s.registry.record(makeEntry("a", server: "A", recordedAt: t0))
        try s.registry.record(makeEntry("b", server: "B", recordedAt: t0.addingTimeInterval(10)))
        try s.registry.record(makeEntry("c", server: "A", recordedAt: t0.addingTimeInterval(5)))
        try s.registry.record(makeEntry("same", server: "A", recordedAt: t0.addingTimeInterval(20)))
        try s.registry.record(makeEntry("same", server: "B", recordedAt: t0.addingTimeInterval(30)))
        #expect(try s.registry.entries().map(\.taskId) == ["same", "same", "b", "c", "a"])
        #expect(try s.registry.entries(serverKey: "A").map(\.taskId) == ["same", "c", "a"])
        #expect(try s.registry.entry(taskId: "b")?.serverKey == "B")
        #expect(try s.registry.entries(taskId: "same").map(\.serverKey) == ["B", "A"], "ambiguous ids: all, newest first")
        #expect(try s.registry.entry(taskId: "missing") == nil)
        #expect(try s.registry.entry(serverKey: "B", taskId: "a") == nil)
    }

    @Test func recordingTheSameTaskAgainReplacesIt() throws {
        let s = try ScratchRegistry()
        try s.registry.record(makeEntry("t", tool: "first"))
        try s.registry.record(makeEntry("t", tool: "second"))
        #expect(try s.registry.entries().map(\.toolName) == ["second"])
    }

    @Test func observeUpdatesKnownTasksOnly() throws {
        let s = try ScratchRegistry()
        let key = makeEntry("t1").serverKey
        try s.registry.record(makeEntry("t1"))
        let before = readText(s.log)
        #expect(try s.registry.observe(serverKey: key, task: makeTask(.working, id: "unknown"), seenAt: t0) == false)
        #expect(try s.registry.observe(serverKey: "other", task: makeTask(.completed, id: "t1"), seenAt: t0) == false)
        #expect(readText(s.log) == before, "nothing is written for tasks mcptask did not create")

        let seen = t0.addingTimeInterval(5)
        #expect(try s.registry.observe(serverKey: key, task: makeTask(.inputRequired, "need input", id: "t1", ttl: 9000),
                                       seenAt: seen))
        let entry = try #require(try s.registry.entry(serverKey: key, taskId: "t1"))
        #expect(entry.status == .inputRequired)
        #expect(entry.statusMessage == "need input")
        #expect(entry.ttl == 9000)
        #expect(entry.lastSeen == seen)

        #expect(try s.registry.update(serverKey: key, taskId: "t1", status: .completed, statusMessage: nil,
                                      seenAt: seen.addingTimeInterval(1)))
        let done = try #require(try s.registry.entry(serverKey: key, taskId: "t1"))
        #expect(done.status == .completed)
        #expect(done.statusMessage == nil, "a status without a message clears the old message")
        #expect(done.ttl == 9000, "an update without ttl keeps the known one")
    }

    @Test func batchObserveWritesOnce() throws {
        let s = try ScratchRegistry()
        for id in ["a", "b", "c"] { try s.registry.record(makeEntry(id)) }
        let key = makeEntry("a").serverKey
        let known = try s.registry.observe(serverKey: key, tasks: [
            makeTask(.completed, id: "a"), makeTask(.failed, "boom", id: "b"), makeTask(.working, id: "zzz"),
        ], seenAt: t0.addingTimeInterval(1))
        #expect(known == 2)
        #expect(try s.registry.entries().map(\.status.wire).sorted() == ["completed", "failed", "working"])
        #expect(try s.registry.diagnostics().events == 5)
    }

    @Test func staleAndRegressingObservationsAreIgnored() throws {
        let s = try ScratchRegistry()
        let key = makeEntry("t").serverKey
        try s.registry.record(makeEntry("t"))
        try s.registry.update(serverKey: key, taskId: "t", status: .completed, statusMessage: "done",
                              seenAt: t0.addingTimeInterval(10))
        // Another process saw the task earlier but writes later.
        try s.registry.update(serverKey: key, taskId: "t", status: .working, statusMessage: "busy",
                              seenAt: t0.addingTimeInterval(5))
        // A terminal status is final even when a later observation says otherwise.
        try s.registry.update(serverKey: key, taskId: "t", status: .working, statusMessage: "busy",
                              seenAt: t0.addingTimeInterval(20))
        let entry = try #require(try s.registry.entry(serverKey: key, taskId: "t"))
        #expect(entry.status == .completed)
        #expect(entry.statusMessage == "done")
        #expect(entry.lastSeen == t0.addingTimeInterval(10))
    }

    @Test func repeatedIdenticalObservationsAreCoalesced() throws {
        let s = try ScratchRegistry()
        let key = makeEntry("t").serverKey
        try s.registry.record(makeEntry("t"))
        for second in 1...30 {
            try s.registry.observe(serverKey: key, task: makeTask(.working, "started", id: "t"),
                                   seenAt: t0.addingTimeInterval(Double(second)))
        }
        #expect(try s.registry.diagnostics().events == 1, "polling the same state does not grow the log")
        try s.registry.observe(serverKey: key, task: makeTask(.working, "started", id: "t"),
                               seenAt: t0.addingTimeInterval(TaskRegistry.lastSeenResolution + 1))
        #expect(try s.registry.diagnostics().events == 2)
        #expect(try s.registry.entry(taskId: "t")?.lastSeen == t0.addingTimeInterval(TaskRegistry.lastSeenResolution + 1))
    }

    @Test func markUnreachableAffectsOnlyThatSession() throws {
        let s = try ScratchRegistry()
        try s.registry.record(makeEntry("a", server: "A", session: "s1"))
        try s.registry.record(makeEntry("b", server: "A", session: "s1"))
        try s.registry.record(makeEntry("c", server: "A", session: "s2"))
        try s.registry.record(makeEntry("d", server: "B", session: "s1"))
        try s.registry.record(makeEntry("e", server: "A", session: nil))
        #expect(try s.registry.markUnreachable(serverKey: "A", sessionId: "s1", at: t0) == 2)
        let flagged = try s.registry.entries().filter(\.unreachable).map(\.taskId).sorted()
        #expect(flagged == ["a", "b"])
        let events = try s.registry.diagnostics().events
        #expect(try s.registry.markUnreachable(serverKey: "A", sessionId: "s1", at: t0) == 2)
        #expect(try s.registry.diagnostics().events == events, "marking again writes nothing")
        #expect(try s.registry.markUnreachable(serverKey: "A", sessionId: "gone", at: t0) == 0)
    }

    // MARK: - Crash safety

    @Test func tornLastLineIsSkippedAndTheNextAppendStartsAFreshLine() throws {
        let s = try ScratchRegistry()
        try s.registry.record(makeEntry("a"))
        let full = String(decoding: TaskRegistryEvent.create(makeEntry("torn")).line, as: UTF8.self)
        // A writer killed mid-write(2): half a line, no newline.
        appendRaw(s.log, String(full.prefix(full.count / 2)))
        #expect(try s.reopen().entries().map(\.taskId) == ["a"])
        #expect(try s.registry.diagnostics().skippedLines == 1)

        try s.reopen().record(makeEntry("b", recordedAt: t0.addingTimeInterval(1)))
        #expect(try s.registry.entries().map(\.taskId) == ["b", "a"])
        #expect(try s.registry.diagnostics().skippedLines == 1, "the new event did not merge into the torn line")
        let lines = readText(s.log).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines.last == "", "the log ends with a newline again")
    }

    @Test func aCompleteLastLineWithoutNewlineStillCounts() throws {
        let s = try ScratchRegistry()
        let line = String(decoding: TaskRegistryEvent.create(makeEntry("a")).line.dropLast(), as: UTF8.self)
        appendRaw(s.log, line)
        #expect(try s.registry.entries().map(\.taskId) == ["a"])
        try s.registry.record(makeEntry("b"))
        #expect(try s.registry.entries().count == 2)
        #expect(try s.registry.diagnostics().skippedLines == 0)
    }

    @Test func corruptLinesAreSkipped() throws {
        let s = try ScratchRegistry()
        try s.registry.record(makeEntry("a"))
        appendRaw(s.log, "{\"v\":1,\"op\":\"create\",\"entry\":{\"serverKey\":12}}\n") // wrong type
        appendRaw(s.log, "not json at all\n")
        appendRaw(s.log, "\u{0}\u{0}\u{0}\u{0}\n")                                    // zeroed block
        appendRaw(s.log, "{\"v\":99,\"op\":\"create\",\"entry\":{}}\n")                  // a newer format
        appendRaw(s.log, "{\"v\":1,\"op\":\"teleport\"}\n")                              // an unknown event
        appendRaw(s.log, "\n   \n")                                                      // blank lines are not errors
        try s.registry.record(makeEntry("b", recordedAt: t0.addingTimeInterval(1)))
        try s.registry.update(serverKey: makeEntry("a").serverKey, taskId: "a", status: .completed,
                              statusMessage: nil, seenAt: t0.addingTimeInterval(2))
        #expect(try s.registry.entries().map(\.taskId) == ["b", "a"])
        #expect(try s.registry.entry(taskId: "a")?.status == .completed)
        #expect(try s.registry.diagnostics().skippedLines == 5)
    }

    @Test func invalidUTF8IsSkippedNotFatal() throws {
        let s = try ScratchRegistry()
        try s.registry.record(makeEntry("a"))
        let fd = open(s.log, O_WRONLY | O_APPEND)
        let garbage: [UInt8] = [0xFF, 0xFE, 0x22, 0xC3, 0x28, 0x0A]
        _ = garbage.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        #expect(try s.registry.entries().map(\.taskId) == ["a"])
    }

    // MARK: - Compaction

    @Test func compactionPreservesTheState() throws {
        let s = try ScratchRegistry()
        let key = makeEntry("t0").serverKey
        for i in 0..<10 { try s.registry.record(makeEntry("t\(i)", recordedAt: t0.addingTimeInterval(Double(i)))) }
        for i in 0..<10 where i % 2 == 0 {
            try s.registry.update(serverKey: key, taskId: "t\(i)", status: .completed, statusMessage: "ok \(i)",
                                  seenAt: t0.addingTimeInterval(100 + Double(i)))
        }
        try s.registry.markUnreachable(serverKey: key, sessionId: "s1", at: t0)
        appendRaw(s.log, "garbage\n")
        let before = try s.registry.entries()
        try s.registry.compact(now: t0)
        #expect(try s.registry.entries() == before)
        let diagnostics = try s.registry.diagnostics()
        #expect(diagnostics.entries == 10)
        #expect(diagnostics.events == 11, "a header and one create per entry")
        #expect(diagnostics.skippedLines == 0)
        #expect(readText(s.log).hasPrefix("{\"v\":1,\"op\":\"compacted\""))
        // Compacting again is stable.
        let once = readText(s.log)
        try s.registry.compact(now: t0)
        #expect(readText(s.log) == once)
    }

    @Test func writersCompactWhenTheLogHasGrown() throws {
        let s = try ScratchRegistry(compaction: .init(minimumBytes: 4096, growthFactor: 2))
        let key = makeEntry("t").serverKey
        for i in 0..<5 { try s.registry.record(makeEntry("t\(i)")) }
        var maxBytes = 0
        for step in 1...400 {
            let status: TaskStatus = step == 400 ? .completed : .working
            try s.registry.update(serverKey: key, taskId: "t\(step % 5)", status: status, statusMessage: "step \(step)",
                                  seenAt: t0.addingTimeInterval(Double(step)))
            maxBytes = max(maxBytes, try s.registry.diagnostics().bytes)
        }
        #expect(maxBytes < 8192, "the log stays bounded (was \(maxBytes) bytes)")
        let entries = try s.registry.entries()
        #expect(entries.count == 5)
        #expect(try s.registry.entry(serverKey: key, taskId: "t0")?.status == .completed)
        #expect(try s.registry.entry(serverKey: key, taskId: "t4")?.statusMessage == "step 399")
    }

    @Test func aCrashDuringCompactionLeavesTheOldLog() throws {
        let s = try ScratchRegistry()
        for i in 0..<3 { try s.registry.record(makeEntry("t\(i)", recordedAt: t0.addingTimeInterval(Double(i)))) }
        let before = try s.registry.entries()
        let logBefore = readText(s.log)
        // A compaction killed before its rename: a half-written temporary file beside the log.
        let temporary = s.log + ".tmp"
        appendRaw(temporary, "{\"v\":1,\"op\":\"compacted\",\"bytes\":999}\n{\"v\":1,\"op\":\"cre")
        #expect(try s.reopen().entries() == before, "readers never look at the temporary file")
        #expect(readText(s.log) == logBefore)
        // Writers carry on, and the next compaction reuses (truncates) the leftover.
        try s.registry.record(makeEntry("t3", recordedAt: t0.addingTimeInterval(3)))
        try s.registry.compact(now: t0)
        #expect(try s.registry.entries().map(\.taskId) == ["t3", "t2", "t1", "t0"])
        #expect(!FileManager.default.fileExists(atPath: temporary), "the rename consumed the temporary file")
        #expect(try s.registry.diagnostics().skippedLines == 0)
    }

    // MARK: - Expiry

    @Test func expiry() {
        let created = "2025-11-25T10:00:00Z"
        #expect(makeEntry("a", createdAt: created, ttl: nil).isExpired(now: t0.addingTimeInterval(1e9)) == false)
        let e = makeEntry("a", createdAt: created, ttl: 60_000)
        #expect(e.expiresAt == t0.addingTimeInterval(60))
        #expect(e.isExpired(now: t0.addingTimeInterval(60)) == false)
        #expect(e.isExpired(now: t0.addingTimeInterval(60.001)))
        // An offset in createdAt is honoured.
        let offset = makeEntry("b", createdAt: "2025-11-25T12:00:00.500+02:00", ttl: 1000)
        #expect(offset.expiresAt == t0.addingTimeInterval(1.5))
        // Without a readable createdAt, the local record time stands in.
        let local = makeEntry("c", createdAt: "yesterday", ttl: 1000, recordedAt: t0.addingTimeInterval(100))
        #expect(local.expiresAt == t0.addingTimeInterval(101))
        #expect(makeEntry("d", createdAt: nil, ttl: 0, recordedAt: t0).expiresAt == t0)
    }

    @Test func pruneRemovesEntriesPastTheGracePeriod() throws {
        let s = try ScratchRegistry()
        try s.registry.record(makeEntry("forever", ttl: nil))
        try s.registry.record(makeEntry("long", ttl: 7 * 24 * 3600 * 1000))
        try s.registry.record(makeEntry("hour", ttl: 3600 * 1000))
        try s.registry.record(makeEntry("minute", ttl: 60_000))
        let now = t0.addingTimeInterval(24 * 3600 + 120) // a minute past the minute task's grace
        let removed = try s.registry.prune(now: now)
        #expect(removed.map(\.taskId) == ["minute"])
        let left = try s.registry.entries()
        #expect(Set(left.map(\.taskId)) == ["forever", "long", "hour"])
        #expect(left.filter { $0.isExpired(now: now) }.map(\.taskId) == ["hour"], "expired, shown until pruned")
        #expect(try s.registry.prune(now: now, grace: 0).map(\.taskId) == ["hour"])
        #expect(try s.registry.diagnostics().skippedLines == 0)
        #expect(try s.registry.diagnostics().events == 3, "prune compacted the log")
    }

    @Test func emptyRegistry() throws {
        let s = try ScratchRegistry()
        #expect(try s.registry.entries().isEmpty)
        #expect(try s.registry.prune(now: t0).isEmpty)
        #expect(try s.registry.diagnostics() == .init(entries: 0, events: 0, skippedLines: 0, bytes: 0))
    }
}

@Suite("TaskRegistryState (folding)")
struct StateRegistryFoldTests {
    @Test func updatesForUnknownTasksAreIgnored() {
        var state = TaskRegistryState()
        state.apply(.update(serverKey: "k", taskId: "x", status: .completed, statusMessage: nil, ttl: nil, seenAt: t0))
        #expect(state.count == 0)
        #expect(state.eventCount == 1)
    }

    @Test func foldIsOrderSensitiveForCreatesOnly() {
        var state = TaskRegistryState()
        state.apply(.create(makeEntry("a", session: "s")))
        state.apply(.unreachable(serverKey: makeEntry("a").serverKey, sessionId: "s", at: t0))
        state.apply(.create(makeEntry("b", session: "s")))
        #expect(state.entry(serverKey: makeEntry("a").serverKey, taskId: "a")?.unreachable == true)
        #expect(state.entry(serverKey: makeEntry("a").serverKey, taskId: "b")?.unreachable == false,
                "a task created after the event is not affected")
    }

    @Test func eventsRoundTrip() throws {
        let events: [TaskRegistryEvent] = [
            .create(makeEntry("a", ttl: 5)),
            .update(serverKey: "k", taskId: "a", status: .other("paused"), statusMessage: "m", ttl: 7, seenAt: t0),
            .update(serverKey: "k", taskId: "a", status: .failed, statusMessage: nil, ttl: nil, seenAt: t0),
            .unreachable(serverKey: "k", sessionId: "s", at: t0),
            .compacted(bytes: 123, at: t0),
        ]
        for event in events {
            let line = event.line
            #expect(line.last == 0x0A)
            #expect(line.filter { $0 == 0x0A }.count == 1)
            #expect(TaskRegistryEvent(line: line.dropLast()[...]) == event)
        }
    }

    @Test("timestamps", arguments: [
        ("2025-11-25T10:00:00Z", 0.0),
        ("2025-11-25T10:00:00.123Z", 0.123),
        ("2025-11-25t10:00:00z", 0.0),
        ("2025-11-25 10:00:00Z", 0.0),
        ("2025-11-25T11:30:00+01:30", 0.0),
        ("2025-11-25T08:00:00.5-02:00", 0.5),
        ("2025-11-25T10:00:00.123456Z", 0.123456),
    ])
    func timestamps(text: String, offset: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince(t0) - offset) < 1e-6)
    }

    @Test("bad timestamps", arguments: ["", "2025-11-25", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z",
                                        "2025-11-25T10:00:00", "2025-11-25T10:00:00.Z", "2025-11-25T25:00:00Z",
                                        "2025-11-25T10:00:00Zjunk", "yesterday"])
    func badTimestamps(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func timestampFormat() {
        #expect(Timestamp.format(t0) == "2025-11-25T10:00:00.000Z")
        #expect(Timestamp.format(t0.addingTimeInterval(0.25)) == "2025-11-25T10:00:00.250Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
        let now = Date()
        let back = Timestamp.parse(Timestamp.format(now))
        #expect(back.map { abs($0.timeIntervalSince(now)) < 0.001 } == true)
    }
}
