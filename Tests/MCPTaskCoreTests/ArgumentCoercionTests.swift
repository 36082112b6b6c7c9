import Testing
@testable import MCPTaskCore

@Suite("ArgumentCoercion (KEY=VALUE and KEY:=JSON)")
struct ArgumentCoercionTests {
    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "count": ["type": "integer"],
            "ratio": ["type": "number"],
            "flag": ["type": "boolean"],
            "tags": ["type": "array", "items": ["type": "string"]],
            "sizes": ["type": "array", "items": ["type": "integer"]],
            "opts": ["type": "object"],
            "name": ["type": "string"],
            "limit": ["type": ["integer", "null"]],
            "label": ["type": ["string", "null"]],
            "either": ["anyOf": [["type": "integer"], ["type": "boolean"]]],
            "textish": ["anyOf": [["type": "integer"], ["type": "string"]]],
            "color": ["enum": ["red", "green"]],
            "level": ["enum": [1, 2, 3]],
            "free": [:],
        ],
    ]

    private func args(_ words: [String], base: JSONObject = [:]) throws(ArgumentCoercion.Failure) -> JSONObject {
        try ArgumentCoercion.arguments(from: words, base: base, schema: Self.schema)
    }

    private func failure(_ words: [String]) -> String? {
        do {
            _ = try args(words)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func integers() throws {
        #expect(try args(["count=5"])["count"] == 5)
        #expect(try args(["count=-12"])["count"] == -12)
        #expect(try args(["count=0"])["count"] == 0)
    }

    @Test("integer fields reject fractions, exponents, words and leading zeros",
          arguments: ["5.5", "1e3", "5.0", "abc", "", "007", "0x10", "true"])
    func integerRejects(raw: String) throws {
        let message = try #require(failure(["count=\(raw)"]))
        #expect(message.contains("count"))
        #expect(message.contains("integer"))
    }

    @Test("an integer beyond 64 bits is still an integer, kept exactly")
    func bigInteger() throws {
        let v = try args(["count=12345678901234567890"])["count"]
        #expect(v == .number(JSONNumber(text: "12345678901234567890")))
    }

    @Test func numbersKeepTheirText() throws {
        #expect(try args(["ratio=0.5"])["ratio"]?.serialized() == "0.5")
        #expect(try args(["ratio=1e3"])["ratio"]?.serialized() == "1e3")
        #expect(try args(["ratio=3"])["ratio"]?.serialized() == "3")
        #expect(try args(["ratio=2.50"])["ratio"]?.serialized() == "2.50")
        let message = try #require(failure(["ratio=fast"]))
        #expect(message.contains("ratio") && message.contains("number"))
    }

    @Test(arguments: [("true", true), ("false", false), ("TRUE", true), ("yes", true), ("no", false), ("1", true), ("0", false), ("on", true), ("off", false)])
    func booleans(raw: String, expected: Bool) throws {
        #expect(try args(["flag=\(raw)"])["flag"] == .bool(expected))
    }

    @Test func booleanRejects() throws {
        let message = try #require(failure(["flag=maybe"]))
        #expect(message.contains("flag") && message.contains("boolean"))
        #expect(message.contains("maybe"))
    }

    @Test func arrays() throws {
        #expect(try args(["tags=[\"a\",\"b\"]"])["tags"] == ["a", "b"])
        #expect(try args(["tags=a,b,c"])["tags"] == ["a", "b", "c"])
        #expect(try args(["sizes=[640,480]"])["sizes"] == [640, 480])
        let message = try #require(failure(["sizes=640,480"]))
        #expect(message.contains("sizes") && message.contains("array"))
        #expect(failure(["tags=[1,"]) != nil)
    }

    @Test func objects() throws {
        #expect(try args(["opts={\"a\":[1],\"b\":null}"])["opts"] == ["a": [1], "b": nil])
        let message = try #require(failure(["opts=[1]"]))
        #expect(message.contains("opts") && message.contains("object"))
    }

    @Test("string fields keep the text verbatim", arguments: ["007", "true", "null", "42", "[1]", "\"quoted\"", "", " spaced ", "a=b", "x:=y", "é😀"])
    func stringsVerbatim(raw: String) throws {
        #expect(try args(["name=\(raw)"])["name"] == .string(raw))
    }

    @Test("no schema, or a property the schema does not describe: a string")
    func unknownPropertyIsString() throws {
        #expect(try ArgumentCoercion.arguments(from: ["x=5", "y=true"], schema: nil) == ["x": "5", "y": "true"])
        #expect(try args(["other=5"])["other"] == "5")
        #expect(try args(["free=5"])["free"] == "5")
        #expect(try ArgumentCoercion.arguments(from: ["x=5"], schema: ["type": "object"])["x"] == "5")
    }

    @Test func unionTypes() throws {
        #expect(try args(["limit=5"])["limit"] == 5)
        #expect(try args(["limit=null"])["limit"] == .null)
        let message = try #require(failure(["limit=lots"]))
        #expect(message.contains("limit") && message.contains("integer") && message.contains("null"))
        // A string-or-null field keeps even "null" as typed.
        #expect(try args(["label=null"])["label"] == "null")
    }

    @Test func anyOf() throws {
        #expect(try args(["either=3"])["either"] == 3)
        #expect(try args(["either=true"])["either"] == true)
        let message = try #require(failure(["either=x"]))
        #expect(message.contains("either") && message.contains("integer") && message.contains("boolean"))
        #expect(try args(["textish=007"])["textish"] == "007")
    }

    @Test func enums() throws {
        #expect(try args(["color=red"])["color"] == "red")
        #expect(try args(["level=2"])["level"] == 2)
    }

    @Test("KEY:=JSON takes raw JSON whatever the schema says")
    func rawJSON() throws {
        let a = try args(["n:=5", "s:=\"x\"", "o:={\"a\":[1,{\"b\":null}]}", "name:=123", "big:=12345678901234567890", "z:=null"])
        #expect(a["n"] == 5)
        #expect(a["s"] == "x")
        #expect(a["o"] == ["a": [1, ["b": nil]]])
        #expect(a["name"] == 123)
        #expect(a["big"]?.serialized() == "12345678901234567890")
        #expect(a["z"] == .null)
    }

    @Test func rawJSONInvalid() throws {
        let message = try #require(failure(["n:=oops"]))
        #expect(message.contains("'n'") || message.contains("n:"))
        #expect(message.contains("JSON"))
    }

    @Test("'=' before ':=' makes it a KEY=VALUE word")
    func equalsBeforeColonEquals() throws {
        #expect(try args(["name=http://h/p?x:=y"])["name"] == "http://h/p?x:=y")
        #expect(try args(["name=b=c"])["name"] == "b=c")
    }

    @Test("malformed words", arguments: ["=x", ":=1", "novalue", ""])
    func malformedWords(word: String) throws {
        let message = try #require(failure([word]))
        #expect(!message.isEmpty)
    }

    @Test("the base object is overridden by pairs; keys keep their places")
    func baseOverridden() throws {
        let base: JSONObject = ["count": 1, "name": "base", "keep": true]
        let a = try args(["name=new", "count=7", "extra=e"], base: base)
        #expect(a.keys == ["count", "name", "keep", "extra"])
        #expect(a["count"] == 7)
        #expect(a["name"] == "new")
        #expect(a["keep"] == true)
        #expect(a["extra"] == "e")
    }

    @Test func laterPairWins() throws {
        #expect(try args(["count=1", "count:=2"])["count"] == 2)
    }

    @Test func longValuesAreShortenedInErrors() throws {
        let long = String(repeating: "z", count: 500)
        let message = try #require(failure(["count=\(long)"]))
        #expect(message.count < 200)
    }
}
