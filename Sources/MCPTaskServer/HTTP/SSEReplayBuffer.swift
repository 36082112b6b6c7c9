import NIOCore

/// The events a session's SSE streams carried recently, kept so that a client whose stream broke can resume it
/// with `Last-Event-ID` (spec `basic/transports`, "Resumability and Redelivery"). Bounded in count and bytes:
/// the oldest events go first.
public struct SSEReplayBuffer: Sendable {
    public struct Event: Sendable, Equatable {
        /// The stream (within the session) the event belongs to.
        public var stream: Int
        /// Position in that stream, from 1.
        public var seq: Int
        /// The JSON-RPC message, serialised.
        public var data: [UInt8]

        public init(stream: Int, seq: Int, data: [UInt8]) {
            self.stream = stream
            self.seq = seq
            self.data = data
        }
    }

    public let maxEvents: Int
    public let maxBytes: Int
    private var events = CircularBuffer<Event>()
    public private(set) var totalBytes = 0

    public init(maxEvents: Int = 1024, maxBytes: Int = 64 << 20) {
        self.maxEvents = max(1, maxEvents)
        self.maxBytes = max(1, maxBytes)
    }

    public var count: Int { events.count }

    /// Adds an event and returns the ones evicted to make room (never the new one, however large).
    public mutating func append(_ event: Event) -> [Event] {
        events.append(event)
        totalBytes += event.data.count
        var evicted: [Event] = []
        while events.count > 1, events.count > maxEvents || totalBytes > maxBytes {
            let old = events.removeFirst()
            totalBytes -= old.data.count
            evicted.append(old)
        }
        return evicted
    }

    /// The kept events of `stream` after position `seq`, in order.
    public func events(stream: Int, after seq: Int) -> [Event] {
        events.filter { $0.stream == stream && $0.seq > seq }
    }
}

/// SSE event ids: `<stream>-<seq>`, unique within a session and naming the stream they belong to, so a
/// `Last-Event-ID` tells which stream to resume and from where.
public enum SSEEventID {
    public static func make(stream: Int, seq: Int) -> String { "\(stream)-\(seq)" }

    public static func parse(_ text: String) -> (stream: Int, seq: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let stream = Int(parts[0]), let seq = Int(parts[1]), stream > 0, seq >= 0 else {
            return nil
        }
        return (stream, seq)
    }
}
