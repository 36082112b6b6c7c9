import Testing
@testable import MCPTaskCore

@Suite("LineFramer (stdio framing)")
struct LineFramerTests {
    /// Three messages, one with a raw U+2028 inside a string, one CRLF-terminated, a blank line, and a
    /// trailing line without a newline.
    static let stream: [UInt8] = Array("{\"a\":1}\n{\"b\":\"x\u{2028}y\u{2029}z\"}\r\n\n{\"c\":[1,2],\"d\":\"é😀\"}\n{\"tail\":true}".utf8)
    static let expectedLines: [[UInt8]] = [
        Array("{\"a\":1}".utf8),
        Array("{\"b\":\"x\u{2028}y\u{2029}z\"}".utf8),
        Array("{\"c\":[1,2],\"d\":\"é😀\"}".utf8),
        Array("{\"tail\":true}".utf8),
    ]

    private func frames(_ chunks: [ArraySlice<UInt8>], max: Int = 1 << 20) -> [LineFramer.Frame] {
        var framer = LineFramer(maxLineBytes: max)
        var out: [LineFramer.Frame] = []
        for c in chunks { out += framer.feed(c) }
        return out + framer.finish()
    }

    @Test func wholeStream() {
        #expect(frames([Self.stream[...]]) == Self.expectedLines.map { .line($0) })
    }

    @Test("splitting the stream at every byte offset yields the same frames")
    func everySplit() {
        let expected = Self.expectedLines.map { LineFramer.Frame.line($0) }
        for i in 0...Self.stream.count {
            let got = frames([Self.stream[..<i], Self.stream[i...]])
            #expect(got == expected, "split at \(i)")
        }
    }

    @Test("every pair of split points, and byte-by-byte feeding")
    func manySplits() {
        let expected = Self.expectedLines.map { LineFramer.Frame.line($0) }
        let s = Self.stream
        for i in stride(from: 0, through: s.count, by: 3) {
            for j in stride(from: i, through: s.count, by: 5) {
                #expect(frames([s[..<i], s[i..<j], s[j...]]) == expected, "splits \(i), \(j)")
            }
        }
        #expect(frames(s.indices.map { s[$0...$0] }) == expected)
    }

    @Test("U+2028 inside a line is data, not a separator")
    func unicodeSeparatorsAreData() {
        var framer = LineFramer(maxLineBytes: 100)
        let line = Array("a\u{2028}b\u{85}c".utf8)
        #expect(framer.feed(line + [0x0A]) == [.line(line)])
    }

    @Test func crlfAndBareCR() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(framer.feed(Array("x\r\ny\n".utf8)) == [.line(Array("x".utf8)), .line(Array("y".utf8))])
        // A CR that is not right before the LF is data.
        #expect(framer.feed(Array("a\rb\n".utf8)) == [.line(Array("a\rb".utf8))])
    }

    @Test("an oversized line is reported once, then framing resumes at the next line")
    func oversized() {
        let long = Array(repeating: UInt8(ascii: "x"), count: 40)
        let input = Array("ok\n".utf8) + long + [0x0A] + Array("next\n".utf8)
        let check: ([LineFramer.Frame]) -> Void = { got in
            #expect(got.count == 3)
            guard got.count == 3 else { return }
            #expect(got[0] == .line(Array("ok".utf8)))
            if case .oversized(let n) = got[1] { #expect(n > 10) } else { Issue.record("expected oversized, got \(got[1])") }
            #expect(got[2] == .line(Array("next".utf8)))
        }
        check(frames([input[...]], max: 10))
        check(frames(input.indices.map { input[$0...$0] }, max: 10))
        for i in 0...input.count { check(frames([input[..<i], input[i...]], max: 10)) }
    }

    @Test("a line of exactly the limit is fine; one byte more is oversized")
    func limitBoundary() {
        var framer = LineFramer(maxLineBytes: 5)
        #expect(framer.feed(Array("12345\n".utf8)) == [.line(Array("12345".utf8))])
        let got = framer.feed(Array("123456\nab\n".utf8))
        #expect(got.count == 2)
        #expect(got.last == .line(Array("ab".utf8)))
    }

    @Test("an oversized unterminated tail is not returned by finish")
    func oversizedTail() {
        var framer = LineFramer(maxLineBytes: 4)
        let got = framer.feed(Array("abcdefgh".utf8))
        #expect(got.count == 1)
        #expect(framer.feed(Array("ijk".utf8)).isEmpty)
        #expect(framer.finish().isEmpty)
        // The framer is usable again after finish.
        #expect(framer.feed(Array("ok\n".utf8)) == [.line(Array("ok".utf8))])
    }

    @Test func finishReturnsTrailingLineOnce() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(framer.feed(Array("{\"a\":1}\n{\"b\"".utf8)) == [.line(Array("{\"a\":1}".utf8))])
        #expect(framer.feed(Array(":2}".utf8)).isEmpty)
        #expect(framer.finish() == [.line(Array("{\"b\":2}".utf8))])
        #expect(framer.finish().isEmpty)
    }

    @Test func blankLinesProduceNoFrames() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(framer.feed(Array("\n\r\n\n".utf8)).isEmpty)
        #expect(framer.finish().isEmpty)
    }
}
