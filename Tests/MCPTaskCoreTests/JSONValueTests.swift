import Testing
@testable import MCPTaskCore

@Suite("JSONValue and JSONNumber")
struct JSONValueTests {
    @Test("intValue is exact: integral text, integral decimals and exponents; nil otherwise",
          arguments: [
              ("3", 3), ("-7", -7), ("0", 0), ("-0", 0), ("3.0", 3), ("3e2", 300), ("2.5E1", 25),
          ] as [(String, Int)])
    func intValueExact(text: String, expected: Int) {
        #expect(JSONNumber(text: text).intValue == expected)
    }

    @Test("intValue is nil for fractions, overflow and infinity",
          arguments: ["3.5", "1e-1", "1e400", "12345678901234567890", "-12345678901234567890"])
    func intValueNil(text: String) {
        #expect(JSONNumber(text: text).intValue == nil)
    }

    @Test func numberFromDouble() {
        #expect(JSONNumber(2.0).text == "2")
        #expect(JSONNumber(-4.0).text == "-4")
        #expect(JSONNumber(0.5).text == "0.5")
        // Whatever text is chosen, it must be valid JSON and mean the same number.
        for d in [1e20, 1.25e-7, -3.75, 123456.789] {
            let text = JSONNumber(d).text
            let reparsed = try? JSONParser.parse(text)
            #expect(reparsed?.doubleValue == d, "\(d) → \(text)")
        }
    }

    @Test("non-finite doubles become JSON null, never invalid JSON", arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteDouble(d: Double) throws {
        let text = JSONValue.number(JSONNumber(d)).serialized()
        #expect(try JSONParser.parse(text) == .null)
    }

    @Test("1, 1.0 and true are different values")
    func numbersKeepTheirIdentity() throws {
        let one = try JSONParser.parse("1")
        let onePointZero = try JSONParser.parse("1.0")
        #expect(one != onePointZero)
        #expect(one != .bool(true))
        #expect(one.intValue == onePointZero.intValue)
        #expect(one == 1)
    }

    @Test func objectSubscriptKeepsPositionAndRemoves() {
        var o: JSONObject = ["a": 1, "b": 2, "c": 3]
        o["b"] = "two"
        #expect(o.keys == ["a", "b", "c"])
        #expect(o["b"] == "two")
        o["a"] = nil
        #expect(o.keys == ["b", "c"])
        o["z"] = .null
        #expect(o.keys == ["b", "c", "z"])
        #expect(o["z"] == .null, "a JSON null is a value, not an absent key")
        #expect(o["missing"] == nil)
        #expect(o.count == 3)
    }

    @Test func objectInitWithDuplicateKeysKeepsFirstPositionAndLastValue() {
        let o = JSONObject([(key: "a", value: 1), (key: "b", value: 2), (key: "a", value: 3)])
        #expect(o.keys == ["a", "b"])
        #expect(o["a"] == 3)
    }

    @Test("object equality ignores key order, and equal objects hash alike")
    func objectEqualityAndHash() {
        let x: JSONValue = ["a": 1, "b": [true, nil]]
        let y: JSONValue = ["b": [true, nil], "a": 1]
        let z: JSONValue = ["a": 1, "b": [true, false]]
        #expect(x == y)
        #expect(x != z)
        #expect(x.hashValue == y.hashValue)
        #expect(Set([x, y, z]).count == 2)
        let sub: JSONValue = ["a": 1]
        #expect(x != sub && sub != x)
    }

    @Test func accessorsAndTypeNames() {
        let v: JSONValue = ["s": "x", "n": 5, "d": 2.5, "b": false, "a": [1], "o": [:], "z": nil]
        #expect(v["s"]?.stringValue == "x")
        #expect(v["n"]?.intValue == 5)
        #expect(v["d"]?.doubleValue == 2.5)
        #expect(v["b"]?.boolValue == false)
        #expect(v["a"]?.arrayValue == [1])
        #expect(v["o"]?.objectValue?.isEmpty == true)
        #expect(v["z"]?.isNull == true)
        #expect(v["s"]?.intValue == nil)
        #expect(v["n"]?.stringValue == nil)
        #expect(JSONValue.string("x")["key"] == nil)
        #expect(JSONValue.array([1])["key"] == nil)
        let names = ["s", "n", "b", "a", "o", "z"].compactMap { v[$0]?.typeName }
        #expect(names == ["string", "number", "boolean", "array", "object", "null"])
    }
}
