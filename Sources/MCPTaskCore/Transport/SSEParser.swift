/// One Server-Sent Event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; "message" when absent.
    public var event: String
    /// The `data:` lines joined with newlines.
    public var data: String
    /// The `id:` field of this event, if it had one.
    public var id: String?
    /// A `retry:` value in milliseconds, if the event carried one.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// An incremental parser for the `text/event-stream` format (WHATWG HTML, "Server-sent events").
///
/// Feed it bytes as they arrive, split anywhere (even between CR and LF or inside a UTF-8 sequence); it returns
/// each event as soon as its terminating blank line is seen. An event whose data grows past `maxEventBytes`
/// makes ``feed(_:)`` throw, so a hostile stream cannot exhaust memory.
public struct SSEParser: Sendable {
    public struct Oversized: Error, Sendable, Equatable {}

    public let maxEventBytes: Int
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var eventID: String?
    private var retry: Int?
    /// The last event id seen (persists across events, as `Last-Event-ID` requires).
    public private(set) var lastEventID: String?

    public init(maxEventBytes: Int = 16 << 20) { self.maxEventBytes = maxEventBytes }

    /// Feeds a chunk; returns the events it completes.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(Oversized) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for b in chunk {
            if b == 0x0A, lastWasCR {
                lastWasCR = false
                continue  // LF of a CRLF pair already handled at the CR
            }
            lastWasCR = (b == 0x0D)
            if b == 0x0A || b == 0x0D {
                if let event = try processLine() { events.append(event) }
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(b)
                if line.count > maxEventBytes { throw Oversized() }
            }
        }
        return events
    }

    /// Called when the stream ends: per the standard, an event without its final blank line is discarded.
    public mutating func finish() {
        line = []
        resetEvent()
    }

    private mutating func resetEvent() {
        data = []
        hasData = false
        eventType = nil
        eventID = nil
        retry = nil
    }

    private mutating func processLine() throws(Oversized) -> SSEEvent? {
        if line.isEmpty {
            defer { resetEvent() }
            guard hasData else { return nil }
            if data.last == 0x0A { data.removeLast() }
            return SSEEvent(event: eventType ?? "message", data: String(decoding: data, as: UTF8.self),
                            id: eventID, retry: retry)
        }
        if line.first == UInt8(ascii: ":") { return nil }  // comment / keep-alive
        let field: String
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: line[..<colon], as: UTF8.self)
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = String(decoding: line, as: UTF8.self)
            value = []
        }
        switch field {
        case "data":
            data.append(contentsOf: value)
            data.append(0x0A)
            hasData = true
            if data.count > maxEventBytes { throw Oversized() }
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) {
                let id = String(decoding: value, as: UTF8.self)
                eventID = id
                lastEventID = id
            }
        case "retry":
            if let ms = Int(String(decoding: value, as: UTF8.self)), ms >= 0 { retry = ms }
        default:
            break
        }
        return nil
    }
}
