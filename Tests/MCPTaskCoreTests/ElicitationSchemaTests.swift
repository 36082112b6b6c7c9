import Testing
@testable import MCPTaskCore

/// Shared helpers of the Elicitation*Tests files.
enum ElicitationFixtures {
    /// A form schema from its JSON text (so the property order is exactly what is written).
    static func schema(_ json: String) throws -> FormSchema {
        try FormSchema(json: try JSONParser.parse(json))
    }

    /// The only field of a one-property form `{"type":"object","properties":{"f": <property>}}`.
    static func field(_ property: String, required: Bool = true) throws -> FormField {
        let req = required ? #","required":["f"]"# : ""
        let schema = try schema(#"{"type":"object","properties":{"f":"# + property + "}" + req + "}")
        return try #require(schema.fields.first)
    }

    /// The error of an invalid schema, or nil if it parses.
    static func schemaError(_ json: String) throws -> ElicitationError? {
        let value = try JSONParser.parse(json)
        do {
            _ = try FormSchema(json: value)
            return nil
        } catch {
            return error
        }
    }

    static let options3 = [EnumOption(value: "red"), EnumOption(value: "green"), EnumOption(value: "blue")]
}

@Suite("Elicitation: elicitation/create requests")
struct ElicitationRequestTests {
    @Test("a form request without mode is a form (the 2025-06-18 shape)")
    func formWithoutMode() throws {
        let params = try JSONParser.parse(#"{"message":"Who?","requestedSchema":{"type":"object","properties":{"n":{"type":"string"}}}}"#)
        let request = try ElicitationRequest(params: params)
        #expect(request.message == "Who?")
        #expect(request.relatedTaskId == nil)
        guard case .form(let schema) = request.mode else { Issue.record("not a form"); return }
        #expect(schema.fields.map(\.name) == ["n"])
    }

    @Test("an explicit form mode and the related task from _meta")
    func formInTask() throws {
        let params = try JSONParser.parse("""
            {"mode":"form","message":"m","requestedSchema":{"type":"object","properties":{}},
             "_meta":{"io.modelcontextprotocol/related-task":{"taskId":"t-123"}}}
            """)
        let request = try ElicitationRequest(params: params)
        #expect(request.relatedTaskId == "t-123")
        #expect(request.mode == .form(FormSchema(fields: [])))
    }

    @Test("a URL request keeps the url and the elicitationId")
    func url() throws {
        let params = try JSONParser.parse(#"{"mode":"url","message":"Sign in","url":"https://a.example/x?y=1","elicitationId":"e1"}"#)
        let request = try ElicitationRequest(params: params)
        #expect(request.mode == .url(url: "https://a.example/x?y=1", elicitationId: "e1"))
        #expect(request.message == "Sign in")
    }

    @Test("a missing message is empty, not an error")
    func noMessage() throws {
        let request = try ElicitationRequest(params: try JSONParser.parse(#"{"requestedSchema":{"properties":{}}}"#))
        #expect(request.message == "")
    }

    @Test("malformed requests are invalidRequest", arguments: [
        "null",
        #""text""#,
        #"{"message":"form without schema"}"#,
        #"{"mode":"url","message":"m","elicitationId":"e"}"#,
        #"{"mode":"url","message":"m","url":"https://x"}"#,
        #"{"mode":"telepathy","message":"m"}"#,
    ])
    func malformed(json: String) throws {
        let params = try JSONParser.parse(json)
        #expect(throws: ElicitationError.self) { try ElicitationRequest(params: params) }
        do {
            _ = try ElicitationRequest(params: params)
        } catch {
            guard case .invalidRequest = error else { Issue.record("expected invalidRequest, got \(error)"); return }
        }
    }

    @Test("no params at all is invalidRequest")
    func noParams() {
        #expect(throws: ElicitationError.invalidRequest("elicitation/create without params")) {
            try ElicitationRequest(params: nil)
        }
    }

    @Test("an unsupported schema is invalidSchema, described for the -32602 message")
    func badSchema() throws {
        let params = try JSONParser.parse(#"{"message":"m","requestedSchema":{"type":"object","properties":{"a":{"type":"object"}}}}"#)
        do {
            _ = try ElicitationRequest(params: params)
            Issue.record("parsed")
        } catch {
            guard case .invalidSchema = error else { Issue.record("\(error)"); return }
            #expect(error.description.hasPrefix("unsupported requestedSchema: "))
            #expect(error.description.contains("'a'"))
        }
    }

    @Test("responses serialise as ElicitResult")
    func responses() {
        #expect(ElicitationResponse.accept(["a": 1]).json == ["action": "accept", "content": ["a": 1]])
        #expect(ElicitationResponse.accept(nil).json == ["action": "accept"])
        #expect(ElicitationResponse.decline.json == ["action": "decline"])
        #expect(ElicitationResponse.cancel.json == ["action": "cancel"])
        #expect(ElicitationResponse.accept([:]).json == ["action": "accept", "content": .object([:])])
        #expect([ElicitationResponse.accept(nil), .decline, .cancel].map(\.action) == ["accept", "decline", "cancel"])
    }
}

@Suite("Elicitation: restricted form schema")
struct ElicitationFormSchemaTests {
    typealias F = ElicitationFixtures

    @Test("fields keep the server's property order and required set")
    func orderAndRequired() throws {
        let schema = try F.schema("""
            {"type":"object","properties":{
              "zeta":{"type":"string"},"alpha":{"type":"integer"},"mid":{"type":"boolean"},"b":{"type":"number"}},
             "required":["alpha","b","not-a-field"]}
            """)
        #expect(schema.fields.map(\.name) == ["zeta", "alpha", "mid", "b"])
        #expect(schema.fields.map(\.required) == [false, true, false, true])
        #expect(schema.field("mid")?.kind == .boolean)
        #expect(schema.field("nope") == nil)
    }

    @Test("title, description, label and default")
    func metadata() throws {
        let titled = try F.field(#"{"type":"string","title":"Your name","description":"for the badge","default":"Ada"}"#)
        #expect(titled.title == "Your name")
        #expect(titled.description == "for the badge")
        #expect(titled.label == "Your name")
        #expect(titled.defaultValue == "Ada")
        let bare = try F.field(#"{"type":"string"}"#)
        #expect(bare.title == nil && bare.description == nil && bare.defaultValue == nil)
        #expect(bare.label == "f")
    }

    @Test("string with every constraint")
    func string() throws {
        let f = try F.field(#"{"type":"string","minLength":2,"maxLength":20,"pattern":"^[A-Z]+$","format":"email"}"#)
        #expect(f.kind == .string(minLength: 2, maxLength: 20, pattern: "^[A-Z]+$", format: "email"))
        #expect(try F.field(#"{"type":"string"}"#).kind == .string(minLength: nil, maxLength: nil, pattern: nil, format: nil))
        for format in ["email", "uri", "date", "date-time"] {
            #expect(try F.field(#"{"type":"string","format":""# + format + #""}"#).kind
                    == .string(minLength: nil, maxLength: nil, pattern: nil, format: format))
        }
    }

    @Test("number and integer with bounds")
    func numbers() throws {
        #expect(try F.field(#"{"type":"integer","minimum":0,"maximum":150}"#).kind == .number(integer: true, minimum: 0, maximum: 150))
        #expect(try F.field(#"{"type":"number","minimum":-1.5}"#).kind == .number(integer: false, minimum: -1.5, maximum: nil))
        #expect(try F.field(#"{"type":"number"}"#).kind == .number(integer: false, minimum: nil, maximum: nil))
    }

    @Test("boolean, with a default")
    func boolean() throws {
        let f = try F.field(#"{"type":"boolean","default":true}"#)
        #expect(f.kind == .boolean)
        #expect(f.defaultValue == true)
    }

    @Test("single-select: enum")
    func singleEnum() throws {
        let f = try F.field(#"{"type":"string","enum":["red","green","blue"]}"#)
        #expect(f.kind == .singleSelect(F.options3))
        #expect(f.kind == .singleSelect([EnumOption(value: "red", title: "red"), EnumOption(value: "green", title: "green"),
                                         EnumOption(value: "blue", title: "blue")]))
    }

    @Test("single-select: enum without a type")
    func enumWithoutType() throws {
        #expect(try F.field(#"{"enum":["a","b"]}"#).kind == .singleSelect([EnumOption(value: "a"), EnumOption(value: "b")]))
    }

    @Test("single-select: oneOf with const and title")
    func oneOf() throws {
        let f = try F.field(#"{"type":"string","oneOf":[{"const":"s","title":"Small"},{"const":"m","title":"Medium"},{"const":"l"}]}"#)
        #expect(f.kind == .singleSelect([EnumOption(value: "s", title: "Small"), EnumOption(value: "m", title: "Medium"),
                                         EnumOption(value: "l", title: "l")]))
    }

    @Test("single-select: anyOf is read like oneOf")
    func anyOfSingle() throws {
        let f = try F.field(#"{"type":"string","anyOf":[{"const":"x","title":"Ex"}]}"#)
        #expect(f.kind == .singleSelect([EnumOption(value: "x", title: "Ex")]))
    }

    @Test("single-select: legacy enumNames give the titles")
    func enumNames() throws {
        let f = try F.field(#"{"type":"string","enum":["free","pro","team"],"enumNames":["Free","Professional","Team"]}"#)
        #expect(f.kind == .singleSelect([EnumOption(value: "free", title: "Free"), EnumOption(value: "pro", title: "Professional"),
                                         EnumOption(value: "team", title: "Team")]))
    }

    @Test("single-select: fewer enumNames than values leaves the rest untitled")
    func shortEnumNames() throws {
        let f = try F.field(#"{"type":"string","enum":["a","b","c"],"enumNames":["Ay"]}"#)
        #expect(f.kind == .singleSelect([EnumOption(value: "a", title: "Ay"), EnumOption(value: "b"), EnumOption(value: "c")]))
    }

    @Test("multi-select: items.enum with minItems and maxItems")
    func multiEnum() throws {
        let f = try F.field(#"{"type":"array","minItems":1,"maxItems":2,"items":{"type":"string","enum":["cheese","ham","olives"]}}"#)
        #expect(f.kind == .multiSelect([EnumOption(value: "cheese"), EnumOption(value: "ham"), EnumOption(value: "olives")],
                                       minItems: 1, maxItems: 2))
    }

    @Test("multi-select: items.anyOf with titles, no bounds, array default")
    func multiAnyOf() throws {
        let f = try F.field(#"{"type":"array","items":{"anyOf":[{"const":"mon","title":"Monday"},{"const":"tue","title":"Tuesday"}]},"default":["mon"]}"#)
        #expect(f.kind == .multiSelect([EnumOption(value: "mon", title: "Monday"), EnumOption(value: "tue", title: "Tuesday")],
                                       minItems: nil, maxItems: nil))
        #expect(f.defaultValue == ["mon"])
    }

    @Test("multi-select: items.oneOf is accepted too")
    func multiOneOf() throws {
        let f = try F.field(#"{"type":"array","items":{"oneOf":[{"const":"a"}]}}"#)
        #expect(f.kind == .multiSelect([EnumOption(value: "a")], minItems: nil, maxItems: nil))
    }

    @Test("an empty or property-less object is a form with no fields")
    func empty() throws {
        #expect(try F.schema(#"{"type":"object","properties":{}}"#).fields.isEmpty)
        #expect(try F.schema(#"{"type":"object"}"#).fields.isEmpty)
        #expect(try F.schema(#"{}"#).fields.isEmpty)
    }

    @Test("schemas outside the restricted subset are refused", arguments: [
        #"{"type":"array"}"#,
        #"{"type":"object","properties":{"f":{"type":"object"}}}"#,
        #"{"type":"object","properties":{"f":{"type":"null"}}}"#,
        #"{"type":"object","properties":{"f":{"description":"no type"}}}"#,
        #"{"type":"object","properties":{"f":{"type":"array"}}}"#,
        #"{"type":"object","properties":{"f":{"type":"array","items":{"type":"string"}}}}"#,
        #"{"type":"object","properties":{"f":{"type":"array","items":{"enum":[]}}}}"#,
        #"{"type":"object","properties":{"f":{"type":"array","items":{"anyOf":[]}}}}"#,
        #"{"type":"object","properties":{"f":{"type":"array","items":{"anyOf":[{"title":"no const"}]}}}}"#,
        #"{"type":"object","properties":{"f":{"type":"string","enum":[]}}}"#,
        #"{"type":"object","properties":{"f":{"type":"string","enum":[1,2]}}}"#,
        #"{"type":"object","properties":{"f":{"type":"string","enum":["a",2]}}}"#,
        #"{"type":"object","properties":{"f":{"type":"string","oneOf":[]}}}"#,
        #"{"type":"object","properties":{"f":{"type":"string","oneOf":[{"const":1,"title":"one"}]}}}"#,
        #"{"type":"object","properties":{"f":{"oneOf":[{"title":"no const"}]}}}"#,
    ])
    func invalid(json: String) throws {
        let error = try ElicitationFixtures.schemaError(json)
        #expect(error != nil, "parsed: \(json)")
        if let error, case .invalidSchema = error {} else if let error { Issue.record("not invalidSchema: \(error)") }
    }

    @Test("the refusal names the field and the reason")
    func invalidMessage() throws {
        let error = try #require(try ElicitationFixtures.schemaError(#"{"type":"object","properties":{"addr":{"type":"object"}}}"#))
        #expect(error == .invalidSchema("field 'addr' has type 'object', which forms do not allow"))
        let top = try #require(try ElicitationFixtures.schemaError(#"{"type":"array"}"#))
        #expect(top == .invalidSchema("the top-level type must be object"))
    }

    @Test("multi-select items.enum must hold only strings (like single-select enum)")
    func multiEnumNonStrings() throws {
        // A single-select enum with a non-string value is refused; the multi-select one silently drops it.
        #expect(try ElicitationFixtures.schemaError(#"{"properties":{"f":{"type":"string","enum":["a",2]}}}"#) != nil)
        #expect(try ElicitationFixtures.schemaError(#"{"properties":{"f":{"type":"array","items":{"enum":["a",2]}}}}"#) != nil)
    }
}
