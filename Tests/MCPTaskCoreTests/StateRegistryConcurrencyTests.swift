import Foundation
import Synchronization
import Testing
@testable import MCPTaskCore

/// Runs `body(0..<count)` on `count` real threads (not the cooperative pool, which has as many threads as
/// cores), all released together, and returns the errors they threw. Blocks: call it inside ``onOwnThread(_:)``.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
    let failures = Mutex<[String]>([])
    let group = DispatchGroup()
    let gate = DispatchSemaphore(value: 0)
    for index in 0..<count {
        group.enter()
        Thread {
            gate.wait()
            do {
                try body(index)
            } catch {
                failures.withLock { $0.append("thread \(index): \(error)") }
            }
            group.leave()
        }.start()
    }
    for _ in 0..<count { gate.signal() }
    group.wait()
    return failures.withLock { $0 }
}

@Suite("TaskRegistry under concurrency")
struct StateRegistryConcurrencyTests {
    /// 20 writers × 50 records, each writer with its own `TaskRegistry` (its own file descriptions, so `flock`
    /// excludes them from each other exactly as it excludes processes), with a compaction policy small enough
    /// that compactions run in the middle of other writers' appends.
    @Test func twentyWritersLoseNoEntry() async throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let dir = try StateDirectory(path: scratch)
        let policy = TaskRegistry.CompactionPolicy(minimumBytes: 32 << 10, growthFactor: 2)
        let failures = try await onOwnThread {
            runOnThreads(20) { worker in
                let registry = try TaskRegistry(directory: dir, compaction: policy)
                for n in 0..<50 {
                    try registry.record(makeEntry("w\(worker)-\(n)", server: "server-\(worker % 4)",
                                                  recordedAt: t0.addingTimeInterval(Double(n))))
                    if n % 10 == 0 { _ = try registry.entries(serverKey: "server-\(worker % 4)") }
                }
            }
        }
        #expect(failures == [])
        let registry = try TaskRegistry(directory: dir)
        let entries = try registry.entries()
        #expect(entries.count == 1000)
        let expected = Set((0..<20).flatMap { w in (0..<50).map { "w\(w)-\($0)" } })
        #expect(Set(entries.map(\.taskId)) == expected)
        let diagnostics = try registry.diagnostics()
        #expect(diagnostics.skippedLines == 0, "no interleaved or torn lines")
        #expect(diagnostics.events <= 1001)
        #expect(!FileManager.default.fileExists(atPath: dir.file(TaskRegistry.logName) + ".tmp"))
    }

    /// Writers that record and then update their tasks while readers fold and `prune` compacts: every task
    /// ends in its last status.
    @Test func recordsUpdatesAndCompactionsInterleave() async throws {
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let dir = try StateDirectory(path: scratch)
        let policy = TaskRegistry.CompactionPolicy(minimumBytes: 8 << 10, growthFactor: 2)
        let failures = try await onOwnThread {
            runOnThreads(14) { worker in
                let registry = try TaskRegistry(directory: dir, compaction: policy, syncWrites: false)
                if worker < 10 {
                    for n in 0..<15 {
                        let id = "w\(worker)-\(n)"
                        try registry.record(makeEntry(id, server: "S"))
                        try registry.update(serverKey: "S", taskId: id, status: .working, statusMessage: "half",
                                            seenAt: t0.addingTimeInterval(1))
                        try registry.update(serverKey: "S", taskId: id, status: .completed, statusMessage: "done",
                                            seenAt: t0.addingTimeInterval(2))
                    }
                } else {
                    for _ in 0..<20 {
                        _ = try registry.entries()
                        try registry.prune(now: t0)
                    }
                }
            }
        }
        #expect(failures == [])
        let entries = try TaskRegistry(directory: dir).entries()
        #expect(entries.count == 150)
        #expect(entries.allSatisfy { $0.status == .completed && $0.statusMessage == "done" })
        #expect(try TaskRegistry(directory: dir).diagnostics().skippedLines == 0)
    }
}
