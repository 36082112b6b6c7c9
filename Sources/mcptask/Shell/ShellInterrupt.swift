import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and `--timeout` for a command typed in `mcptask shell`: like ``Interruptible`` but for one command at
/// a time, and a Ctrl-C never ends the shell (the CLI's "second Ctrl-C exits" would, over a long session).
enum ShellInterrupt {
    /// Runs `body`; throws ``StopReason`` when Ctrl-C arrives or `timeout` seconds pass (the body is cancelled).
    static func run<T: Sendable>(timeout: Double?, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let interrupts = ShellSignals.shared.stream()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                for await _ in interrupts { throw StopReason.interrupted }
                return nil
            }
            if let timeout {
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                    throw StopReason.timedOut(timeout)
                }
            }
            defer { group.cancelAll() }
            while let value = try await group.next() {
                if let value { return value }
            }
            throw CancellationError()
        }
    }
}

/// SIGINT as an async stream for whoever waits at the moment; SIGINT never ends the process by itself (at the
/// prompt the terminal sends Ctrl-C as a key, which clears the line).
final class ShellSignals: Sendable {
    static let shared = ShellSignals()

    private struct State {
        var continuations: [Int: AsyncStream<Void>.Continuation] = [:]
        var next = 0
    }
    private let state = Mutex(State())
    nonisolated(unsafe) private let source: DispatchSourceSignal

    private init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            for continuation in state.withLock({ Array($0.continuations.values) }) { continuation.yield() }
        }
        source.resume()
    }

    /// A stream that yields once per SIGINT from now on, until it is dropped.
    func stream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let key = state.withLock { s -> Int in
            defer { s.next += 1 }
            s.continuations[s.next] = continuation
            return s.next
        }
        continuation.onTermination = { [self] _ in _ = self.state.withLock { $0.continuations.removeValue(forKey: key) } }
        return stream
    }
}
