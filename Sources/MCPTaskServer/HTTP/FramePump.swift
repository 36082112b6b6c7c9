import Synchronization

/// The hand-over between an SSE stream and the HTTP connection writing it: the stream pushes events, the
/// connection takes everything available at once (so a quick answer goes out in one write) and learns when to
/// end the response or drop the connection.
final class FramePump: Sendable {
    struct Frame: Sendable, Equatable {
        var id: String
        var data: [UInt8]
    }

    enum End: Sendable, Equatable {
        /// The stream is complete: end the HTTP response normally.
        case complete
        /// Stop writing this response and close the connection (the client left, or another connection took
        /// over the stream).
        case closed
    }

    struct Batch: Sendable, Equatable {
        var frames: [Frame]
        var end: End?
    }

    private struct State {
        var frames: [Frame] = []
        var committed = false
        var end: End?
        var endDelivered = false
        var waiter: CheckedContinuation<Batch?, Never>?
    }
    private let state = Mutex(State())

    func push(_ frame: Frame) {
        change { $0.frames.append(frame) }
    }

    /// Pushes the last frame and ends, in one step (so the writer sends both in one write).
    func push(_ frame: Frame?, thenFinish end: End) {
        change { s in
            if let frame { s.frames.append(frame) }
            if s.end == nil { s.end = end }
        }
    }

    /// Ask the writer to start the response even without events (headers now, events later).
    func commit() {
        change { $0.committed = true }
    }

    func finish(_ end: End) {
        change { if $0.end == nil { $0.end = end } }
    }

    /// Whether ``finish(_:)`` was called.
    var isFinished: Bool { state.withLock { $0.end != nil } }

    /// Everything available now, waiting if there is nothing yet; nil once the end was delivered.
    func next() async -> Batch? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Batch?, Never>) in
            state.withLock { s in
                if s.endDelivered {
                    continuation.resume(returning: nil)
                } else if let batch = Self.take(&s) {
                    continuation.resume(returning: batch)
                } else {
                    s.waiter = continuation
                }
            }
        }
    }

    private func change(_ body: (inout State) -> Void) {
        state.withLock { s in
            body(&s)
            if let waiter = s.waiter, let batch = Self.take(&s) {
                s.waiter = nil
                waiter.resume(returning: batch)
            }
        }
    }

    private static func take(_ s: inout State) -> Batch? {
        guard !s.frames.isEmpty || s.committed || s.end != nil else { return nil }
        let batch = Batch(frames: s.frames, end: s.end)
        s.frames = []
        s.committed = false
        if s.end != nil { s.endDelivered = true }
        return batch
    }
}
