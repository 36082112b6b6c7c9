/// How a command answers elicitations, set by its flags: `--decline-all`, `--answer`/`--answers`,
/// `--no-input` (or no terminal to ask at).
public struct ElicitationPolicy: Sendable, Equatable {
    public var declineAll: Bool
    public var presets: PresetAnswers
    /// Whether a person can be asked (stdin and stderr are terminals and `--no-input` was not given).
    public var canPrompt: Bool

    public init(declineAll: Bool = false, presets: PresetAnswers = PresetAnswers(), canPrompt: Bool) {
        self.declineAll = declineAll
        self.presets = presets
        self.canPrompt = canPrompt
    }

    /// What to do with one request.
    public enum Decision: Sendable, Equatable {
        /// Answer at once, without asking.
        case respond(ElicitationResponse, note: String?)
        /// Ask the person (a form with the presets filled in, or a URL consent).
        case prompt
    }

    public func decide(_ request: ElicitationRequest) -> Decision {
        if declineAll { return .respond(.decline, note: "declined (--decline-all)") }
        switch request.mode {
        case .form(let schema):
            let resolution = FormResolution(schema: schema, presets: presets)
            let presetsApply = schema.fields.contains { field in
                presets.values[field.name] != nil || presets.typed.contains { $0.key == field.name }
            }
            if resolution.isComplete, presetsApply || schema.fields.isEmpty || !canPrompt {
                // Everything required is known: send without asking.
                return .respond(.accept(resolution.content), note: nil)
            }
            if canPrompt { return .prompt }
            var reasons: [String] = []
            if !resolution.missing.isEmpty { reasons.append("missing \(resolution.missing.joined(separator: ", "))") }
            reasons.append(contentsOf: resolution.problems)
            return .respond(.decline, note: "declined: no answers for a form that cannot be asked here (\(reasons.joined(separator: "; "))); give them with --answer KEY=VALUE or --answers FILE")
        case .url:
            if canPrompt { return .prompt }
            return .respond(.decline, note: "declined: a URL elicitation needs a person to consent (no terminal, or --no-input)")
        }
    }
}
