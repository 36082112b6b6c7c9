import Testing
@testable import MCPTaskCore

@Suite("JSONParser")
struct JSONParserTests {
    @Test("numbers keep their exact text through parse → serialize",
          arguments: ["12345678901234567890", "1.0", "1e400", "-0", "0.10", "1E+2", "-1.5e-7", "100000000000000000000000000000.000000000000000000001"])
    func losslessNumbers(text: String) throws {
        let value = try JSONParser.parse(text)
        guard case .number(let n) = value else { Issue.record("not a number: \(value)"); return }
        #expect(n.text == text)
        #expect(value.serialized() == text)
        let wrapped = try JSONParser.parse("{\"v\":[\(text)]}")
        #expect(wrapped.serialized() == "{\"v\":[\(text)]}")
    }

    @Test func keyOrderIsKept() throws {
        let v = try JSONParser.parse(#"{"zeta":1,"alpha":2,"mid":{"b":1,"a":2}}"#)
        #expect(v.objectValue?.keys == ["zeta", "alpha", "mid"])
        #expect(v["mid"]?.objectValue?.keys == ["b", "a"])
        #expect(v.serialized() == #"{"zeta":1,"alpha":2,"mid":{"b":1,"a":2}}"#)
    }

    @Test("a duplicate key: lookups find the first one")
    func duplicateKeys() throws {
        let v = try JSONParser.parse(#"{"a":1,"a":2}"#)
        #expect(v["a"] == 1)
    }

    @Test func whitespaceAroundAndInside() throws {
        let v = try JSONParser.parse(" \n\t{ \"a\" :\r\n[ 1 , 2 ] } \r\n ")
        #expect(v == ["a": [1, 2]])
    }

    @Test("simple escapes")
    func simpleEscapes() throws {
        let v = try JSONParser.parse(#""q\"b\\s\/b\bf\fn\nr\rt\t""#)
        #expect(v == .string("q\"b\\s/b\u{08}f\u{0C}n\nr\rt\t"))
    }

    @Test("\\u escapes, surrogate pairs and lone surrogates",
          arguments: [
              (#""\u00e9\u00E9""#, "éé"),
              (#""\u0000""#, "\u{0}"),
              (#""\ud83d\ude00""#, "😀"),
              (#""\uD83D\uDE00x""#, "😀x"),
              (#""\ud83d""#, "\u{FFFD}"),
              (#""\ud83dx""#, "\u{FFFD}x"),
              (#""\ude00""#, "\u{FFFD}"),
              (#""a\ude00b""#, "a\u{FFFD}b"),
              (#""\ud83d\u0041""#, "\u{FFFD}A"),
              (#""\ud83d\ud83d\ude00""#, "\u{FFFD}😀"),
              (#""\ud83d\n""#, "\u{FFFD}\n"),
              (#""\u2028""#, "\u{2028}"),
          ] as [(String, String)])
    func unicodeEscapes(json: String, expected: String) throws {
        #expect(try JSONParser.parse(json) == .string(expected))
    }

    @Test("raw UTF-8 passes through")
    func rawUTF8() throws {
        #expect(try JSONParser.parse("\"日本語 😀 é\"") == .string("日本語 😀 é"))
    }

    @Test("control characters inside strings are rejected (fast and escaped paths)",
          arguments: ["\"a\u{01}b\"", "\"a\nb\"", "\"a\tb\"", "\"\\n\u{1F}\"", "\"\\\"\r\"", "\"\u{0}\""])
    func controlCharactersRejected(json: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(json) }
    }

    @Test("trailing garbage is rejected", arguments: ["{} x", "1 2", "[1]]", "truex", "nullnull", "\"a\"\"b\"", "{}{}", "0 0", "1,"])
    func trailingGarbage(json: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(json) }
    }

    @Test("invalid JSON texts are rejected",
          arguments: [
              "", " ", "{", "}", "[", "[1,]", "{\"a\":1,}", "[,1]", "{,}", "01", "-01", "1.", ".5", "-", "+1", "1e", "1e+",
              "0x10", "NaN", "Infinity", "-Infinity", "'a'", "{a:1}", "{\"a\" 1}", "{\"a\":}", "{1:2}", "[1 2]",
              "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\", "tru", "True", "nul", "fals", "// c\n1", "/* c */1",
              "[1]\u{0}", "\u{0}",
          ])
    func invalidInputs(json: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(json) }
    }

    @Test func errorCarriesOffset() {
        do {
            _ = try JSONParser.parse("[1,]")
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 3)
            #expect(error.description.contains("3"))
        }
    }

    @Test("600 nested arrays: an error, not a crash")
    func deepArrays() {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test("deep objects and absurd depth: an error, not a crash")
    func deepObjects() {
        let text = String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        let hostile = String(repeating: "[", count: 200_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(hostile) }
    }

    @Test("nesting up to maxDepth parses")
    func depthWithinLimit() throws {
        let n = JSONParser.maxDepth
        let text = String(repeating: "[", count: n) + "7" + String(repeating: "]", count: n)
        var v = try JSONParser.parse(text)
        var depth = 0
        while case .array(let items) = v { depth += 1; v = items[0] }
        #expect(depth == n)
        #expect(v == 7)
        let deeper = "[" + text + "]"
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deeper) }
    }

    @Test func parsesFromBytesAndSubsequences() throws {
        let bytes = Array("xx[1,\"é\"]yy".utf8)
        #expect(try JSONParser.parse(bytes[2..<(bytes.count - 2)]) == [1, "é"])
    }

    @Test("literals")
    func literals() throws {
        #expect(try JSONParser.parse("true") == true)
        #expect(try JSONParser.parse("false") == false)
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("[]") == [])
        #expect(try JSONParser.parse("{}") == .object([:]))
        #expect(try JSONParser.parse("\"\"") == "")
    }
}
