import MCPTaskCore
import Synchronization

/// The SSE streams of one HTTP session: each POST answered as a stream, and the GET stream. Every event is
/// numbered, kept in the session's ``SSEReplayBuffer`` and written to the connection attached to its stream, if
/// any. A stream outlives its connection: events sent while nobody is attached wait for a `Last-Event-ID`
/// resumption.
final class SSEHub: Sendable {
    private struct Stream {
        var pump: FramePump?
        var lastSeq = 0
        var finished = false
        var buffered = 0
        var handler: (@Sendable (Bool) -> Void)?
    }

    private struct State {
        var buffer: SSEReplayBuffer
        var streams: [Int: Stream] = [:]
        var nextStream = 1
        var closed = false
    }

    private let state: Mutex<State>

    init(buffer: SSEReplayBuffer = SSEReplayBuffer()) {
        self.state = Mutex(State(buffer: buffer))
    }

    /// Opens a new stream (not yet attached to a connection).
    func openStream() -> SSEStreamSink {
        let id = state.withLock { s -> Int in
            defer { s.nextStream += 1 }
            s.streams[s.nextStream] = Stream()
            return s.nextStream
        }
        return SSEStreamSink(hub: self, stream: id)
    }

    /// Whether the stream exists (it may be finished but still replayable).
    func hasStream(_ stream: Int) -> Bool {
        state.withLock { $0.streams[stream] != nil }
    }

    /// Sends one message on a stream; with `final`, the stream is complete afterwards.
    func send(_ message: JSONRPCMessage?, on stream: Int, final: Bool) {
        let data = message?.json.serializedBytes()
        state.withLock { s in
            guard var st = s.streams[stream], !st.finished else { return }
            var frame: FramePump.Frame?
            if let data {
                st.lastSeq += 1
                st.buffered += 1
                let seq = st.lastSeq
                s.streams[stream] = st
                let evicted = s.buffer.append(.init(stream: stream, seq: seq, data: data))
                for old in evicted { Self.forget(old, in: &s) }
                st = s.streams[stream] ?? st
                frame = .init(id: SSEEventID.make(stream: stream, seq: seq), data: data)
            }
            if final {
                st.finished = true
                st.pump?.push(frame, thenFinish: .complete)
            } else if let frame {
                st.pump?.push(frame)
            }
            s.streams[stream] = st
        }
    }

    private static func forget(_ event: SSEReplayBuffer.Event, in s: inout State) {
        guard var st = s.streams[event.stream] else { return }
        st.buffered -= 1
        if st.finished, st.buffered <= 0, st.pump == nil {
            s.streams[event.stream] = nil
        } else {
            s.streams[event.stream] = st
        }
    }

    func commit(_ stream: Int) {
        let pump = state.withLock { $0.streams[stream]?.pump }
        pump?.commit()
    }

    func isAttached(_ stream: Int) -> Bool {
        state.withLock { $0.streams[stream]?.pump != nil }
    }

    func setHandler(_ handler: (@Sendable (Bool) -> Void)?, for stream: Int) {
        state.withLock { $0.streams[stream]?.handler = handler }
    }

    /// Attaches a connection to a stream. With `after`, the kept events after that position are replayed first;
    /// without, only new events are written. A connection already attached is told to close. Returns the pump
    /// and the position of the stream now (the id of a priming event); nil when the stream is unknown.
    func attach(_ stream: Int, after: Int?) -> (pump: FramePump, position: Int)? {
        let pump = FramePump()
        let result = state.withLock { s -> (old: FramePump?, handler: (@Sendable (Bool) -> Void)?, position: Int)? in
            guard !s.closed, var st = s.streams[stream] else { return nil }
            if let after {
                for event in s.buffer.events(stream: stream, after: after) {
                    pump.push(.init(id: SSEEventID.make(stream: stream, seq: event.seq), data: event.data))
                }
            }
            if st.finished { pump.finish(.complete) }
            let old = st.pump
            st.pump = pump
            s.streams[stream] = st
            return (old, st.handler, st.lastSeq)
        }
        guard let result else { return nil }
        result.old?.finish(.closed)
        result.handler?(true)
        return (pump, result.position)
    }

    /// The connection of `pump` is gone (or done); if it still holds the stream, the stream is detached.
    func detach(_ stream: Int, pump: FramePump) {
        let handler = state.withLock { s -> (@Sendable (Bool) -> Void)? in
            guard var st = s.streams[stream], st.pump === pump else { return nil }
            st.pump = nil
            if st.finished, st.buffered <= 0 {
                s.streams[stream] = nil
            } else {
                s.streams[stream] = st
            }
            return st.finished ? nil : st.handler
        }
        pump.finish(.closed)
        handler?(false)
    }

    /// The session ended: complete every attached stream; nothing can attach any more.
    func close() {
        let pumps = state.withLock { s -> [FramePump] in
            s.closed = true
            let pumps = s.streams.values.compactMap(\.pump)
            s.streams = [:]
            return pumps
        }
        for pump in pumps { pump.finish(.complete) }
    }
}

/// One SSE stream of a session, as the server writes to it.
final class SSEStreamSink: MessageSink {
    let hub: SSEHub
    let stream: Int

    init(hub: SSEHub, stream: Int) {
        self.hub = hub
        self.stream = stream
    }

    var canSendRequests: Bool { true }
    var isConnected: Bool { hub.isAttached(stream) }

    func send(_ message: JSONRPCMessage) {
        hub.send(message, on: stream, final: false)
    }

    /// Sends the answer (if any) and completes the stream.
    func finish(with answer: JSONRPCMessage?) {
        hub.send(answer, on: stream, final: true)
    }

    func setConnectivityHandler(_ handler: (@Sendable (Bool) -> Void)?) {
        hub.setHandler(handler, for: stream)
    }

    func beginStreaming() {
        hub.commit(stream)
    }
}
