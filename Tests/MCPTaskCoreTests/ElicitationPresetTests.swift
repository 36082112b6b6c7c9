import Testing
@testable import MCPTaskCore

/// `--answer`/`--answers` (PresetAnswers), the non-interactive reading of a form (FormResolution), and the
/// rules that decide whether to answer, ask, or decline (ElicitationPolicy).
@Suite("Elicitation: presets, resolution and policy")
struct ElicitationPresetTests {
    typealias F = ElicitationFixtures

    /// name (required string), age (required integer 0-150), subscribe (optional boolean, default true),
    /// color (required enum), toppings (optional multi-select), note (optional string, no default).
    static let survey: FormSchema = {
        try! FormSchema(json: try! JSONParser.parse("""
            {"type":"object","properties":{
              "name":{"type":"string","minLength":2},
              "age":{"type":"integer","minimum":0,"maximum":150},
              "subscribe":{"type":"boolean","default":true},
              "color":{"enum":["red","green","blue"]},
              "toppings":{"type":"array","items":{"enum":["cheese","ham"]},"maxItems":1},
              "note":{"type":"string"}},
             "required":["name","age","color"]}
            """))
    }()

    static let confirm: FormSchema = try! FormSchema(json: try! JSONParser.parse(
        #"{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"]}"#))

    static let optionalOnly: FormSchema = try! FormSchema(json: try! JSONParser.parse(
        #"{"type":"object","properties":{"note":{"type":"string"},"level":{"type":"integer","default":3}}}"#))

    static let url = ElicitationRequest(message: "Sign in", mode: .url(url: "https://a.example/x", elicitationId: "e1"))

    static func typed(_ pairs: (String, String)...) -> PresetAnswers {
        PresetAnswers(typed: pairs.map { (key: $0.0, text: $0.1) })
    }

    // MARK: PresetAnswers

    @Test("--answer text is read like typed input")
    func typedAnswers() {
        let (values, problems) = Self.typed(("name", "Ada"), ("age", "36"), ("subscribe", "no"), ("color", "2"),
                                            ("toppings", "ham")).apply(to: Self.survey)
        #expect(problems.isEmpty)
        #expect(values == ["name": "Ada", "age": 36, "subscribe": false, "color": "green", "toppings": ["ham"]])
    }

    @Test("--answers values are validated; strings for other types are read like typed text")
    func jsonAnswers() {
        let presets = PresetAnswers(values: ["name": "Ada", "age": "36", "subscribe": "yes", "color": "blue",
                                             "toppings": ["cheese"]])
        let (values, problems) = presets.apply(to: Self.survey)
        #expect(problems.isEmpty)
        #expect(values == ["name": "Ada", "age": 36, "subscribe": true, "color": "blue", "toppings": ["cheese"]])
    }

    @Test("invalid presets are problems naming the field, and give no value")
    func problems() {
        let presets = PresetAnswers(typed: [(key: "age", text: "200"), (key: "color", text: "purple")],
                                    values: ["name": "A", "subscribe": 1, "toppings": ["cheese", "ham"]])
        let (values, problems) = presets.apply(to: Self.survey)
        #expect(values.isEmpty)
        #expect(problems == ["name: must be at least 2 characters", "age: must be at most 150",
                             "subscribe: expected y/n, got number", "color: choose 1-3 or one of: red, green, blue",
                             "toppings: choose at most 1"])
    }

    @Test("--answer wins over --answers; the last --answer for a key wins; unknown keys are ignored")
    func precedence() {
        let presets = PresetAnswers(typed: [(key: "age", text: "1"), (key: "age", text: "2"), (key: "zzz", text: "x")],
                                    values: ["age": 99, "name": "Ada", "other": true])
        let (values, problems) = presets.apply(to: Self.survey)
        #expect(problems.isEmpty)
        #expect(values == ["age": 2, "name": "Ada"])
    }

    @Test("an --answer with an empty value is an empty string for text")
    func emptyTyped() {
        let (values, _) = Self.typed(("note", "")).apply(to: Self.survey)
        #expect(values == ["note": ""])
    }

    @Test("isEmpty and equality")
    func basics() {
        #expect(PresetAnswers().isEmpty)
        #expect(!Self.typed(("a", "b")).isEmpty)
        #expect(!PresetAnswers(values: ["a": 1]).isEmpty)
        #expect(Self.typed(("a", "b")) == Self.typed(("a", "b")))
        #expect(Self.typed(("a", "b")) != Self.typed(("a", "c")))
    }

    // MARK: FormResolution

    @Test("complete: presets plus valid defaults; optional fields without a value are left out")
    func complete() {
        let r = FormResolution(schema: Self.survey, presets: Self.typed(("name", "Ada"), ("age", "36"), ("color", "red")))
        #expect(r.isComplete)
        #expect(r.missing.isEmpty && r.problems.isEmpty)
        #expect(r.content == ["name": "Ada", "age": 36, "subscribe": true, "color": "red"])
        #expect(r.content.keys == ["name", "age", "subscribe", "color"], "content follows the schema's order")
    }

    @Test("missing required fields are listed in schema order")
    func missing() {
        let r = FormResolution(schema: Self.survey, presets: Self.typed(("age", "3")))
        #expect(!r.isComplete)
        #expect(r.missing == ["name", "color"])
    }

    @Test("an invalid preset makes the resolution incomplete even when the field has a default")
    func invalidPresetWithDefault() {
        let r = FormResolution(schema: Self.survey, presets: Self.typed(("name", "Ada"), ("age", "3"), ("color", "red"),
                                                                        ("subscribe", "perhaps")))
        #expect(!r.isComplete)
        #expect(r.missing.isEmpty)
        #expect(r.problems == ["subscribe: answer yes or no"])
    }

    @Test("a preset overrides the default")
    func presetOverridesDefault() {
        let r = FormResolution(schema: Self.survey, presets: Self.typed(("name", "Ada"), ("age", "3"), ("color", "red"),
                                                                        ("subscribe", "n")))
        #expect(r.content["subscribe"] == false)
    }

    @Test("an invalid default is not used: a required field with one is missing")
    func invalidDefault() throws {
        let schema = try F.schema(#"{"properties":{"n":{"type":"integer","maximum":5,"default":9}},"required":["n"]}"#)
        let r = FormResolution(schema: schema, presets: PresetAnswers())
        #expect(r.missing == ["n"])
        #expect(r.content.isEmpty)
    }

    // MARK: ElicitationPolicy

    @Test("--decline-all declines everything, even with complete answers and a terminal")
    func declineAll() {
        let policy = ElicitationPolicy(declineAll: true, presets: Self.typed(("ok", "y")), canPrompt: true)
        #expect(policy.decide(ElicitationRequest(message: "m", mode: .form(Self.confirm)))
                == .respond(.decline, note: "declined (--decline-all)"))
        #expect(policy.decide(Self.url) == .respond(.decline, note: "declined (--decline-all)"))
    }

    @Test("complete answers are sent without asking, with or without a terminal")
    func completeAnswers() {
        for canPrompt in [true, false] {
            let policy = ElicitationPolicy(presets: Self.typed(("ok", "yes")), canPrompt: canPrompt)
            #expect(policy.decide(ElicitationRequest(message: "m", mode: .form(Self.confirm)))
                    == .respond(.accept(["ok": true]), note: nil))
        }
    }

    @Test("with a terminal, incomplete or invalid answers lead to a prompt")
    func promptsForTheRest() {
        let request = ElicitationRequest(message: "m", mode: .form(Self.survey))
        #expect(ElicitationPolicy(presets: Self.typed(("name", "Ada")), canPrompt: true).decide(request) == .prompt)
        #expect(ElicitationPolicy(presets: Self.typed(("name", "Ada"), ("age", "999"), ("color", "1")), canPrompt: true)
                .decide(request) == .prompt)
    }

    @Test("with a terminal and no answers, a form is asked even when its defaults would complete it")
    func asksWithoutPresets() {
        let policy = ElicitationPolicy(canPrompt: true)
        #expect(policy.decide(ElicitationRequest(message: "m", mode: .form(Self.optionalOnly))) == .prompt)
        #expect(policy.decide(ElicitationRequest(message: "m", mode: .form(Self.confirm))) == .prompt)
    }

    @Test("a form with no fields is accepted with empty content without asking")
    func emptyForm() {
        for canPrompt in [true, false] {
            #expect(ElicitationPolicy(canPrompt: canPrompt).decide(ElicitationRequest(message: "m", mode: .form(FormSchema(fields: []))))
                    == .respond(.accept([:]), note: nil))
        }
    }

    @Test("without a terminal, a form complete by its defaults is accepted with them")
    func defaultsWithoutTerminal() {
        #expect(ElicitationPolicy(canPrompt: false).decide(ElicitationRequest(message: "m", mode: .form(Self.optionalOnly)))
                == .respond(.accept(["level": 3]), note: nil))
    }

    @Test("without a terminal, an incomplete form is declined with a note naming the missing fields")
    func declinesIncomplete() throws {
        let policy = ElicitationPolicy(presets: Self.typed(("age", "7")), canPrompt: false)
        guard case .respond(let response, let note?) = policy.decide(ElicitationRequest(message: "m", mode: .form(Self.survey))) else {
            Issue.record("expected a response with a note")
            return
        }
        #expect(response == .decline)
        #expect(note == "declined: no answers for a form that cannot be asked here (missing name, color); give them with --answer KEY=VALUE or --answers FILE")
    }

    @Test("without a terminal, invalid answers are named in the note")
    func declinesInvalid() throws {
        let policy = ElicitationPolicy(presets: Self.typed(("name", "Ada"), ("age", "200"), ("color", "red")), canPrompt: false)
        guard case .respond(.decline, let note?) = policy.decide(ElicitationRequest(message: "m", mode: .form(Self.survey))) else {
            Issue.record("expected decline with a note")
            return
        }
        #expect(note.contains("age: must be at most 150"))
        #expect(note.hasSuffix("; give them with --answer KEY=VALUE or --answers FILE"))
    }

    @Test("without a terminal and without answers, a required field means decline")
    func noAnswersNoTerminal() {
        guard case .respond(.decline, let note?) = ElicitationPolicy(canPrompt: false)
            .decide(ElicitationRequest(message: "m", mode: .form(Self.confirm))) else {
            Issue.record("expected decline")
            return
        }
        #expect(note.contains("missing ok"))
    }

    @Test("URL mode: asked with a terminal, declined without one")
    func urlMode() {
        #expect(ElicitationPolicy(canPrompt: true).decide(Self.url) == .prompt)
        #expect(ElicitationPolicy(presets: Self.typed(("ok", "y")), canPrompt: true).decide(Self.url) == .prompt)
        #expect(ElicitationPolicy(canPrompt: false).decide(Self.url)
                == .respond(.decline, note: "declined: a URL elicitation needs a person to consent (no terminal, or --no-input)"))
    }
}
