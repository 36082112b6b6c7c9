import Testing
@testable import MCPTaskCore

@Suite("ArgumentsDigest")
struct StateArgumentsDigestTests {
    @Test func canonicalFormSortsKeysAndNormalisesIntegers() throws {
        let value = try JSONParser.parse(#"{"b": 1, "a": [1.0, {"d": null, "c": "x"}]}"#)
        let text = String(decoding: ArgumentsDigest.canonicalBytes(value), as: UTF8.self)
        #expect(text == #"{"a":[1,{"c":"x","d":null}],"b":1}"#)
        // hashlib.sha256(b'{"a":[1,{"c":"x","d":null}],"b":1}')
        #expect(ArgumentsDigest.hex(value) == "7346a20ad54b1f3db8b94180225e247ab2622b38422c1dd34eee6c6aee4bda6d")
    }

    @Test func keyOrderAndNumberSpellingDoNotMatter() throws {
        let a = try JSONParser.parse(#"{"env":"prod","replicas":3,"opts":{"x":1e0,"y":[true]}}"#)
        let b = try JSONParser.parse(#"{"opts":{"y":[true],"x":1},"replicas":3.0,"env":"prod"}"#)
        #expect(ArgumentsDigest.hex(a) == ArgumentsDigest.hex(b))
    }

    @Test func valuesMatter() throws {
        let a = try JSONParser.parse(#"{"env":"prod"}"#)
        let b = try JSONParser.parse(#"{"env":"staging"}"#)
        let c = try JSONParser.parse(#"{"env":["prod"]}"#)
        let d = try JSONParser.parse(#"{"x":0.5}"#)
        let e = try JSONParser.parse(#"{"x":0.50}"#)
        #expect(Set([a, b, c, d].map(ArgumentsDigest.hex)).count == 4)
        #expect(ArgumentsDigest.hex(d) != ArgumentsDigest.hex(e), "non-integers keep their text")
    }

    @Test func noArgumentsIsTheEmptyObject() {
        #expect(ArgumentsDigest.hex(nil) == ArgumentsDigest.hex(.object([:])))
        #expect(ArgumentsDigest.hex(nil) == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    }

    @Test func keysSortByUTF16CodeUnits() {
        // U+1F600 is the surrogate pair D83D DE00 in UTF-16, so it sorts before U+E000 (RFC 8785), although
        // its code point is larger.
        let value: JSONValue = ["\u{E000}": 1, "\u{1F600}": 2, "a": 3]
        let text = String(decoding: ArgumentsDigest.canonicalBytes(value), as: UTF8.self)
        #expect(text == "{\"a\":3,\"\u{1F600}\":2,\"\u{E000}\":1}")
    }
}
