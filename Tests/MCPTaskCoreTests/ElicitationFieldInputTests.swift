import Testing
@testable import MCPTaskCore

/// `FormField.parse` (typed text → value) and `FormField.validate` (value → checked value) for every type and
/// constraint of the restricted schema.
@Suite("Elicitation: field input (parse and validate)")
struct ElicitationFieldInputTests {
    typealias F = ElicitationFixtures

    static func parsed(_ field: FormField, _ text: String) -> JSONValue? {
        if case .success(let v) = field.parse(text) { return v }
        return nil
    }

    static func error(_ field: FormField, _ text: String) -> String? {
        if case .failure(let e) = field.parse(text) { return e.message }
        return nil
    }

    static func validError(_ field: FormField, _ value: JSONValue) -> String? {
        if case .failure(let e) = field.validate(value) { return e.message }
        return nil
    }

    // MARK: strings

    @Test("minLength and maxLength, with their messages")
    func lengths() throws {
        let f = try F.field(#"{"type":"string","minLength":2,"maxLength":5}"#)
        #expect(Self.parsed(f, "ab") == "ab")
        #expect(Self.parsed(f, "abcde") == "abcde")
        #expect(Self.error(f, "a") == "must be at least 2 characters")
        #expect(Self.error(f, "abcdef") == "must be at most 5 characters")
        let one = try F.field(#"{"type":"string","minLength":1}"#)
        #expect(Self.error(one, "") == "must be at least 1 character")
    }

    @Test("text is kept as typed (inner and outer spaces)")
    func keepsSpaces() throws {
        let f = try F.field(#"{"type":"string"}"#)
        #expect(Self.parsed(f, " two  words ") == " two  words ")
    }

    @Test("length counts characters, not UTF-8 bytes")
    func lengthIsNotBytes() throws {
        let f = try F.field(#"{"type":"string","maxLength":3}"#)
        #expect(Self.parsed(f, "äöü") == "äöü")
        #expect(Self.parsed(f, "日本語") == "日本語")
    }

    /// JSON Schema counts a string's length in Unicode code points (RFC 8259 characters), as the server's
    /// validator does (Python `len`). Swift's `String.count` counts grapheme clusters, so a flag (2 code points)
    /// or a decomposed "é" (e + U+0301) is one "character" to mcptask and two to the server.
    @Test("length counts code points, as JSON Schema does")
    func lengthIsCodePoints() throws {
        let max1 = try F.field(#"{"type":"string","maxLength":1}"#)
        #expect(Self.error(max1, "🇫🇷") == "must be at most 1 characters", "a 2-code-point flag must not fit maxLength 1")
        #expect(Self.error(max1, "e\u{301}") != nil, "decomposed é is 2 code points")
        let min2 = try F.field(#"{"type":"string","minLength":2}"#)
        #expect(Self.parsed(min2, "🇫🇷") == "🇫🇷", "a 2-code-point flag satisfies minLength 2")
    }

    @Test("pattern is searched (unanchored, as in JSON Schema) and anchors work")
    func pattern() throws {
        let anchored = try F.field(#"{"type":"string","pattern":"^[A-Z]{3}-[0-9]{2}$"}"#)
        #expect(Self.parsed(anchored, "ADA-42") == "ADA-42")
        #expect(Self.error(anchored, "ada-42") == "must match the pattern ^[A-Z]{3}-[0-9]{2}$")
        #expect(Self.error(anchored, "XADA-42") != nil)
        let loose = try F.field(#"{"type":"string","pattern":"[0-9]"}"#)
        #expect(Self.parsed(loose, "abc1def") == "abc1def")
        #expect(Self.error(loose, "abc") != nil)
    }

    @Test("a pattern that is not a regular expression is reported, never matched")
    func badPattern() throws {
        let f = try F.field(#"{"type":"string","pattern":"(["}"#)
        #expect(Self.error(f, "anything") == "the server's pattern '([' is not a valid regular expression")
    }

    @Test("format email", arguments: [
        ("ada@example.com", true), ("a.b+c@sub.example.org", true), ("ada@example", false), ("@example.com", false),
        ("ada@@example.com", false), ("ada example@x.com", false), ("ada@.com", false), ("ada@example.", false),
        ("ada", false),
    ])
    func email(text: String, ok: Bool) throws {
        let f = try F.field(#"{"type":"string","format":"email"}"#)
        if ok { #expect(Self.parsed(f, text) == .string(text)) }
        else { #expect(Self.error(f, text) == "enter an email address like name@example.com") }
    }

    @Test("format uri", arguments: [
        ("https://example.com/path", true), ("mailto:ada@example.com", true), ("urn:isbn:0451450523", true),
        ("git+ssh://host/repo", true), ("example.com", false), ("/relative/path", false), ("://x", false),
        ("1http://x", false), ("https://exa mple.com", false), ("", false),
    ])
    func uri(text: String, ok: Bool) throws {
        let f = try F.field(#"{"type":"string","format":"uri"}"#)
        if ok { #expect(Self.parsed(f, text) == .string(text)) }
        else { #expect(Self.error(f, text) == "enter an absolute URI like https://example.com/path") }
    }

    @Test("format date", arguments: [
        ("2026-11-25", true), ("2024-02-29", true), ("2000-02-29", true), ("1900-02-28", true),
        ("2023-02-29", false), ("1900-02-29", false), ("2026-13-01", false), ("2026-00-10", false),
        ("2026-04-31", false), ("2026-4-01", false), ("26-04-01", false), ("2026/04/01", false),
        ("2026-04-01T00:00:00Z", false), ("", false),
    ])
    func date(text: String, ok: Bool) throws {
        let f = try F.field(#"{"type":"string","format":"date"}"#)
        if ok { #expect(Self.parsed(f, text) == .string(text)) }
        else { #expect(Self.error(f, text) == "enter a date as YYYY-MM-DD") }
    }

    @Test("format date-time", arguments: [
        ("2026-11-25T10:00:00Z", true), ("2026-11-25T10:00:00+02:00", true), ("2026-11-25T10:00:00.123Z", true),
        ("2026-11-25T10:00:00-05:30", true),
        ("2026-11-25 10:00:00Z", false), ("2026-11-25T10:00Z", false), ("2026-11-25T10:00:00", false),
        ("2026-11-25T25:00:00Z", false), ("2026-02-30T10:00:00Z", false), ("2026-11-25", false), ("now", false),
    ])
    func dateTime(text: String, ok: Bool) throws {
        let f = try F.field(#"{"type":"string","format":"date-time"}"#)
        if ok { #expect(Self.parsed(f, text) == .string(text)) }
        else { #expect(Self.error(f, text)?.hasPrefix("enter a date-time as YYYY-MM-DDTHH:MM:SSZ") == true) }
    }

    @Test("an unknown format is not checked")
    func unknownFormat() throws {
        let f = try F.field(#"{"type":"string","format":"hostname"}"#)
        #expect(Self.parsed(f, "not checked!") == "not checked!")
    }

    @Test("all string constraints apply together, length first")
    func combined() throws {
        let f = try F.field(#"{"type":"string","minLength":6,"format":"email"}"#)
        #expect(Self.error(f, "a@b.c") == "must be at least 6 characters")
        #expect(Self.error(f, "abcdefg") == "enter an email address like name@example.com")
        #expect(Self.parsed(f, "ab@c.de") == "ab@c.de")
    }

    // MARK: numbers

    @Test("integer: whole numbers within the bounds")
    func integer() throws {
        let f = try F.field(#"{"type":"integer","minimum":0,"maximum":150}"#)
        #expect(Self.parsed(f, "36") == 36)
        #expect(Self.parsed(f, " 36 ") == 36)
        #expect(Self.parsed(f, "0") == 0)
        #expect(Self.parsed(f, "150") == 150)
        #expect(Self.parsed(f, "36.0") == 36, "a whole number written with .0 is sent as an integer")
        #expect(Self.parsed(f, "1e2") == 100)
        #expect(Self.error(f, "151") == "must be at most 150")
        #expect(Self.error(f, "-1") == "must be at least 0")
        #expect(Self.error(f, "36.5") == "enter a whole number")
        #expect(Self.error(f, "thirty") == "enter a whole number")
        #expect(Self.error(f, "") == "enter a whole number")
        #expect(Self.error(f, "3 6") == "enter a whole number")
        #expect(Self.error(f, "true") == "enter a whole number")
        #expect(Self.error(f, "\"36\"") == "enter a whole number")
    }

    @Test("integer results are JSON integers")
    func integerText() throws {
        let f = try F.field(#"{"type":"integer"}"#)
        guard case .number(let n)? = Self.parsed(f, "36.0") else { Issue.record("not a number"); return }
        #expect(n.text == "36")
    }

    @Test("number: decimals, negatives, exponents within the bounds")
    func number() throws {
        let f = try F.field(#"{"type":"number","minimum":-1.5,"maximum":10}"#)
        #expect(Self.parsed(f, "2.5")?.doubleValue == 2.5)
        #expect(Self.parsed(f, "-1.5")?.doubleValue == -1.5)
        #expect(Self.parsed(f, "1e1")?.doubleValue == 10)
        #expect(Self.parsed(f, "7") == 7)
        #expect(Self.error(f, "10.01") == "must be at most 10")
        #expect(Self.error(f, "-2") == "must be at least -1.5")
        #expect(Self.error(f, "two") == "enter a number")
        #expect(Self.error(f, "NaN") == "enter a number")
        #expect(Self.error(f, "Infinity") == "enter a number")
        #expect(Self.error(f, "0x10") == "enter a number")
    }

    @Test("a number too large for a Double is not sent")
    func hugeNumber() throws {
        let f = try F.field(#"{"type":"number"}"#)
        #expect(Self.parsed(f, "1e400") == nil, "1e400 would reach the server as infinity")
    }

    @Test("validate: numbers from --answers JSON")
    func validateNumbers() throws {
        let int = try F.field(#"{"type":"integer","maximum":9}"#)
        #expect(Self.validError(int, 3) == nil)
        #expect(Self.validError(int, 3.5) == "enter a whole number")
        #expect(Self.validError(int, 10) == "must be at most 9")
        #expect(Self.validError(int, "3") == "expected whole number ≤ 9, got string")
        #expect(Self.validError(int, true) == "expected whole number ≤ 9, got boolean")
        let num = try F.field(#"{"type":"number"}"#)
        #expect(Self.validError(num, 3.25) == nil)
        #expect(Self.validError(num, .null) == "expected number, got null")
    }

    // MARK: booleans

    @Test("boolean: y/yes/true and n/no/false, any case", arguments: [
        ("y", true), ("yes", true), ("true", true), ("Y", true), ("YES", true), ("True", true), (" yes ", true),
        ("n", false), ("no", false), ("false", false), ("N", false), ("NO", false), ("False", false),
    ])
    func boolean(text: String, value: Bool) throws {
        let f = try F.field(#"{"type":"boolean"}"#)
        #expect(Self.parsed(f, text) == .bool(value))
    }

    @Test("boolean: anything else is asked again", arguments: ["maybe", "", "yess", "2", "ja"])
    func booleanInvalid(text: String) throws {
        let f = try F.field(#"{"type":"boolean"}"#)
        #expect(Self.error(f, text) == "answer yes or no")
    }

    @Test("boolean: validate takes only JSON booleans")
    func booleanValidate() throws {
        let f = try F.field(#"{"type":"boolean"}"#)
        #expect(Self.validError(f, false) == nil)
        #expect(Self.validError(f, "yes") == "expected y/n, got string")
        #expect(Self.validError(f, 1) == "expected y/n, got number")
    }

    // MARK: single-select

    @Test("single-select: by number (1-based) or by value, values case-insensitively")
    func single() throws {
        let f = try F.field(#"{"type":"string","enum":["red","green","blue"]}"#)
        #expect(Self.parsed(f, "1") == "red")
        #expect(Self.parsed(f, "3") == "blue")
        #expect(Self.parsed(f, " 2 ") == "green")
        #expect(Self.parsed(f, "green") == "green")
        #expect(Self.parsed(f, "GREEN") == "green")
        for bad in ["0", "4", "-1", "purple", "", "1,2"] {
            #expect(Self.error(f, bad) == "choose 1-3 or one of: red, green, blue", "\(bad)")
        }
    }

    @Test("single-select oneOf: the const is sent, not the title; the title is not a value")
    func singleOneOf() throws {
        let f = try F.field(#"{"type":"string","oneOf":[{"const":"s","title":"Small"},{"const":"l","title":"Large"}]}"#)
        #expect(Self.parsed(f, "2") == "l")
        #expect(Self.parsed(f, "s") == "s")
        #expect(Self.error(f, "Large") == "choose 1-2 or one of: s, l")
    }

    @Test("single-select legacy enumNames: the value is sent")
    func singleEnumNames() throws {
        let f = try F.field(#"{"type":"string","enum":["free","pro"],"enumNames":["Free","Professional"]}"#)
        #expect(Self.parsed(f, "2") == "pro")
        #expect(Self.parsed(f, "free") == "free")
    }

    @Test("single-select validate: exact values only")
    func singleValidate() throws {
        let f = try F.field(#"{"type":"string","enum":["red","green"]}"#)
        #expect(Self.validError(f, "red") == nil)
        #expect(Self.validError(f, "Red") == "must be one of: red, green")
        #expect(Self.validError(f, 1) == "expected choose 1-2, got number")
    }

    // MARK: multi-select

    @Test("multi-select: comma lists of numbers and values, in the order typed, without duplicates")
    func multi() throws {
        let f = try F.field(#"{"type":"array","items":{"enum":["cheese","ham","olives","pineapple"]}}"#)
        #expect(Self.parsed(f, "1,3") == ["cheese", "olives"])
        #expect(Self.parsed(f, "olives, 1") == ["olives", "cheese"])
        #expect(Self.parsed(f, " 2 ,, HAM , 2 ") == ["ham"])
        #expect(Self.parsed(f, "4") == ["pineapple"])
        #expect(Self.parsed(f, "") == [])
        #expect(Self.error(f, "1,bacon") == "'bacon' is not a choice; use numbers 1-4 or values, separated by commas")
        #expect(Self.error(f, "5") == "'5' is not a choice; use numbers 1-4 or values, separated by commas")
    }

    @Test("multi-select: minItems and maxItems")
    func multiBounds() throws {
        let f = try F.field(#"{"type":"array","minItems":1,"maxItems":2,"items":{"enum":["a","b","c"]}}"#)
        #expect(Self.parsed(f, "1") == ["a"])
        #expect(Self.parsed(f, "1,2") == ["a", "b"])
        #expect(Self.error(f, "1,2,3") == "choose at most 2")
        #expect(Self.error(f, "") == "choose at least 1")
        #expect(Self.parsed(f, "a,a,a") == ["a"], "duplicates count once")
    }

    @Test("multi-select anyOf: consts are sent")
    func multiAnyOf() throws {
        let f = try F.field(#"{"type":"array","items":{"anyOf":[{"const":"mon","title":"Monday"},{"const":"tue","title":"Tuesday"}]}}"#)
        #expect(Self.parsed(f, "2,mon") == ["tue", "mon"])
        #expect(Self.error(f, "Monday") != nil)
    }

    @Test("multi-select validate: arrays of known strings within the bounds")
    func multiValidate() throws {
        let f = try F.field(#"{"type":"array","maxItems":1,"items":{"enum":["a","b"]}}"#)
        #expect(Self.validError(f, ["a"]) == nil)
        #expect(Self.validError(f, []) == nil)
        #expect(Self.validError(f, ["a", "b"]) == "choose at most 1")
        #expect(Self.validError(f, ["c"]) == "each choice must be one of: a, b")
        #expect(Self.validError(f, [1]) == "each choice must be one of: a, b")
        #expect(Self.validError(f, "a")?.hasPrefix("expected choose any of 1-2") == true)
    }

    // MARK: what the prompt shows

    @Test("expectedForm describes each kind")
    func expectedForm() throws {
        #expect(try F.field(#"{"type":"string"}"#).expectedForm == "text")
        #expect(try F.field(#"{"type":"string","minLength":2,"maxLength":20}"#).expectedForm == "text, 2-20 chars")
        #expect(try F.field(#"{"type":"string","minLength":2}"#).expectedForm == "text, at least 2 chars")
        #expect(try F.field(#"{"type":"string","maxLength":9,"pattern":"^a"}"#).expectedForm == "text, at most 9 chars, matching ^a")
        #expect(try F.field(#"{"type":"string","format":"email"}"#).expectedForm == "email address")
        #expect(try F.field(#"{"type":"string","format":"uri"}"#).expectedForm == "URI")
        #expect(try F.field(#"{"type":"string","format":"date"}"#).expectedForm == "date YYYY-MM-DD")
        #expect(try F.field(#"{"type":"string","format":"date-time"}"#).expectedForm == "date-time YYYY-MM-DDTHH:MM:SSZ")
        #expect(try F.field(#"{"type":"integer","minimum":0,"maximum":150}"#).expectedForm == "whole number 0-150")
        #expect(try F.field(#"{"type":"number","minimum":0.5}"#).expectedForm == "number ≥ 0.5")
        #expect(try F.field(#"{"type":"number","maximum":10}"#).expectedForm == "number ≤ 10")
        #expect(try F.field(#"{"type":"boolean"}"#).expectedForm == "y/n")
        #expect(try F.field(#"{"enum":["a","b"]}"#).expectedForm == "choose 1-2")
        #expect(try F.field(#"{"type":"array","items":{"enum":["a","b","c"]}}"#).expectedForm == "choose any of 1-3, comma-separated")
        #expect(try F.field(#"{"type":"array","minItems":0,"maxItems":2,"items":{"enum":["a","b","c"]}}"#).expectedForm
                == "choose any of 1-3, comma-separated, at most 2")
        #expect(try F.field(#"{"type":"array","minItems":1,"items":{"enum":["a"]}}"#).expectedForm
                == "choose any of 1-1, comma-separated, at least 1")
    }

    @Test("defaultInput: the default as typed, only when it is valid")
    func defaultInput() throws {
        #expect(try F.field(#"{"type":"string","default":"Ada"}"#).defaultInput == "Ada")
        #expect(try F.field(#"{"type":"boolean","default":true}"#).defaultInput == "y")
        #expect(try F.field(#"{"type":"boolean","default":false}"#).defaultInput == "n")
        #expect(try F.field(#"{"type":"number","default":2.5}"#).defaultInput == "2.5")
        #expect(try F.field(#"{"type":"integer","default":7}"#).defaultInput == "7")
        #expect(try F.field(#"{"enum":["a","b"],"default":"b"}"#).defaultInput == "b")
        #expect(try F.field(#"{"type":"array","items":{"enum":["a","b","c"]},"default":["a","c"]}"#).defaultInput == "a,c")
        // invalid defaults are not offered
        #expect(try F.field(#"{"type":"string","minLength":5,"default":"Ada"}"#).defaultInput == nil)
        #expect(try F.field(#"{"type":"integer","default":2.5}"#).defaultInput == nil)
        #expect(try F.field(#"{"type":"integer","maximum":3,"default":7}"#).defaultInput == nil)
        #expect(try F.field(#"{"enum":["a","b"],"default":"z"}"#).defaultInput == nil)
        #expect(try F.field(#"{"type":"boolean","default":"yes"}"#).defaultInput == nil)
        #expect(try F.field(#"{"type":"string"}"#).defaultInput == nil)
    }
}
