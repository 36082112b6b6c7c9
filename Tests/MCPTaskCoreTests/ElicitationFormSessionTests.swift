import Testing
@testable import MCPTaskCore

/// FormSession as a state machine: what it asks, in which order, what an input does, and that nothing invalid
/// ever ends up in `.accept`.
@Suite("Elicitation: FormSession state machine")
struct ElicitationFormSessionTests {
    typealias F = ElicitationFixtures

    /// name (required, 2+ chars), age (required integer 0-150), subscribe (optional boolean, default true),
    /// color (required oneOf), days (optional multi-select, default ["mon"]), note (optional string).
    static let schema: FormSchema = try! FormSchema(json: try! JSONParser.parse("""
        {"type":"object","properties":{
          "name":{"type":"string","title":"Your name","minLength":2},
          "age":{"type":"integer","minimum":0,"maximum":150},
          "subscribe":{"type":"boolean","default":true},
          "color":{"type":"string","oneOf":[{"const":"r","title":"Red"},{"const":"g","title":"Green"}]},
          "days":{"type":"array","items":{"enum":["mon","tue","wed"]},"default":["mon"]},
          "note":{"type":"string"}},
         "required":["name","age","color"]}
        """))

    /// The field name and `current` of the prompt, or nil when not at a field.
    static func at(_ s: FormSession) -> (name: String, index: Int, current: String?)? {
        if case .field(let f, let i, let c) = s.prompt { return (f.name, i, c) }
        return nil
    }

    static func feed(_ s: inout FormSession, _ lines: [String]) {
        for line in lines { s.handle(.line(line)) }
    }

    static func isReview(_ s: FormSession) -> Bool { s.prompt == .review }

    static func finished(_ s: FormSession) -> ElicitationResponse? {
        if case .finished(let r) = s.prompt { return r }
        return nil
    }

    /// Every value in an `.accept` fits its field.
    static func assertAllValid(_ response: ElicitationResponse?, schema: FormSchema = schema,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .accept(let content?)? = response else { return }
        for (key, value) in content {
            guard let field = schema.field(key) else {
                Issue.record("unknown key \(key) in content", sourceLocation: sourceLocation)
                continue
            }
            if case .failure(let e) = field.validate(value) {
                Issue.record("invalid \(key)=\(value.serialized()): \(e)", sourceLocation: sourceLocation)
            }
        }
        for field in schema.fields where field.required && content[field.name] == nil {
            Issue.record("required \(field.name) missing", sourceLocation: sourceLocation)
        }
    }

    // MARK: order and defaults

    @Test("fields are asked in schema order, with index and current (default) values")
    func order() {
        var s = FormSession(schema: Self.schema)
        var seen: [String] = []
        let answers = ["name": "Ada", "age": "36", "subscribe": "", "color": "2", "days": "", "note": ""]
        while let (name, index, current) = Self.at(s) {
            seen.append(name)
            #expect(index == seen.count - 1)
            switch name {
            case "subscribe": #expect(current == "y")
            case "days": #expect(current == "mon")
            default: #expect(current == nil, "\(name)")
            }
            s.handle(.line(answers[name]!))
            #expect(s.lastError == nil)
        }
        #expect(seen == ["name", "age", "subscribe", "color", "days", "note"])
        #expect(Self.isReview(s))
        s.handle(.line("s"))
        let response = Self.finished(s)
        #expect(response == .accept(["name": "Ada", "age": 36, "subscribe": true, "color": "g", "days": ["mon"]]))
        Self.assertAllValid(response)
    }

    @Test("the accepted content follows the schema's order whatever the answering order")
    func contentOrder() {
        var s = FormSession(schema: Self.schema, presets: PresetAnswers(values: ["note": "last", "color": "r"]))
        Self.feed(&s, ["Ada", "1", "", "", "s"])
        guard case .accept(let content?)? = Self.finished(s) else { Issue.record("not accepted"); return }
        #expect(content.keys == ["name", "age", "subscribe", "color", "days", "note"])
    }

    @Test("an empty line takes the default; a typed answer replaces it")
    func defaults() {
        var s = FormSession(schema: Self.schema)
        Self.feed(&s, ["Ada", "36", "n", "r", "tue,wed", "", "s"])
        #expect(Self.finished(s) == .accept(["name": "Ada", "age": 36, "subscribe": false, "color": "r",
                                              "days": ["tue", "wed"]]))
    }

    @Test("an empty (or blank) line skips an optional field without a default")
    func optionalSkip() {
        var s = FormSession(schema: Self.schema)
        Self.feed(&s, ["Ada", "36", "", "r", "", "   "])
        #expect(Self.isReview(s))
        #expect(s.values["note"] == nil)
        #expect(s.review.first { $0.field.name == "note" }?.value == nil)
    }

    @Test("an empty line at a required field without a value asks again, saying it is required")
    func requiredReask() {
        var s = FormSession(schema: Self.schema)
        s.handle(.line(""))
        #expect(Self.at(s)?.name == "name")
        #expect(s.lastError == "Your name is required")
        s.handle(.line("  "))
        #expect(s.lastError == "Your name is required")
        s.handle(.line("Ada"))
        #expect(s.lastError == nil)
        #expect(Self.at(s)?.name == "age")
        s.handle(.line(""))
        #expect(s.lastError == "age is required", "the name is used when there is no title")
    }

    @Test("an invalid answer is explained in lastError and the same field is asked again")
    func invalidReask() {
        var s = FormSession(schema: Self.schema)
        s.handle(.line("A"))
        #expect(Self.at(s)?.name == "name")
        #expect(s.lastError == "must be at least 2 characters")
        s.handle(.line("Ada"))
        s.handle(.line("200"))
        #expect(Self.at(s)?.name == "age")
        #expect(s.lastError == "must be at most 150")
        s.handle(.line("x"))
        #expect(s.lastError == "enter a whole number")
        s.handle(.line("150"))
        #expect(s.lastError == nil)
        #expect(Self.at(s)?.name == "subscribe")
        s.handle(.line("maybe"))
        #expect(s.lastError == "answer yes or no")
        #expect(Self.at(s)?.current == "y", "the default is still offered after an invalid answer")
        s.handle(.line(""))
        s.handle(.line("Blue"))
        #expect(s.lastError == "choose 1-2 or one of: r, g")
        s.handle(.line("g"))
        s.handle(.line("mon,fri"))
        #expect(s.lastError?.hasPrefix("'fri' is not a choice") == true)
        #expect(Self.at(s)?.name == "days")
    }

    @Test("lastError is cleared by the next input")
    func lastErrorCleared() {
        var s = FormSession(schema: Self.schema)
        s.handle(.line("A"))
        #expect(s.lastError != nil)
        s.handle(.line("Ada"))
        #expect(s.lastError == nil)
    }

    // MARK: presets

    @Test("presets are filled in; only the fields they leave open are asked before the review")
    func presetsSkipFields() {
        var s = FormSession(schema: Self.schema, presets: PresetAnswers(typed: [(key: "name", text: "Ada"), (key: "color", text: "1")],
                                                                        values: ["days": ["wed"]]))
        var asked: [String] = []
        while let (name, _, _) = Self.at(s) {
            asked.append(name)
            s.handle(.line(name == "age" ? "7" : ""))
        }
        #expect(asked == ["age", "subscribe", "note"])
        s.handle(.line("s"))
        #expect(Self.finished(s) == .accept(["name": "Ada", "age": 7, "subscribe": true, "color": "r", "days": ["wed"]]))
    }

    @Test("an invalid preset is asked for like an unanswered field")
    func invalidPresetAsked() {
        let s = FormSession(schema: Self.schema, presets: PresetAnswers(typed: [(key: "name", text: "A")]))
        #expect(Self.at(s)?.name == "name")
        #expect(Self.at(s)?.current == nil)
        #expect(s.values["name"] == nil)
    }

    @Test("presets that cover every field go straight to the review")
    func allPresets() {
        let presets = PresetAnswers(values: ["name": "Ada", "age": 1, "subscribe": false, "color": "g", "days": [], "note": "n"])
        var s = FormSession(schema: Self.schema, presets: presets)
        #expect(Self.isReview(s))
        s.handle(.line("s"))
        #expect(Self.finished(s) == .accept(["name": "Ada", "age": 1, "subscribe": false, "color": "g", "days": [], "note": "n"]))
    }

    @Test("a form with no fields starts at the review")
    func emptyForm() {
        var s = FormSession(schema: FormSchema(fields: []))
        #expect(Self.isReview(s))
        s.handle(.line("s"))
        #expect(Self.finished(s) == .accept([:]))
    }

    // MARK: review

    static func atReview() -> FormSession {
        var s = FormSession(schema: Self.schema)
        Self.feed(&s, ["Ada", "36", "", "g", "", "hello"])
        return s
    }

    @Test("the review lists every field in order with its value (nil when empty)")
    func reviewListing() {
        var s = FormSession(schema: Self.schema)
        Self.feed(&s, ["Ada", "36", "", "g", "", ""])
        let review = s.review
        #expect(review.map(\.field.name) == ["name", "age", "subscribe", "color", "days", "note"])
        #expect(review.map(\.value) == ["Ada", 36, true, "g", ["mon"], nil])
    }

    @Test("review: s / send accept", arguments: ["s", "send", "S", " s ", "Send"])
    func send(choice: String) {
        var s = Self.atReview()
        s.handle(.line(choice))
        let response = Self.finished(s)
        #expect(response == .accept(["name": "Ada", "age": 36, "subscribe": true, "color": "g", "days": ["mon"], "note": "hello"]))
        Self.assertAllValid(response)
    }

    @Test("review: d / decline", arguments: ["d", "decline", "D"])
    func decline(choice: String) {
        var s = Self.atReview()
        s.handle(.line(choice))
        #expect(Self.finished(s) == .decline)
    }

    @Test("review: c / cancel", arguments: ["c", "cancel", "C"])
    func cancel(choice: String) {
        var s = Self.atReview()
        s.handle(.line(choice))
        #expect(Self.finished(s) == .cancel)
    }

    @Test("review: anything else is explained and the review stays", arguments: ["", "x", "yes", "sendit", "1"])
    func unknownChoice(choice: String) {
        var s = Self.atReview()
        s.handle(.line(choice))
        #expect(Self.isReview(s))
        #expect(s.lastError == "choose s (send), e (edit), d (decline) or c (cancel)")
    }

    @Test("review: e goes back through every field with the current values as defaults")
    func edit() {
        var s = Self.atReview()
        s.handle(.line("e"))
        var currents: [String: String?] = [:]
        var asked: [String] = []
        while let (name, _, current) = Self.at(s) {
            asked.append(name)
            currents[name] = current
            switch name {
            case "age": s.handle(.line("37"))
            case "days": s.handle(.line("2,3"))
            default: s.handle(.line(""))
            }
        }
        #expect(asked == ["name", "age", "subscribe", "color", "days", "note"])
        #expect(currents == ["name": "Ada", "age": "36", "subscribe": "y", "color": "g", "days": "mon", "note": "hello"])
        #expect(Self.isReview(s))
        s.handle(.line("s"))
        let response = Self.finished(s)
        #expect(response == .accept(["name": "Ada", "age": 37, "subscribe": true, "color": "g", "days": ["tue", "wed"], "note": "hello"]))
        Self.assertAllValid(response)
    }

    @Test("edit twice: the second pass shows the values of the first")
    func editTwice() {
        var s = Self.atReview()
        s.handle(.line("edit"))
        Self.feed(&s, ["Bo", "", "", "", "", ""])
        #expect(Self.isReview(s))
        s.handle(.line("e"))
        #expect(Self.at(s)?.current == "Bo")
        Self.feed(&s, ["", "", "", "", "", "", "s"])
        #expect(Self.finished(s) == .accept(["name": "Bo", "age": 36, "subscribe": true, "color": "g", "days": ["mon"], "note": "hello"]))
    }

    @Test("edit: an invalid new answer is refused and the current value stays offered")
    func editInvalid() {
        var s = Self.atReview()
        s.handle(.line("e"))
        s.handle(.line("X"))
        #expect(s.lastError == "must be at least 2 characters")
        #expect(Self.at(s)?.name == "name")
        #expect(Self.at(s)?.current == "Ada")
        #expect(s.values["name"] == "Ada")
    }

    @Test("edit: a field skipped before is offered empty and can now be answered")
    func editFillsSkipped() {
        var s = FormSession(schema: Self.schema)
        Self.feed(&s, ["Ada", "36", "", "g", "", "", "e"])
        Self.feed(&s, ["", "", "", "", ""])
        #expect(Self.at(s)?.name == "note")
        #expect(Self.at(s)?.current == nil)
        Self.feed(&s, ["added", "s"])
        guard case .accept(let content?)? = Self.finished(s) else { Issue.record("not accepted"); return }
        #expect(content["note"] == "added")
    }

    // MARK: Ctrl-D and Ctrl-C

    @Test("Ctrl-D declines, at any field or at the review")
    func endOfInput() {
        for steps in 0...6 {
            var s = FormSession(schema: Self.schema)
            Self.feed(&s, Array(["Ada", "36", "", "g", "", "x"].prefix(steps)))
            s.handle(.endOfInput)
            #expect(Self.finished(s) == .decline, "after \(steps) answers")
        }
    }

    @Test("Ctrl-C cancels, at any field, after an invalid answer, during an edit, or at the review")
    func interrupt() {
        var a = FormSession(schema: Self.schema)
        a.handle(.interrupt)
        #expect(Self.finished(a) == .cancel)
        var b = FormSession(schema: Self.schema)
        Self.feed(&b, ["A"])
        b.handle(.interrupt)
        #expect(Self.finished(b) == .cancel)
        var c = Self.atReview()
        Self.feed(&c, ["e", "Bo"])
        c.handle(.interrupt)
        #expect(Self.finished(c) == .cancel)
        var d = Self.atReview()
        d.handle(.interrupt)
        #expect(Self.finished(d) == .cancel)
    }

    @Test("finished is final: nothing changes the answer afterwards")
    func finishedIsFinal() {
        var s = Self.atReview()
        s.handle(.line("s"))
        let sent = Self.finished(s)
        s.handle(.line("d"))
        #expect(Self.finished(s) == sent)
        s.handle(.endOfInput)
        #expect(Self.finished(s) == sent, "a late Ctrl-D must not turn a sent form into a decline")
        s.handle(.interrupt)
        #expect(Self.finished(s) == sent, "a late Ctrl-C must not turn a sent form into a cancel")
    }

    // MARK: defaults are sent as the server wrote them

    /// A single-select whose values are digits: the default shown is "1" (a value), and an empty line must send
    /// that value, not re-read "1" as the first choice.
    @Test("an empty line sends the default value itself, even when its text reads like a choice number")
    func numericEnumDefault() throws {
        let schema = try F.schema(#"{"properties":{"level":{"enum":["3","1","2"],"default":"1"}},"required":["level"]}"#)
        var s = FormSession(schema: schema)
        #expect(Self.at(s)?.current == "1")
        Self.feed(&s, ["", "s"])
        #expect(Self.finished(s) == .accept(["level": "1"]))
        // the non-interactive reading of the same form agrees
        #expect(FormResolution(schema: schema, presets: PresetAnswers()).content == ["level": "1"])
    }

    @Test("the same for a multi-select default")
    func numericMultiDefault() throws {
        let schema = try F.schema(#"{"properties":{"ids":{"type":"array","items":{"enum":["2","1"]},"default":["1"]}}}"#)
        var s = FormSession(schema: schema)
        Self.feed(&s, ["", "s"])
        #expect(Self.finished(s) == .accept(["ids": ["1"]]))
    }

    @Test("defaults of every type are sent with their JSON type")
    func typedDefaults() throws {
        let schema = try F.schema("""
            {"properties":{"s":{"type":"string","default":"x"},"i":{"type":"integer","default":4},
             "n":{"type":"number","default":0.5},"b":{"type":"boolean","default":false},
             "e":{"enum":["a","b"],"default":"b"},"m":{"type":"array","items":{"enum":["a","b"]},"default":["b","a"]}}}
            """)
        var s = FormSession(schema: schema)
        Self.feed(&s, ["", "", "", "", "", "", "s"])
        #expect(Self.finished(s) == .accept(["s": "x", "i": 4, "n": 0.5, "b": false, "e": "b", "m": ["b", "a"]]))
        Self.assertAllValid(Self.finished(s), schema: schema)
    }

    @Test("an invalid default is not offered; a required field with one must be answered")
    func invalidDefault() throws {
        let schema = try F.schema(#"{"properties":{"n":{"type":"integer","maximum":5,"default":9}},"required":["n"]}"#)
        var s = FormSession(schema: schema)
        #expect(Self.at(s)?.current == nil)
        s.handle(.line(""))
        #expect(s.lastError == "n is required")
        Self.feed(&s, ["5", "s"])
        #expect(Self.finished(s) == .accept(["n": 5]))
    }

    // MARK: nothing invalid is ever accepted

    @Test("a long random walk of inputs never accepts invalid content")
    func fuzz() {
        let inputs: [FormSession.Input] = [
            .line(""), .line(" "), .line("A"), .line("Ada"), .line("-1"), .line("36"), .line("151"), .line("1.5"),
            .line("y"), .line("maybe"), .line("1"), .line("3"), .line("g"), .line("mon,tue"), .line("fri"),
            .line("e"), .line("x"), .line("s"), .line("2,2,1"), .line("Red"),
        ]
        var generator = ElicitationWalkRNG(state: 0x5EED)
        var accepted = 0
        for _ in 0..<400 {
            var s = FormSession(schema: Self.schema)
            var steps = 0
            while Self.finished(s) == nil, steps < 60 {
                s.handle(inputs[Int(generator.next() % UInt64(inputs.count))])
                steps += 1
            }
            if case .accept? = Self.finished(s) { accepted += 1 }
            Self.assertAllValid(Self.finished(s))
            if case .accept(nil)? = Self.finished(s) { Issue.record("a form was accepted without content") }
        }
        #expect(accepted > 0, "the walk never reached an accept; widen it")
    }
}

/// A small deterministic PRNG (SplitMix64) for the random walk.
private struct ElicitationWalkRNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
