import Foundation
import Testing
@testable import MCPTaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Real processes writing one registry: the test binary starts copies of itself that run only
/// ``StateRegistryChildProcess/entryPoint()``, which does its work when the environment says so.
///
/// This exercises what threads cannot: separate address spaces and `kill -9` at arbitrary points (also in the
/// middle of a compaction).
@Suite("TaskRegistry across processes", .serialized)
struct StateRegistryProcessTests {
    /// 20 processes × 25 records, with compactions running among the appends: nothing is lost.
    @Test func twentyProcessesLoseNoEntry() async throws {
        guard let binary = testBinary() else { return }
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let exits = try await onOwnThread {
            let children = try (0..<20).map { worker in
                try ChildProcess(binary: binary, mode: "append", directory: scratch, worker: worker, count: 25,
                                 log: scratch + "/child-\(worker).out")
            }
            return children.map { ($0.worker, $0.wait(), $0.log) }
        }
        for (worker, status, log) in exits {
            #expect(status == 0, "child \(worker) exited with \(status): \(readText(log).suffix(2000))")
        }
        let registry = try TaskRegistry(directory: try StateDirectory(path: scratch))
        let ids = Set(try registry.entries().map(\.taskId))
        let expected = Set((0..<20).flatMap { w in (0..<25).map { "p\(w)-\($0)" } })
        #expect(ids == expected, "missing: \(expected.subtracting(ids).sorted().prefix(20))")
        #expect(try registry.diagnostics().skippedLines == 0)
    }

    /// Writers killed with SIGKILL while appending and compacting: the registry stays readable, every entry
    /// that was visible before the kill is still there, and the next writer appends cleanly.
    @Test(arguments: 0..<2)
    func killNineLeavesAReadableRegistry(round: Int) async throws {
        guard let binary = testBinary() else { return }
        let scratch = makeScratch()
        defer { removeScratch(scratch) }
        let directory = try StateDirectory(path: scratch)
        let target = 80 + 40 * round
        let visible = try await onOwnThread { () throws -> Set<String> in
            let children = try (0..<4).map { worker in
                try ChildProcess(binary: binary, mode: "forever", directory: scratch, worker: worker, count: 0,
                                 log: scratch + "/child-\(worker).out")
            }
            defer {
                for child in children { child.killNine() }
                for child in children { _ = child.wait() }
            }
            // Poll (bounded) until the writers have produced enough to have compacted many times.
            let registry = try TaskRegistry(directory: directory)
            let deadline = Date().addingTimeInterval(60)
            var visible: Set<String> = []
            while visible.count < target, Date() < deadline {
                visible = Set(try registry.entries().map(\.taskId))
                usleep(2000)
            }
            // What a reader saw last, just before the kill.
            return Set(try registry.entries().map(\.taskId))
        }
        #expect(visible.count >= target, "the writers made progress")

        let after = try TaskRegistry(directory: directory)
        let survivors = Set(try after.entries().map(\.taskId))
        #expect(visible.isSubset(of: survivors), "lost: \(visible.subtracting(survivors).sorted().prefix(20))")
        #expect(try after.diagnostics().skippedLines <= 1, "at most one torn line")

        try after.record(makeEntry("after-kill"))
        #expect(try after.entry(taskId: "after-kill") != nil)
        try after.compact()
        #expect(try after.diagnostics().skippedLines == 0)
        #expect(Set(try after.entries().map(\.taskId)) == survivors.union(["after-kill"]))
    }

    /// The test binary, when it can be started again (Linux: `/proc/self/exe`); nil elsewhere, where the
    /// thread-based tests in ``StateRegistryConcurrencyTests`` still run.
    private func testBinary() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return path
    }
}

/// A copy of the test binary running ``StateRegistryChildProcess/entryPoint()``.
private struct ChildProcess {
    let worker: Int
    let log: String
    private let process: Process

    init(binary: String, mode: String, directory: String, worker: Int, count: Int, log: String) throws {
        self.worker = worker
        self.log = log
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--testing-library", "swift-testing", "--filter", "registryChildProcessEntryPoint"]
        var environment = ProcessInfo.processInfo.environment
        environment[StateRegistryChildProcess.modeVariable] = mode
        environment["MCPTASK_STATE_TEST_DIR"] = directory
        environment["MCPTASK_STATE_TEST_WORKER"] = String(worker)
        environment["MCPTASK_STATE_TEST_COUNT"] = String(count)
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// Sends SIGKILL, as `kill -9` does.
    func killNine() { _ = kill(process.processIdentifier, SIGKILL) }

    /// The exit status (or the negated terminating signal).
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    }
}

/// The work of a child process; a no-op in an ordinary test run.
@Suite("TaskRegistry child process")
struct StateRegistryChildProcess {
    static let modeVariable = "MCPTASK_STATE_TEST_CHILD"

    @Test("child process entry point (does nothing unless started by the process tests)")
    func registryChildProcessEntryPoint() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let mode = environment[Self.modeVariable], let path = environment["MCPTASK_STATE_TEST_DIR"],
              let worker = environment["MCPTASK_STATE_TEST_WORKER"].flatMap(Int.init),
              let count = environment["MCPTASK_STATE_TEST_COUNT"].flatMap(Int.init)
        else { return }
        // "forever" compacts on every append past 8 KiB, so that kills land in compactions too.
        let policy: TaskRegistry.CompactionPolicy = mode == "append"
            ? .init(minimumBytes: 16 << 10, growthFactor: 2) : .init(minimumBytes: 8 << 10, growthFactor: 1)
        let registry = try TaskRegistry(directory: try StateDirectory(path: path), compaction: policy,
                                        syncWrites: mode == "append")
        switch mode {
        case "append":
            for n in 0..<count {
                try registry.record(makeEntry("p\(worker)-\(n)", server: "server-\(worker % 3)"))
            }
        case "forever":
            // Runs until killed; the bound only keeps an orphan from running for ever.
            let stop = Date().addingTimeInterval(120)
            var n = 0
            while Date() < stop {
                let id = "k\(worker)-\(n)"
                try registry.record(makeEntry(id, server: "server-\(worker % 2)"))
                if n % 3 == 0 {
                    try registry.update(serverKey: "server-\(worker % 2)", taskId: id, status: .completed,
                                        statusMessage: "done", seenAt: t0.addingTimeInterval(1))
                }
                n += 1
            }
        default:
            Issue.record("unknown child mode \(mode)")
        }
    }
}
