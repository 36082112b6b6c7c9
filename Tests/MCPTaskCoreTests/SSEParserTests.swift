import Testing
@testable import MCPTaskCore

@Suite("SSEParser (text/event-stream)")
struct SSEParserTests {
    /// LF, CRLF and bare CR line endings; multi-line data; a comment; event, id and retry fields; multi-byte
    /// UTF-8; one leading space removed from values (and only one).
    static let stream: [UInt8] = Array((
        ": keep-alive\n" +
        "event: update\n" +
        "data: line1\n" +
        "data: line2\n" +
        "id: 7\n" +
        "retry: 1500\n" +
        "\n" +
        ": comment between events\r\n" +
        "data: {\"x\":\"é😀日本\"}\r\n" +
        "\r\n" +
        "data:no-space\r" +
        "data:  two-spaces\r" +
        "\r" +
        "id: 8\n" +
        "data\n" +
        "\n"
    ).utf8)

    static let expected: [SSEEvent] = [
        SSEEvent(event: "update", data: "line1\nline2", id: "7", retry: 1500),
        SSEEvent(event: "message", data: "{\"x\":\"é😀日本\"}"),
        SSEEvent(event: "message", data: "no-space\n two-spaces"),
        SSEEvent(event: "message", data: "", id: "8"),
    ]

    private func parse(_ chunks: [ArraySlice<UInt8>]) throws -> (events: [SSEEvent], lastID: String?) {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for c in chunks { events += try parser.feed(c) }
        parser.finish()
        return (events, parser.lastEventID)
    }

    @Test func wholeStream() throws {
        let (events, lastID) = try parse([Self.stream[...]])
        #expect(events == Self.expected)
        #expect(lastID == "8")
    }

    @Test("split at every byte offset (between CR and LF, inside UTF-8 sequences) gives the same events")
    func everySplit() throws {
        let s = Self.stream
        for i in 0...s.count {
            let (events, lastID) = try parse([s[..<i], s[i...]])
            #expect(events == Self.expected, "split at \(i)")
            #expect(lastID == "8")
        }
        let (bytewise, _) = try parse(s.indices.map { s[$0...$0] })
        #expect(bytewise == Self.expected)
    }

    @Test func crThenLFInSeparateChunksIsOneLineEnd() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("data: a\r".utf8)).isEmpty)
        // If the LF after a chunk-final CR were taken as a second line end, this would dispatch "a" here.
        #expect(try parser.feed(Array("\ndata: b\r".utf8)).isEmpty)
        #expect(try parser.feed(Array("\n\r\n".utf8)) == [SSEEvent(data: "a\nb")])
    }

    @Test("lastEventID persists across events that carry no id")
    func lastEventIDPersists() throws {
        var parser = SSEParser()
        let first = try parser.feed(Array("id: 41\ndata: a\n\n".utf8))
        #expect(first.first?.id == "41")
        let second = try parser.feed(Array("data: b\n\n".utf8))
        #expect(second == [SSEEvent(data: "b")])
        #expect(parser.lastEventID == "41")
        // An empty id resets it to the empty string.
        _ = try parser.feed(Array("id\ndata: c\n\n".utf8))
        #expect(parser.lastEventID == "")
    }

    @Test("an id containing NUL is ignored")
    func idWithNul() throws {
        var parser = SSEParser()
        _ = try parser.feed(Array("id: 1\ndata: a\n\n".utf8))
        let events = try parser.feed(Array("id: 2\u{0}x\ndata: b\n\n".utf8))
        #expect(events.first?.id == nil)
        #expect(parser.lastEventID == "1")
    }

    @Test func retryField() throws {
        var parser = SSEParser()
        let events = try parser.feed(Array("retry: 3000\ndata: a\n\nretry: soon\ndata: b\n\nretry: -5\ndata: c\n\n".utf8))
        #expect(events.map(\.retry) == [3000, nil, nil])
    }

    @Test("an event with no data is not dispatched, and its type does not leak into the next one")
    func eventWithoutData() throws {
        var parser = SSEParser()
        let events = try parser.feed(Array("event: ping\nid: 5\n\ndata: x\n\n".utf8))
        #expect(events == [SSEEvent(event: "message", data: "x")])
        #expect(parser.lastEventID == "5")
    }

    @Test func unknownFieldsAndColonsInValues() throws {
        var parser = SSEParser()
        let events = try parser.feed(Array("foo: bar\ndata: a: b:c\nDATA: ignored\n\n".utf8))
        #expect(events == [SSEEvent(data: "a: b:c")])
    }

    @Test("several blank lines dispatch one event")
    func repeatedBlankLines() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("data: x\n\n\n\n\r\n".utf8)) == [SSEEvent(data: "x")])
    }

    @Test("an event without its final blank line is discarded at finish")
    func unterminatedEventDiscarded() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("event: e\ndata: half\n".utf8)).isEmpty)
        parser.finish()
        #expect(try parser.feed(Array("data: fresh\n\n".utf8)) == [SSEEvent(data: "fresh")])
        // A partial line is discarded as well.
        var p2 = SSEParser()
        _ = try p2.feed(Array("data: par".utf8))
        p2.finish()
        #expect(try p2.feed(Array("data: t\n\n".utf8)) == [SSEEvent(data: "t")])
    }

    @Test("an oversized line throws")
    func oversizedLine() {
        var parser = SSEParser(maxEventBytes: 16)
        #expect(throws: SSEParser.Oversized.self) {
            _ = try parser.feed(Array(("data: " + String(repeating: "x", count: 40)).utf8))
        }
    }

    @Test("data accumulated over many lines past the limit throws")
    func oversizedEvent() {
        var parser = SSEParser(maxEventBytes: 32)
        #expect(throws: SSEParser.Oversized.self) {
            for _ in 0..<10 { _ = try parser.feed(Array("data: 0123456789\n".utf8)) }
        }
    }

    @Test func smallEventsUnderTheLimitPass() throws {
        var parser = SSEParser(maxEventBytes: 32)
        for i in 0..<50 {
            #expect(try parser.feed(Array("data: event \(i)\n\n".utf8)) == [SSEEvent(data: "event \(i)")])
        }
    }
}
