import Dispatch
import Foundation
import Synchronization

/// Runs work that Ctrl-C or `--timeout` may stop. The work is cancelled (its pending requests abandoned) and
/// ``StopReason`` is thrown, leaving the caller free to tidy up while the connection is still open. A second
/// Ctrl-C exits at once.
enum Interruptible {
    /// The time the command started, so one `--timeout` covers connecting and working.
    static let commandStart = ContinuousClock.now

    static func run<T: Sendable>(timeout: Double?, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let deadline = timeout.map { commandStart.advanced(by: .milliseconds(Int64($0 * 1000))) }
        return try await race(interrupts: SignalWatch.shared.stream(), deadline: deadline, timeout: timeout, body)
    }

    /// Runs `body` until it finishes, an interrupt arrives (``StopReason/interrupted``) or `deadline` passes
    /// (``StopReason/timedOut(_:)`` with `timeout` for the message); the losers are cancelled.
    static func race<T: Sendable>(interrupts: AsyncStream<Void>, deadline: ContinuousClock.Instant?, timeout: Double?,
                                  _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                for await _ in interrupts { throw StopReason.interrupted }
                return nil
            }
            if let deadline {
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    throw StopReason.timedOut(timeout ?? 0)
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

/// Turns SIGINT into an async stream; the second SIGINT ends the process with status 130.
final class SignalWatch: Sendable {
    static let shared = SignalWatch()

    private struct State {
        var count = 0
        var continuations: [Int: AsyncStream<Void>.Continuation] = [:]
        var next = 0
    }
    private let state = Mutex(State())
    nonisolated(unsafe) private let source: DispatchSourceSignal

    private init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            let (count, conts) = state.withLock { s -> (Int, [AsyncStream<Void>.Continuation]) in
                s.count += 1
                return (s.count, Array(s.continuations.values))
            }
            if count > 1 {
                _ = write(2, "\nmcptask: interrupted again; exiting now\n", 41)
                exit(130)
            }
            for c in conts { c.yield() }
        }
        source.resume()
    }

    func stream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let key = state.withLock { s -> Int in
            defer { s.next += 1 }
            s.continuations[s.next] = continuation
            if s.count > 0 { continuation.yield() }
            return s.next
        }
        continuation.onTermination = { [self] _ in _ = self.state.withLock { $0.continuations.removeValue(forKey: key) } }
        return stream
    }
}
