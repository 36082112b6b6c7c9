/// The restricted JSON Schema of a form elicitation: a flat object of primitive fields, kept in the order
/// the server wrote them (which is the order they are asked in).
public struct FormSchema: Sendable, Equatable {
    public var fields: [FormField]

    public init(fields: [FormField]) { self.fields = fields }

    public init(json: JSONValue) throws(ElicitationError) {
        guard json["type"]?.stringValue ?? "object" == "object" else {
            throw .invalidSchema("the top-level type must be object")
        }
        let required = Set((json["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        var fields: [FormField] = []
        for (name, property) in json["properties"]?.objectValue ?? [:] {
            fields.append(try FormField(name: name, schema: property, required: required.contains(name)))
        }
        self.fields = fields
    }

    /// The field called `name`.
    public func field(_ name: String) -> FormField? { fields.first { $0.name == name } }
}

/// One choice of an enum field: its value and what to show.
public struct EnumOption: Sendable, Equatable {
    public var value: String
    public var title: String
    public init(value: String, title: String? = nil) {
        self.value = value
        self.title = title ?? value
    }
}

/// One field of a form.
public struct FormField: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case string(minLength: Int?, maxLength: Int?, pattern: String?, format: String?)
        case number(integer: Bool, minimum: Double?, maximum: Double?)
        case boolean
        case singleSelect([EnumOption])
        case multiSelect([EnumOption], minItems: Int?, maxItems: Int?)
    }

    public var name: String
    public var title: String?
    public var description: String?
    public var required: Bool
    public var kind: Kind
    public var defaultValue: JSONValue?

    public init(name: String, title: String? = nil, description: String? = nil, required: Bool, kind: Kind,
                defaultValue: JSONValue? = nil) {
        self.name = name
        self.title = title
        self.description = description
        self.required = required
        self.kind = kind
        self.defaultValue = defaultValue
    }

    /// What to call the field when asking: its title, else its name.
    public var label: String { title ?? name }

    init(name: String, schema: JSONValue, required: Bool) throws(ElicitationError) {
        self.name = name
        self.title = schema["title"]?.stringValue
        self.description = schema["description"]?.stringValue
        self.required = required
        self.defaultValue = schema["default"]
        let type = schema["type"]?.stringValue
        switch type {
        case "string", nil:
            if let oneOf = schema["oneOf"]?.arrayValue ?? schema["anyOf"]?.arrayValue {
                kind = .singleSelect(try Self.titledOptions(oneOf, field: name))
            } else if let values = schema["enum"]?.arrayValue {
                let strings = values.compactMap(\.stringValue)
                guard strings.count == values.count, !strings.isEmpty else { throw .invalidSchema("field '\(name)': enum values must be strings") }
                let names = schema["enumNames"]?.arrayValue?.compactMap(\.stringValue)
                kind = .singleSelect(strings.enumerated().map { i, v in
                    EnumOption(value: v, title: names.flatMap { i < $0.count ? $0[i] : nil })
                })
            } else if type == nil {
                throw .invalidSchema("field '\(name)' has no type")
            } else {
                kind = .string(minLength: schema["minLength"]?.intValue, maxLength: schema["maxLength"]?.intValue,
                               pattern: schema["pattern"]?.stringValue, format: schema["format"]?.stringValue)
            }
        case "number", "integer":
            kind = .number(integer: type == "integer", minimum: schema["minimum"]?.doubleValue,
                           maximum: schema["maximum"]?.doubleValue)
        case "boolean":
            kind = .boolean
        case "array":
            let items = schema["items"]
            let options: [EnumOption]
            if let anyOf = items?["anyOf"]?.arrayValue ?? items?["oneOf"]?.arrayValue {
                options = try Self.titledOptions(anyOf, field: name)
            } else if let raw = items?["enum"]?.arrayValue {
                let values = raw.compactMap(\.stringValue)
                guard values.count == raw.count, !values.isEmpty else {
                    throw .invalidSchema("field '\(name)': enum values must be strings")
                }
                options = values.map { EnumOption(value: $0) }
            } else {
                throw .invalidSchema("field '\(name)': arrays must list their choices (items.enum or items.anyOf)")
            }
            kind = .multiSelect(options, minItems: schema["minItems"]?.intValue, maxItems: schema["maxItems"]?.intValue)
        case let other?:
            throw .invalidSchema("field '\(name)' has type '\(other)', which forms do not allow")
        }
    }

    private static func titledOptions(_ items: [JSONValue], field: String) throws(ElicitationError) -> [EnumOption] {
        var options: [EnumOption] = []
        for item in items {
            guard let value = item["const"]?.stringValue else {
                throw .invalidSchema("field '\(field)': every option needs a string const")
            }
            options.append(EnumOption(value: value, title: item["title"]?.stringValue))
        }
        guard !options.isEmpty else { throw .invalidSchema("field '\(field)' offers no options") }
        return options
    }
}
