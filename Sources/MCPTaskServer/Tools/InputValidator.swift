import MCPTaskCore

/// Checks tool arguments against the tool's `inputSchema` — the JSON Schema subset tools here use: `type`
/// (one or several), `properties`, `required`, `additionalProperties`, `enum`, `const`, `minimum`, `maximum`,
/// `minLength`, `maxLength`, `items`, `minItems`, `maxItems` — and fills in top-level `default`s.
///
/// Invalid arguments are -32602 (spec `server/tools`, "Error Handling"), with a message saying which
/// argument is wrong and why.
public enum InputValidator {
    /// The arguments with defaults filled in, or -32602.
    public static func validate(_ arguments: JSONObject, schema: JSONValue, tool: String) throws(RPCError) -> JSONObject {
        var problems: [String] = []
        check(.object(arguments), against: schema, path: "", problems: &problems)
        if let first = problems.first {
            let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
            throw RPCError(code: RPCError.invalidParams, message: "Invalid arguments for tool '\(tool)': \(first)\(more)")
        }
        var filled = arguments
        if let properties = schema["properties"]?.objectValue {
            for (key, property) in properties where filled[key] == nil {
                if let value = property["default"] { filled[key] = value }
            }
        }
        return filled
    }

    /// Collects every violation of `schema` by `value` (an empty list means valid).
    public static func problems(_ value: JSONValue, schema: JSONValue) -> [String] {
        var problems: [String] = []
        check(value, against: schema, path: "", problems: &problems)
        return problems
    }

    private static func name(_ path: String) -> String { path.isEmpty ? "the arguments" : "'\(path)'" }

    private static func check(_ value: JSONValue, against schema: JSONValue, path: String, problems: inout [String]) {
        guard let schema = schema.objectValue else { return }  // `true` / `{}`-like schemas accept anything
        if let types = allowedTypes(schema["type"]), !types.contains(where: { matches(value, type: $0) }) {
            problems.append("\(name(path)) must be \(types.map(article).joined(separator: " or ")), got \(describe(value))")
            return
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(name(path)) must be one of \(options.map { $0.serialized() }.joined(separator: ", ")), got \(value.serialized())")
        }
        if let constant = schema["const"], constant != value {
            problems.append("\(name(path)) must be \(constant.serialized())")
        }
        switch value {
        case .number(let n):
            if let d = n.doubleValue {
                if let min = schema["minimum"]?.doubleValue, d < min { problems.append("\(name(path)) must be at least \(number(min))") }
                if let max = schema["maximum"]?.doubleValue, d > max { problems.append("\(name(path)) must be at most \(number(max))") }
            }
        case .string(let s):
            if let min = schema["minLength"]?.intValue, s.count < min {
                problems.append("\(name(path)) must have at least \(min) character\(min == 1 ? "" : "s")")
            }
            if let max = schema["maxLength"]?.intValue, s.count > max {
                problems.append("\(name(path)) must have at most \(max) characters")
            }
        case .array(let items):
            if let min = schema["minItems"]?.intValue, items.count < min { problems.append("\(name(path)) needs at least \(min) items") }
            if let max = schema["maxItems"]?.intValue, items.count > max { problems.append("\(name(path)) takes at most \(max) items") }
            if let itemSchema = schema["items"] {
                for (i, item) in items.enumerated() {
                    check(item, against: itemSchema, path: "\(path)[\(i)]", problems: &problems)
                }
            }
        case .object(let object):
            let properties = schema["properties"]?.objectValue ?? [:]
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[required] == nil {
                problems.append("missing required argument '\(join(path, required))'")
            }
            for (key, item) in object {
                if let property = properties[key] {
                    check(item, against: property, path: join(path, key), problems: &problems)
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        let known = properties.keys.sorted().joined(separator: ", ")
                        problems.append("unknown argument '\(join(path, key))'" + (known.isEmpty ? "" : " (expected: \(known))"))
                    } else {
                        check(item, against: additional, path: join(path, key), problems: &problems)
                    }
                }
            }
        default:
            break
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private static func allowedTypes(_ type: JSONValue?) -> [String]? {
        switch type {
        case .string(let t)?: return [t]
        case .array(let ts)?: return ts.compactMap(\.stringValue)
        default: return nil
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("object", .object), ("array", .array), ("null", .null),
             ("number", .number):
            return true
        case ("integer", .number(let n)):
            return n.intValue != nil
        default:
            return false
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "integer", "array", "object": return "an \(type)"
        case "null": return "null"
        default: return "a \(type)"
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "the string \(JSONValue.string(s.count > 40 ? String(s.prefix(40)) + "…" : s).serialized())"
        case .number(let n): return "the number \(n.text)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private static func number(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
