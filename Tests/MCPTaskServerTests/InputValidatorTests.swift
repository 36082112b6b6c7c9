import MCPTaskCore
import Testing
@testable import MCPTaskServer

@Suite struct InputValidatorTests {
    let schema: JSONValue = [
        "type": "object",
        "properties": [
            "seconds": ["type": "integer", "default": 3, "minimum": 0, "maximum": 10],
            "name": ["type": "string", "minLength": 1, "maxLength": 5],
            "mode": ["type": "string", "enum": ["fast", "slow"]],
            "ratio": ["type": "number"],
            "flag": ["type": "boolean"],
            "tags": ["type": "array", "items": ["type": "string"], "maxItems": 2],
        ],
        "required": ["name"],
        "additionalProperties": false,
    ]

    @Test func fillsDefaults() throws {
        let args = try InputValidator.validate(["name": "x"], schema: schema, tool: "t")
        #expect(args == ["name": "x", "seconds": 3])
    }

    @Test(arguments: [
        (["name": "x", "seconds": 3.0] as JSONObject, true),
        (["name": "x", "seconds": 1e1] as JSONObject, true),
        (["name": "x", "ratio": 0.5, "flag": true, "tags": ["a"], "mode": "fast"] as JSONObject, true),
        ([:] as JSONObject, false),
        (["name": ""] as JSONObject, false),
        (["name": "toolong"] as JSONObject, false),
        (["name": "x", "seconds": 1.5] as JSONObject, false),
        (["name": "x", "seconds": "3"] as JSONObject, false),
        (["name": "x", "seconds": 11] as JSONObject, false),
        (["name": "x", "seconds": -1] as JSONObject, false),
        (["name": "x", "mode": "medium"] as JSONObject, false),
        (["name": "x", "tags": ["a", 1]] as JSONObject, false),
        (["name": "x", "tags": ["a", "b", "c"]] as JSONObject, false),
        (["name": "x", "flag": "yes"] as JSONObject, false),
        (["name": "x", "extra": 1] as JSONObject, false),
        (["name": .null] as JSONObject, false),
    ])
    func validates(arguments: JSONObject, valid: Bool) {
        let code = RPCError.code { _ = try InputValidator.validate(arguments, schema: schema, tool: "t") }
        #expect(code == (valid ? nil : RPCError.invalidParams))
    }

    @Test func saysWhatIsWrong() {
        do {
            _ = try InputValidator.validate(["name": "x", "seconds": "soon"], schema: schema, tool: "countdown")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "Invalid arguments for tool 'countdown': 'seconds' must be an integer, got the string \"soon\"")
        }
        #expect(InputValidator.problems(["extra": 1], schema: schema)
            == ["missing required argument 'name'", "unknown argument 'extra' (expected: flag, mode, name, ratio, seconds, tags)"])
    }
}
