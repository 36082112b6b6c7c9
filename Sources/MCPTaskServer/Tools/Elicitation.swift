import MCPTaskCore

/// The client's answer to a form elicitation (spec `client/elicitation`).
public struct ElicitationAnswer: Sendable, Equatable {
    public enum Action: String, Sendable {
        case accept, decline, cancel
    }

    public var action: Action
    /// The submitted values (only for `accept`).
    public var content: JSONObject

    public init(action: Action, content: JSONObject = [:]) {
        self.action = action
        self.content = content
    }

    /// Reads an `ElicitResult`; nil when it is not one.
    public init?(json: JSONValue) {
        guard let action = json["action"]?.stringValue.flatMap(Action.init(rawValue:)) else { return nil }
        self.action = action
        self.content = json["content"]?.objectValue ?? [:]
    }
}

extension ToolContext {
    /// Whether the client said it can answer form elicitations (`capabilities.elicitation`, where an empty
    /// object means form mode).
    public var canElicitForm: Bool {
        guard let elicitation = clientCapabilities["elicitation"]?.objectValue else { return false }
        return elicitation.isEmpty || elicitation["form"] != nil
    }

    /// Asks the user through the client with a form (`elicitation/create`, mode `form`).
    ///
    /// Throws -32603 with a plain explanation when the client cannot answer questions at all, and -32603 when
    /// the answer is not an `ElicitResult`.
    public func elicit(message: String, requestedSchema: JSONValue, statusMessage: String? = nil) async throws -> ElicitationAnswer {
        guard canElicitForm else {
            throw RPCError(code: RPCError.internalError,
                           message: "the client cannot answer questions: it did not declare the elicitation capability (form mode) in initialize")
        }
        let result = try await request("elicitation/create",
                                       params: ["mode": "form", "message": .string(message), "requestedSchema": requestedSchema],
                                       statusMessage: statusMessage)
        guard let answer = ElicitationAnswer(json: result) else {
            throw RPCError(code: RPCError.internalError, message: "the client's answer to elicitation/create is not an ElicitResult")
        }
        return answer
    }
}
