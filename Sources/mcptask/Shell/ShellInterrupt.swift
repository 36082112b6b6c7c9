import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and `--timeout` for a command typed in `mcptask shell`: like ``Interruptible`` but for one command at
/// a time, and a Ctrl-C never ends the shell (the CLI's "second Ctrl-C exits" would, over a long session).
enum ShellInterrupt {
    /// Runs `body`; throws ``StopReason`` when Ctrl-C arrives or `timeout` seconds pass (the body is cancelled).
    static func run<T: Sendable>(timeout: Double?, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let deadline = timeout.map { ContinuousClock.now.advanced(by: .milliseconds(Int64($0 * 1000))) }
        return try await Interruptible.race(interrupts: ShellSignals.shared.stream(), deadline: deadline,
                                            timeout: timeout, body)
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
