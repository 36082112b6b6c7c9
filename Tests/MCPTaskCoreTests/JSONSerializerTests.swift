import Testing
@testable import MCPTaskCore

@Suite("JSON serializer and round trips")
struct JSONSerializerTests {
    @Test func compactOutput() {
        let v: JSONValue = ["b": [1, "x", nil, true, false], "a": [:], "c": []]
        #expect(v.serialized() == #"{"b":[1,"x",null,true,false],"a":{},"c":[]}"#)
        #expect(v.serializedBytes() == Array(v.serialized().utf8))
    }

    @Test("U+2028 and U+2029 are escaped, so a line-based reader never splits a message")
    func lineSeparatorsEscaped() {
        let s = JSONValue.string("a\u{2028}b\u{2029}c").serialized()
        #expect(s == #""a\u2028b\u2029c""#)
        #expect(!s.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 })
    }

    @Test func escapesOnOutput() {
        #expect(JSONValue.string("q\"b\\").serialized() == #""q\"b\\""#)
        #expect(JSONValue.string("\n\r\t").serialized() == #""\n\r\t""#)
        #expect(JSONValue.string("\u{0}\u{01}\u{1F}\u{7F}").serialized() == #""\u0000\u0001\u001f\u007f""#)
        #expect(JSONValue.string("\u{08}\u{0C}").serialized().hasPrefix("\"\\"))
        // Non-ASCII and '/' need no escaping.
        #expect(JSONValue.string("é😀/日本").serialized() == "\"é😀/日本\"")
        // Other characters starting with the byte E2 are not touched.
        #expect(JSONValue.string("€ → \u{2027}\u{202A}").serialized() == "\"€ → \u{2027}\u{202A}\"")
    }

    @Test func keysAreEscapedToo() {
        let v: JSONValue = ["a\"b\n": 1]
        #expect(v.serialized() == #"{"a\"b\n":1}"#)
    }

    @Test func prettyPrinting() throws {
        let v = try JSONParser.parse(#"{"a":[1,2],"b":{},"c":{"d":"x"},"e":[]}"#)
        let expected = """
        {
          "a": [
            1,
            2
          ],
          "b": {},
          "c": {
            "d": "x"
          },
          "e": []
        }
        """
        #expect(v.prettyPrinted() == expected)
        #expect(try JSONParser.parse(v.prettyPrinted()) == v)
        #expect(JSONValue.string("x").prettyPrinted() == "\"x\"")
    }

    static let documents: [String] = [
        "null", "true", "0", "-0.0", "1e400", "\"\"", "[]", "{}",
        #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"n":12345678901234567890}}}"#,
        #"{"z":[1,2,{"y":null,"x":[[]]}],"a":"line\nbreak \u2028 \u0001 é 😀","n":-1.50E+10}"#,
        #"[{"taskId":"t-1","status":"working","pollInterval":500,"ttl":null}]"#,
        #"{"esc":"\"\\\/\b\f\n\r\t","pair":"\ud83d\ude00","lone":"\ud800"}"#,
    ]

    @Test("parse → serialize → parse gives the same value; serializing is idempotent", arguments: documents)
    func roundTrip(doc: String) throws {
        let v = try JSONParser.parse(doc)
        let once = v.serialized()
        let again = try JSONParser.parse(once)
        #expect(again == v)
        #expect(again.serialized() == once)
        #expect(try JSONParser.parse(v.prettyPrinted()) == v)
        // Keys keep order through the round trip (== on objects ignores order, so check it separately).
        #expect(again.serialized() == v.serialized())
    }

    @Test("random values survive serialize → parse, and the output has no raw line breaks")
    func randomRoundTrips() throws {
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<300 {
            let v = RandomJSON.value(&rng, depth: 0)
            let text = v.serialized()
            #expect(!text.utf8.contains(0x0A) && !text.utf8.contains(0x0D))
            #expect(!text.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 })
            let back = try JSONParser.parse(text)
            #expect(back == v, "\(text)")
            #expect(back.serialized() == text)
        }
    }
}

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum RandomJSON {
    static let specialScalars: [Unicode.Scalar] = [
        "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "é", "😀", "日",
        "\u{FFFD}", "\u{10FFFF}", "\u{85}", "\u{202E}", "a", "b", " ",
    ]

    static func string(_ rng: inout SplitMix64) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            if Bool.random(using: &rng) {
                s.append(specialScalars.randomElement(using: &rng)!)
            } else {
                let v = UInt32.random(in: 0x20...0x2FFF, using: &rng)
                s.append(Unicode.Scalar(v) ?? "x")
            }
        }
        return String(s)
    }

    static func number(_ rng: inout SplitMix64) -> JSONNumber {
        var t = Bool.random(using: &rng) ? "-" : ""
        t += Bool.random(using: &rng) ? "0" : String(UInt64.random(in: 1...UInt64.max, using: &rng))
        if Bool.random(using: &rng) { t += "." + String(UInt32.random(in: 0...999_999, using: &rng)) }
        if Bool.random(using: &rng) { t += ["e", "E", "e+", "e-", "E-"].randomElement(using: &rng)! + String(Int.random(in: 0...500, using: &rng)) }
        return JSONNumber(text: t)
    }

    static func value(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &rng)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(number(&rng))
        case 3, 4: return .string(string(&rng))
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            var o = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &rng) { o[string(&rng)] = value(&rng, depth: depth + 1) }
            return .object(o)
        }
    }
}
