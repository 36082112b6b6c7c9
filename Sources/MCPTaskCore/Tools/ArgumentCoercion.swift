/// Builds `tools/call` arguments from `KEY=VALUE` and `KEY:=JSON` words, coercing `KEY=VALUE` with the tool's
/// `inputSchema`: integers, numbers, booleans, arrays and objects are parsed; strings stay exactly as typed.
public enum ArgumentCoercion {
    /// A word that is not a valid assignment, or a value that does not fit the schema.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Parses `words` over `base` (pairs override the base), using `schema` for coercion.
    public static func arguments(from words: [String], base: JSONObject = [:], schema: JSONValue?) throws(Failure) -> JSONObject {
        var result = base
        for word in words {
            if let range = word.range(of: ":="), !word[..<range.lowerBound].contains("=") {
                let key = String(word[..<range.lowerBound])
                guard !key.isEmpty else { throw Failure(message: "argument '\(word)' has no name before ':='") }
                let raw = String(word[range.upperBound...])
                do {
                    result[key] = try JSONParser.parse(raw)
                } catch {
                    throw Failure(message: "argument '\(key)': ':=' needs JSON, but '\(raw)' is not valid JSON (\(error))")
                }
            } else if let eq = word.firstIndex(of: "=") {
                let key = String(word[..<eq])
                guard !key.isEmpty else { throw Failure(message: "argument '\(word)' has no name before '='") }
                let raw = String(word[word.index(after: eq)...])
                result[key] = try coerce(raw, key: key, schema: schema?["properties"]?[key])
            } else {
                throw Failure(message: "argument '\(word)' is not KEY=VALUE or KEY:=JSON")
            }
        }
        return result
    }

    /// Coerces one textual value for the property `key` with its schema (nil schema: kept as a string).
    public static func coerce(_ raw: String, key: String, schema: JSONValue?) throws(Failure) -> JSONValue {
        let types = schemaTypes(schema)
        if types.isEmpty || types.contains("string") { return .string(raw) }
        var expected: [String] = []
        for type in types {
            switch type {
            case "integer":
                expected.append("an integer")
                // JSON Schema integers have no size limit: any integer literal is kept exactly.
                if let parsed = try? JSONParser.parse(raw), case .number(let n) = parsed,
                   !n.text.contains("."), !n.text.lowercased().contains("e") {
                    return parsed
                }
            case "number":
                expected.append("a number")
                if let parsed = try? JSONParser.parse(raw), case .number = parsed { return parsed }
            case "boolean":
                expected.append("a boolean (true/false)")
                switch raw.lowercased() {
                case "true", "yes", "y", "1", "on": return .bool(true)
                case "false", "no", "n", "0", "off": return .bool(false)
                default: break
                }
            case "null":
                expected.append("null")
                if raw == "null" { return .null }
            case "array":
                expected.append("a JSON array")
                if let parsed = try? JSONParser.parse(raw), case .array = parsed { return parsed }
                // A convenience: comma-separated strings for arrays of strings.
                if let itemTypes = Optional(schemaTypes(schema?["items"])), itemTypes == ["string"], !raw.hasPrefix("[") {
                    return .array(raw.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) })
                }
            case "object":
                expected.append("a JSON object")
                if let parsed = try? JSONParser.parse(raw), case .object = parsed { return parsed }
            default:
                if let parsed = try? JSONParser.parse(raw) { return parsed }
            }
        }
        let shown = raw.count > 40 ? String(raw.prefix(40)) + "…" : raw
        throw Failure(message: "argument '\(key)' must be \(expected.joined(separator: " or ")), got '\(shown)'")
    }

    /// The JSON Schema `type` as a list (a single string, an array of strings, or inferred from enum/const).
    static func schemaTypes(_ schema: JSONValue?) -> [String] {
        guard let schema else { return [] }
        if let t = schema["type"]?.stringValue { return [t] }
        if let ts = schema["type"]?.arrayValue { return ts.compactMap(\.stringValue) }
        for key in ["anyOf", "oneOf"] {
            if let options = schema[key]?.arrayValue {
                var types: [String] = []
                for option in options { types.append(contentsOf: schemaTypes(option)) }
                return types
            }
        }
        if let values = schema["enum"]?.arrayValue, let first = values.first {
            return first.stringValue != nil ? ["string"] : [first.typeName == "boolean" ? "boolean" : first.typeName]
        }
        return []
    }
}
