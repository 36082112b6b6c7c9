import Foundation
import Testing
@testable import MCPTaskCore

@Suite("Multi round-trip requests: input requests and the round loop as values")
struct ExtensionInputTests {
    static let form: JSONValue = ["mode": "form", "message": "Name?",
                                  "requestedSchema": ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]]]

    @Test("a form input request becomes an ElicitationRequest tied to its task")
    func formRequest() throws {
        let request = try InputRequest(key: "k", method: "elicitation/create", params: Self.form).elicitation(relatedTaskId: "t-1")
        #expect(request.message == "Name?")
        #expect(request.relatedTaskId == "t-1")
        guard case .form(let schema) = request.mode else { Issue.record("\(request.mode)"); return }
        #expect(schema.fields.map(\.name) == ["name"])
    }

    @Test("a 2026 URL request has no elicitationId: the key stands in")
    func urlRequest() throws {
        let params: JSONValue = ["mode": "url", "message": "Authorise", "url": "https://example.com/a"]
        let request = try InputRequest(key: "Ai8:0a0a", method: "elicitation/create", params: params).elicitation()
        #expect(request.mode == .url(url: "https://example.com/a", elicitationId: "Ai8:0a0a"))
        let withId: JSONValue = ["mode": "url", "message": "m", "url": "https://e/x", "elicitationId": "own"]
        #expect(try InputRequest(key: "k", method: "elicitation/create", params: withId).elicitation().mode == .url(url: "https://e/x", elicitationId: "own"))
    }

    @Test("sampling and roots are refused (mcptask does not declare them)", arguments: ["sampling/createMessage", "roots/list"])
    func unsupportedMethods(method: String) {
        let error = #expect(throws: MCPError.self) { try InputRequest(key: "k", method: method, params: [:]).elicitation() }
        if case .unsupported(let message)? = error { #expect(message.contains(method)) } else { Issue.record("\(String(describing: error))") }
    }

    @Test("an invalid elicitation is a protocol violation naming the key")
    func invalidElicitation() {
        let error = #expect(throws: MCPError.self) {
            try InputRequest(key: "bad-key", method: "elicitation/create", params: ["mode": "form", "message": "m"]).elicitation()
        }
        if case .protocolViolation(let message)? = error { #expect(message.contains("bad-key")) } else { Issue.record("\(String(describing: error))") }
    }

    @Test("answer asks the handler for each request in order and keys the responses")
    func answerAll() async throws {
        let asked = Recorder<String>()
        let requests = [InputRequest(key: "b", method: "elicitation/create", params: Self.form),
                        InputRequest(key: "a", method: "elicitation/create", params: ["mode": "url", "message": "go", "url": "https://e"])]
        let responses = try await InputRequest.answer(requests, relatedTaskId: "t") { request in
            asked.append(request.message)
            if case .url = request.mode { return .decline }
            return .accept(["name": "Luca"])
        }
        #expect(asked.items == ["Name?", "go"])
        #expect(JSONValue.object(responses).serialized() == #"{"b":{"action":"accept","content":{"name":"Luca"}},"a":{"action":"decline"}}"#)
    }

    @Test("a bad entry fails before anyone is asked")
    func answerValidatesFirst() async {
        let asked = Recorder<String>()
        let requests = [InputRequest(key: "ok", method: "elicitation/create", params: Self.form),
                        InputRequest(key: "no", method: "sampling/createMessage", params: [:])]
        await #expect(throws: MCPError.self) {
            _ = try await InputRequest.answer(requests) { asked.append($0.message); return .decline }
        }
        #expect(asked.items.isEmpty)
    }

    @Test("a complete, absent or task resultType ends the exchange", arguments: [
        ["content": []], ["resultType": "complete"], ["resultType": "task", "taskId": "t"],
    ] as [JSONValue])
    func done(result: JSONValue) throws {
        var exchange = MultiRoundTrip(method: "tools/call", params: ["name": "x"])
        #expect(try exchange.next(after: result) == .done(result))
        #expect(exchange.rounds == 0)
    }

    @Test("input_required: the retry carries the original params, inputResponses and the exact requestState")
    func retry() throws {
        var exchange = MultiRoundTrip(method: "tools/call", params: ["name": "x", "arguments": ["a": 1]])
        let step = try exchange.next(after: ["resultType": "input_required", "requestState": "opaque==",
                                             "inputRequests": ["k": ["method": "elicitation/create", "params": Self.form]]])
        guard case .needsInput(let input) = step else { Issue.record("\(step)"); return }
        #expect(input.requests.map(\.key) == ["k"])
        #expect(input.requestState == "opaque==")
        let params = exchange.retryParams(responses: ["k": ["action": "accept", "content": ["name": "n"]]])
        #expect(JSONValue.object(params).serialized() == #"{"name":"x","arguments":{"a":1},"inputResponses":{"k":{"action":"accept","content":{"name":"n"}}},"requestState":"opaque=="}"#)
    }

    @Test("no requestState from the server: none in the retry; a stale one in the original params is dropped")
    func noState() throws {
        var exchange = MultiRoundTrip(method: "tools/call", params: ["name": "x", "requestState": "stale", "inputResponses": [:]])
        _ = try exchange.next(after: ["resultType": "input_required", "inputRequests": ["k": ["method": "elicitation/create", "params": Self.form]]])
        let params = exchange.retryParams(responses: ["k": ["action": "decline"]])
        #expect(params["requestState"] == nil)
        #expect(params["inputResponses"] == ["k": ["action": "decline"]])
    }

    @Test("a state-only round retries with the state and no inputResponses, after a short back-off")
    func stateOnly() throws {
        var exchange = MultiRoundTrip(method: "tools/call", params: ["name": "x"])
        _ = try exchange.next(after: ["resultType": "input_required", "requestState": "s1"])
        let params = exchange.retryParams(responses: [:])
        #expect(params["inputResponses"] == nil)
        #expect(params["requestState"] == "s1")
        #expect(exchange.stateOnlyDelay >= .milliseconds(50))
        #expect(exchange.stateOnlyDelay <= .seconds(2))
    }

    @Test("an input_required result with neither field is a protocol violation")
    func emptyInputRequired() {
        var exchange = MultiRoundTrip(method: "tools/call", params: [:])
        #expect(throws: MCPError.self) { try exchange.next(after: ["resultType": "input_required"]) }
    }

    @Test("rounds are bounded, with a clear error past the bound", arguments: [1, 3, 16])
    func bound(max: Int) throws {
        var exchange = MultiRoundTrip(method: "tools/call", params: [:], maxRounds: max)
        let ask: JSONValue = ["resultType": "input_required", "requestState": "again"]
        for _ in 0..<max { _ = try exchange.next(after: ask) }
        let error = #expect(throws: MCPError.self) { try exchange.next(after: ask) }
        if case .protocolViolation(let message)? = error {
            #expect(message.contains("after \(max) rounds"))
            #expect(message.contains("tools/call"))
        } else {
            Issue.record("\(String(describing: error))")
        }
    }
}

/// Collects values from concurrent closures.
final class Recorder<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T] = []

    func append(_ value: T) {
        lock.lock()
        storage.append(value)
        lock.unlock()
    }

    var items: [T] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
