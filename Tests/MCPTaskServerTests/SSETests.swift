import MCPTaskCore
import Testing
@testable import MCPTaskServer

@Suite struct SSEReplayBufferTests {
    func event(_ stream: Int, _ seq: Int, bytes: Int = 1) -> SSEReplayBuffer.Event {
        .init(stream: stream, seq: seq, data: Array(repeating: 0x41, count: bytes))
    }

    @Test func replaysOneStreamAfterAPosition() {
        var buffer = SSEReplayBuffer()
        for (stream, seq) in [(1, 1), (2, 1), (1, 2), (1, 3), (2, 2)] { _ = buffer.append(event(stream, seq)) }
        #expect(buffer.events(stream: 1, after: 1).map(\.seq) == [2, 3])
        #expect(buffer.events(stream: 2, after: 0).map(\.seq) == [1, 2])
        #expect(buffer.events(stream: 3, after: 0).isEmpty)
    }

    @Test func evictsTheOldestByCountAndBytes() {
        var byCount = SSEReplayBuffer(maxEvents: 2, maxBytes: 1000)
        #expect(byCount.append(event(1, 1)).isEmpty && byCount.append(event(1, 2)).isEmpty)
        #expect(byCount.append(event(1, 3)).map(\.seq) == [1])
        var byBytes = SSEReplayBuffer(maxEvents: 100, maxBytes: 10)
        _ = byBytes.append(event(1, 1, bytes: 6))
        #expect(byBytes.append(event(1, 2, bytes: 6)).map(\.seq) == [1])
        #expect(byBytes.append(event(1, 3, bytes: 50)).map(\.seq) == [2])  // the newest always stays
        #expect(byBytes.count == 1 && byBytes.totalBytes == 50)
    }

    @Test(arguments: [("3-7", Optional((3, 7))), ("1-0", (1, 0)), ("0-1", nil), ("3", nil), ("a-1", nil), ("1-2-3", nil),
                      ("", nil), ("-1-2", nil)] as [(String, (Int, Int)?)])
    func parsesEventIDs(text: String, expected: (Int, Int)?) {
        let parsed = SSEEventID.parse(text)
        #expect(parsed?.stream == expected?.0 && parsed?.seq == expected?.1)
        if let expected { #expect(SSEEventID.make(stream: expected.0, seq: expected.1) == text) }
    }
}

@Suite struct FramePumpTests {
    @Test func batchesWhatIsAvailable() async {
        let pump = FramePump()
        pump.push(.init(id: "1-1", data: [1]))
        pump.push(.init(id: "1-2", data: [2]))
        #expect(await pump.next() == .init(frames: [.init(id: "1-1", data: [1]), .init(id: "1-2", data: [2])], end: nil))
        pump.commit()
        #expect(await pump.next() == .init(frames: [], end: nil))
        pump.push(.init(id: "1-3", data: [3]))
        pump.finish(.complete)
        pump.finish(.closed)  // the first end wins
        #expect(await pump.next() == .init(frames: [.init(id: "1-3", data: [3])], end: .complete))
        #expect(await pump.next() == nil)
    }

    @Test func wakesAWaitingWriter() async {
        let pump = FramePump()
        async let batch = pump.next()
        pump.finish(.closed)
        #expect(await batch == .init(frames: [], end: .closed))
    }
}

@Suite struct SSEHubTests {
    let message = JSONRPCMessage.notification(method: "n", params: nil)

    @Test func eventsSentWhileDetachedAreReplayedOnResume() async throws {
        let hub = SSEHub()
        let sink = hub.openStream()
        let (pump, position) = try #require(hub.attach(sink.stream, after: nil))
        #expect(position == 0 && sink.isConnected)
        sink.send(message)
        #expect(await pump.next()?.frames.map(\.id) == ["\(sink.stream)-1"])
        hub.detach(sink.stream, pump: pump)
        #expect(!sink.isConnected)
        sink.send(message)
        sink.finish(with: .response(id: .int(1), result: [:]))
        let (resumed, _) = try #require(hub.attach(sink.stream, after: 1))
        let batch = try #require(await resumed.next())
        #expect(batch.frames.map(\.id) == ["\(sink.stream)-2", "\(sink.stream)-3"] && batch.end == .complete)
    }

    @Test func aNewConnectionTakesTheStreamOver() async throws {
        let hub = SSEHub()
        let sink = hub.openStream()
        let (first, _) = try #require(hub.attach(sink.stream, after: nil))
        let (second, _) = try #require(hub.attach(sink.stream, after: 0))
        #expect(await first.next()?.end == .closed)
        hub.detach(sink.stream, pump: first)  // the old connection leaving does not detach the new one
        #expect(sink.isConnected)
        sink.send(message)
        #expect(await second.next()?.frames.count == 1)
    }

    @Test func connectivityChangesAreReported() throws {
        let hub = SSEHub()
        let sink = hub.openStream()
        let seen = Recorder<Bool>()
        sink.setConnectivityHandler { seen.record($0) }
        let (pump, _) = try #require(hub.attach(sink.stream, after: nil))
        hub.detach(sink.stream, pump: pump)
        #expect(seen.all == [true, false])
    }

    @Test func closingTheSessionEndsEveryStream() async throws {
        let hub = SSEHub()
        let sink = hub.openStream()
        let (pump, _) = try #require(hub.attach(sink.stream, after: nil))
        hub.close()
        #expect(await pump.next()?.end == .complete)
        #expect(hub.attach(sink.stream, after: 0) == nil)
    }

    @Test func unknownStreamsCannotBeResumed() {
        #expect(SSEHub().attach(42, after: 0) == nil)
    }
}
