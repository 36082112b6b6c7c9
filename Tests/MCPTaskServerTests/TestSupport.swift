import MCPTaskCore
import Synchronization
@testable import MCPTaskServer

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let millis: Mutex<UnixMillis>

    init(_ start: UnixMillis = 1_764_000_000_000) {
        millis = Mutex(start)
    }

    var now: UnixMillis { millis.withLock { $0 } }
    var clock: TaskClock { TaskClock { self.now } }

    func advance(_ ms: Int) {
        millis.withLock { $0 += UnixMillis(ms) }
    }
}

/// Collects values from any thread, in order.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func record(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// A one-shot value the test supplies later: work waits on it without any sleep.
final class Gate<Value: Sendable>: Sendable {
    private let stream: AsyncStream<Value>
    private let continuation: AsyncStream<Value>.Continuation

    init() {
        (stream, continuation) = AsyncStream<Value>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func open(_ value: Value) { continuation.yield(value) }

    /// The value, or nil when the waiting task is cancelled first.
    func wait() async -> Value? {
        for await value in stream { return value }
        return nil
    }
}

extension RPCError {
    static func code(of body: () throws -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch let error as RPCError {
            return error.code
        } catch {
            return nil
        }
    }
}

/// Runs `body` and returns the JSON-RPC error code it threw (nil if it did not throw one).
func rpcCode(_ body: () async throws -> Void) async -> Int? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return error.code
    } catch {
        return nil
    }
}

let testPolicy = TaskTable.Policy(maxTTL: 60_000, pollInterval: 250, pageSize: 2, sharedTasks: false)

extension JSONValue {
    /// Array element lookup for tests; nil for other values or out of range.
    subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
