import Foundation
@testable import MCPTaskCore

/// A scripted ``TaskProtocolDriver``: `getTask` hands out snapshots from a script (the last one repeats),
/// `awaitPayload` throws scripted errors first and then blocks until the test releases a payload, and status
/// updates are pushed by the test. Every call is recorded.
struct FakeTaskDriver: TaskProtocolDriver {
    let state: FakeDriverState
    let hasBlockingResult: Bool
    var generation: ProtocolGeneration { .v2025_11_25 }
    var capabilities: TaskCapabilities { TaskCapabilities(toolCalls: true, list: true, cancel: true) }

    init(snapshots: [TaskSnapshot], hasBlockingResult: Bool = true, awaitErrors: [any Error] = []) {
        state = FakeDriverState(snapshots: snapshots, awaitErrors: awaitErrors)
        self.hasBlockingResult = hasBlockingResult
    }

    func callTool(name: String, arguments: JSONObject, asTask: Bool, ttl: Int?) async throws -> ToolCallStart {
        throw MCPError.unsupported("not scripted")
    }

    func getTask(_ taskId: String) async throws -> TaskSnapshot {
        try await state.nextSnapshot(taskId)
    }

    func awaitPayload(_ taskId: String) async throws -> TaskPayload {
        if let error = await state.beginAwait() { throw error }
        while true {
            if let payload = await state.payload { return payload }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func listTasks(cursor: String?) async throws -> TaskPage { TaskPage(tasks: [], nextCursor: nil) }
    func cancelTask(_ taskId: String) async throws -> MCPTask? { nil }
    func statusUpdates() async -> AsyncStream<MCPTask> { await state.makeUpdates() }
}

actor FakeDriverState {
    private var snapshots: [TaskSnapshot]
    private var awaitErrors: [any Error]
    private(set) var payload: TaskPayload?
    private(set) var getTimes: [ContinuousClock.Instant] = []
    private(set) var awaitCalls = 0
    private var updates: AsyncStream<MCPTask>.Continuation?
    private var getError: (any Error)?

    init(snapshots: [TaskSnapshot], awaitErrors: [any Error]) {
        self.snapshots = snapshots
        self.awaitErrors = awaitErrors
    }

    var getCount: Int { getTimes.count }

    func nextSnapshot(_ taskId: String) throws -> TaskSnapshot {
        getTimes.append(.now)
        if let getError { throw getError }
        if snapshots.count > 1 { return snapshots.removeFirst() }
        return snapshots[0]
    }

    func beginAwait() -> (any Error)? {
        awaitCalls += 1
        return awaitErrors.isEmpty ? nil : awaitErrors.removeFirst()
    }

    func setSnapshots(_ s: [TaskSnapshot]) { snapshots = s }
    func setPayload(_ p: TaskPayload) { payload = p }
    func setGetError(_ e: any Error) { getError = e }

    func makeUpdates() -> AsyncStream<MCPTask> {
        let (stream, continuation) = AsyncStream<MCPTask>.makeStream()
        updates = continuation
        return stream
    }

    /// Pushes a status notification; false if the waiter has not subscribed yet.
    @discardableResult
    func push(_ task: MCPTask) -> Bool {
        guard let updates else { return false }
        updates.yield(task)
        return true
    }
}

/// Collects what `onUpdate` saw.
final class UpdateRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [MCPTask] = []

    func record(_ task: MCPTask) {
        lock.lock()
        items.append(task)
        lock.unlock()
    }

    var all: [MCPTask] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }

    var states: [String] { all.map { $0.status.wire + ($0.statusMessage.map { ":" + $0 } ?? "") } }
}

/// Waits until `condition` holds, polling; false after `limit`.
func eventually(_ limit: Duration = .seconds(5), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}
