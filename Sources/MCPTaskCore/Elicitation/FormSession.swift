/// The interactive reading of a form as a state machine: one prompt per field in schema order, then a review
/// (`[s]end / [e]dit / [d]ecline / [c]ancel`). It does no I/O: a prompter shows ``prompt`` and feeds each
/// line (or end-of-input, or an interrupt) to ``handle(_:)`` until ``prompt`` is `.finished`.
///
/// Nothing invalid is ever sent: a value that does not fit is explained in ``lastError`` and asked again.
public struct FormSession: Sendable {
    /// What to ask next.
    public enum Prompt: Sendable, Equatable {
        /// Ask for a field; `current` is what an empty line keeps (a preset, an earlier answer or the default).
        case field(FormField, index: Int, current: String?)
        /// Show every value and ask what to do.
        case review
        case finished(ElicitationResponse)
    }

    /// What the person did.
    public enum Input: Sendable, Equatable {
        case line(String)
        /// Ctrl-D: decline.
        case endOfInput
        /// Ctrl-C: cancel the elicitation (the command goes on).
        case interrupt
    }

    public let schema: FormSchema
    public private(set) var values: [String: JSONValue]
    public private(set) var prompt: Prompt
    /// Why the last line was not taken, for the prompter to show before asking again.
    public private(set) var lastError: String?
    /// Fields asked in this pass (all fields after "edit"; the unanswered ones at first).
    private var queue: [Int]
    private var position = 0

    /// Starts with the presets' values; only fields they leave open are asked before the review.
    public init(schema: FormSchema, presets: PresetAnswers = PresetAnswers()) {
        self.schema = schema
        let (given, _) = presets.apply(to: schema)
        self.values = given
        self.queue = schema.fields.indices.filter { given[schema.fields[$0].name] == nil }
        self.prompt = .review
        self.prompt = nextFieldPrompt()
    }

    /// The values in schema order, for the review.
    public var review: [(field: FormField, value: JSONValue?)] {
        schema.fields.map { ($0, values[$0.name]) }
    }

    public mutating func handle(_ input: Input) {
        // A finished form is final: nothing can turn a sent answer into another.
        if case .finished = prompt { return }
        lastError = nil
        switch input {
        case .endOfInput:
            prompt = .finished(.decline)
            return
        case .interrupt:
            prompt = .finished(.cancel)
            return
        case .line(let text):
            switch prompt {
            case .field(let field, _, let current):
                answer(field, text: text, current: current)
            case .review:
                choose(text.trimmingCharacters(in: .whitespaces).lowercased())
            case .finished:
                break
            }
        }
    }

    private mutating func answer(_ field: FormField, text: String, current: String?) {
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            if let current {
                // Keep the shown value (re-parsed so a default goes through validation once more).
                // The value behind what was shown: an earlier answer, else the default itself (never the
                // display text re-read, which would take a digit-valued choice for a choice number).
                if values[field.name] == nil {
                    if let value = field.defaultValue, case .success(let v) = field.validate(value) {
                        values[field.name] = v
                    } else if case .success(let v) = field.parse(current) {
                        values[field.name] = v
                    }
                }
            } else if field.required {
                lastError = "\(field.label) is required"
                return
            } else {
                values[field.name] = nil
            }
        } else {
            switch field.parse(text) {
            case .success(let v): values[field.name] = v
            case .failure(let e):
                lastError = e.message
                return
            }
        }
        position += 1
        prompt = nextFieldPrompt()
    }

    private mutating func choose(_ choice: String) {
        switch choice {
        case "s", "send":
            let missing = schema.fields.filter { $0.required && values[$0.name] == nil }
            if !missing.isEmpty {
                lastError = "still missing: \(missing.map(\.label).joined(separator: ", ")); choose e to edit"
                return
            }
            var content = JSONObject()
            for field in schema.fields { if let v = values[field.name] { content[field.name] = v } }
            prompt = .finished(.accept(content))
        case "e", "edit":
            queue = Array(schema.fields.indices)
            position = 0
            prompt = nextFieldPrompt()
        case "d", "decline":
            prompt = .finished(.decline)
        case "c", "cancel":
            prompt = .finished(.cancel)
        default:
            lastError = "choose s (send), e (edit), d (decline) or c (cancel)"
        }
    }

    private func nextFieldPrompt() -> Prompt {
        guard position < queue.count else { return .review }
        let index = queue[position]
        let field = schema.fields[index]
        let current = values[field.name].flatMap(Self.asInput) ?? field.defaultInput
        return .field(field, index: index, current: current)
    }

    /// A value as the person would type it.
    static func asInput(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "y" : "n"
        case .number(let n): return n.text
        case .array(let items): return items.compactMap(\.stringValue).joined(separator: ",")
        default: return nil
        }
    }
}
