/// Answers given before any question is asked: `--answer KEY=VALUE` (typed text, read like an answer at the
/// prompt) and `--answers FILE` (a JSON object of values). They apply to every form of the command; keys a
/// form does not have are ignored.
public struct PresetAnswers: Sendable, Equatable {
    public var typed: [(key: String, text: String)]
    public var values: JSONObject

    public init(typed: [(key: String, text: String)] = [], values: JSONObject = [:]) {
        self.typed = typed
        self.values = values
    }

    public static func == (lhs: PresetAnswers, rhs: PresetAnswers) -> Bool {
        lhs.typed.map(\.key) == rhs.typed.map(\.key) && lhs.typed.map(\.text) == rhs.typed.map(\.text)
            && lhs.values == rhs.values
    }

    public var isEmpty: Bool { typed.isEmpty && values.isEmpty }

    /// What the presets say for `schema`: valid values by field name, and the problems of invalid ones.
    /// `--answer` wins over `--answers` for the same key.
    public func apply(to schema: FormSchema) -> (values: [String: JSONValue], problems: [String]) {
        var result: [String: JSONValue] = [:]
        var problems: [String] = []
        for field in schema.fields {
            if let typedText = typed.last(where: { $0.key == field.name })?.text {
                switch field.parse(typedText) {
                case .success(let v): result[field.name] = v
                case .failure(let e): problems.append("\(field.name): \(e.message)")
                }
            } else if let value = values[field.name] {
                var outcome = field.validate(value)
                // A JSON string for a non-string field is read like typed text ("3", "yes").
                if case .failure = outcome, case .string(let s) = value { outcome = field.parse(s) }
                switch outcome {
                case .success(let v): result[field.name] = v
                case .failure(let e): problems.append("\(field.name): \(e.message)")
                }
            }
        }
        return (result, problems)
    }
}

/// The non-interactive reading of a form: presets plus defaults, and what is still missing.
public struct FormResolution: Sendable, Equatable {
    /// Every value known without asking (presets, then valid defaults).
    public var content: JSONObject
    /// Required fields with no value.
    public var missing: [String]
    /// Presets that did not fit their field.
    public var problems: [String]

    /// Whether the form can be sent as `accept` without asking anything.
    public var isComplete: Bool { missing.isEmpty && problems.isEmpty }

    public init(schema: FormSchema, presets: PresetAnswers) {
        let (given, problems) = presets.apply(to: schema)
        var content = JSONObject()
        var missing: [String] = []
        for field in schema.fields {
            if let value = given[field.name] {
                content[field.name] = value
            } else if let value = field.defaultValue, case .success = field.validate(value) {
                content[field.name] = value
            } else if field.required, !problems.contains(where: { $0.hasPrefix(field.name + ": ") }) {
                missing.append(field.name)
            }
        }
        self.content = content
        self.missing = missing
        self.problems = problems
    }
}
