/// Answers one elicitation the server asked for (a form to fill in or a URL to visit). On MCP 2026-07-28 these
/// arrive inside `inputRequests` (multi round-trip requests and tasks), not as server→client requests.
public typealias InputHandler = @Sendable (ElicitationRequest) async -> ElicitationResponse

/// The `resultType` discriminator of MCP 2026-07-28 results (spec 2026-07-28 `basic/index`, "ResultType";
/// `"task"` comes from the tasks extension, SEP-2663 "Polymorphic Results").
public enum ResultType: Sendable, Hashable, CustomStringConvertible {
    case complete
    case inputRequired
    case task
    case other(String)

    /// Reads `result.resultType`; an absent one means `complete` (results of earlier protocol versions).
    public init(of result: JSONValue) {
        switch result["resultType"]?.stringValue {
        case nil, "complete": self = .complete
        case "input_required": self = .inputRequired
        case "task": self = .task
        case let other?: self = .other(other)
        }
    }

    public var wire: String {
        switch self {
        case .complete: return "complete"
        case .inputRequired: return "input_required"
        case .task: return "task"
        case .other(let s): return s
        }
    }

    public var description: String { wire }
}

/// One entry of an `inputRequests` map (spec 2026-07-28 `basic/patterns/mrtr`, "InputRequests"): a request the
/// server would once have sent itself (`elicitation/create`, `sampling/createMessage`, `roots/list`), under a
/// server-assigned key that the answer goes back under.
public struct InputRequest: Sendable, Equatable {
    public var key: String
    public var method: String
    public var params: JSONValue?

    public init(key: String, method: String, params: JSONValue?) {
        self.key = key
        self.method = method
        self.params = params
    }

    /// Parses an `inputRequests` object, keeping the server's order. A value without a `method` is a protocol
    /// violation.
    public static func parseMap(_ json: JSONValue?) throws(MCPError) -> [InputRequest] {
        guard let json, !json.isNull else { return [] }
        guard let object = json.objectValue else {
            throw .protocolViolation("inputRequests is not an object but \(json.typeName)")
        }
        var requests: [InputRequest] = []
        requests.reserveCapacity(object.count)
        for (key, value) in object {
            guard let method = value["method"]?.stringValue else {
                throw .protocolViolation("input request '\(key.prefix(80))' has no method")
            }
            requests.append(InputRequest(key: key, method: method, params: value["params"]))
        }
        return requests
    }

    /// The elicitation this request asks for, ready for the prompts.
    ///
    /// The 2026-07-28 URL mode has no `elicitationId` (there is no `notifications/elicitation/complete` to
    /// correlate); the key stands in for it. Anything but `elicitation/create` is refused: mcptask declares only
    /// the `elicitation` client capability, so a server must not ask for sampling or roots.
    public func elicitation(relatedTaskId: String? = nil) throws(MCPError) -> ElicitationRequest {
        guard method == "elicitation/create" else {
            throw .unsupported("the server asked for \(method) (input '\(key.prefix(80))'), which mcptask does not offer; it only answers elicitations")
        }
        var params = params?.objectValue ?? JSONObject()
        if params["mode"]?.stringValue == "url", params["elicitationId"] == nil {
            params["elicitationId"] = .string(key)
        }
        do {
            var request = try ElicitationRequest(params: .object(params))
            if let relatedTaskId { request.relatedTaskId = relatedTaskId }
            return request
        } catch {
            throw .protocolViolation("the server's input request '\(key.prefix(80))' is not a valid elicitation: \(error.description)")
        }
    }

    /// Asks `handler` for every request in order and returns the `inputResponses` object.
    public static func answer(_ requests: [InputRequest], relatedTaskId: String? = nil,
                              with handler: InputHandler) async throws(MCPError) -> JSONObject {
        // Parse everything first: a bad entry fails before the user is asked anything.
        var parsed: [(key: String, request: ElicitationRequest)] = []
        for request in requests {
            parsed.append((request.key, try request.elicitation(relatedTaskId: relatedTaskId)))
        }
        var responses = JSONObject()
        for (key, request) in parsed {
            responses[key] = await handler(request).json
        }
        return responses
    }
}

/// An `InputRequiredResult` (spec 2026-07-28 `basic/patterns/mrtr`): what the server needs before it can answer.
public struct InputRequired: Sendable, Equatable {
    public var requests: [InputRequest]
    /// Opaque; echoed back verbatim, never inspected.
    public var requestState: String?

    public init(requests: [InputRequest], requestState: String?) {
        self.requests = requests
        self.requestState = requestState
    }

    public init(result: JSONValue) throws(MCPError) {
        requests = try InputRequest.parseMap(result["inputRequests"])
        switch result["requestState"] {
        case nil, .null?: requestState = nil
        case .string(let s)?: requestState = s
        case let other?: throw .protocolViolation("requestState is not a string but \(other.typeName)")
        }
        if requests.isEmpty, requestState == nil {
            throw .protocolViolation("an input_required result with neither inputRequests nor requestState")
        }
    }
}

/// The client side of one multi round-trip request, as a value (spec 2026-07-28 `basic/patterns/mrtr`, "Client
/// Requirements"): feed it each result; it says whether the request is done or which input the retry needs,
/// and builds the retry's parameters (the original ones plus `inputResponses` and the echoed `requestState`).
///
/// Rounds are bounded: a server that keeps asking past ``maxRounds`` ends the request with a clear error.
public struct MultiRoundTrip: Sendable {
    public static let defaultMaxRounds = 16

    public let method: String
    public let originalParams: JSONObject
    public let maxRounds: Int
    /// How many `input_required` results were answered so far.
    public private(set) var rounds = 0
    private var pending: InputRequired?

    public enum Step: Sendable, Equatable {
        /// The final result (`complete`, or `task` from the tasks extension).
        case done(JSONValue)
        /// Answer these, then send ``MultiRoundTrip/retryParams(responses:)``.
        case needsInput(InputRequired)
    }

    public init(method: String, params: JSONObject, maxRounds: Int = MultiRoundTrip.defaultMaxRounds) {
        self.method = method
        var params = params
        params["inputResponses"] = nil
        params["requestState"] = nil
        self.originalParams = params
        self.maxRounds = max(1, maxRounds)
    }

    /// Classifies one result of the request.
    public mutating func next(after result: JSONValue) throws(MCPError) -> Step {
        guard ResultType(of: result) == .inputRequired else { return .done(result) }
        rounds += 1
        if rounds > maxRounds {
            throw .protocolViolation("the server still asked for input after \(maxRounds) rounds of \(method); gave up (a server should need far fewer)")
        }
        let input = try InputRequired(result: result)
        pending = input
        return .needsInput(input)
    }

    /// The parameters of the retry: the original ones, the answers (if any were asked for) and the state echoed
    /// exactly (omitted when the server sent none).
    public func retryParams(responses: JSONObject) -> JSONObject {
        var params = originalParams
        if !(pending?.requests.isEmpty ?? true) { params["inputResponses"] = .object(responses) }
        if let state = pending?.requestState { params["requestState"] = .string(state) }
        return params
    }

    /// How long to wait before retrying a round that asked for nothing (only `requestState`): the server is
    /// checkpointing, so back off a little instead of spinning (50 ms, doubling, at most 2 s).
    public var stateOnlyDelay: Duration {
        .milliseconds(min(2000, 50 << min(rounds, 6)))
    }
}
