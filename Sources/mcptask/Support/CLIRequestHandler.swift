import Foundation
import MCPTaskCore
import MCPTaskTerminal
import Synchronization

/// Answers what the server asks of us while a command runs: elicitations through the policy of the command
/// (presets, prompts, or declining), `ping`, and -32601 for everything else.
final class CLIRequestHandler: ServerRequestHandler {
    private let console: Console
    private let policy: ElicitationPolicy
    private let openURLs: Bool
    private struct State {
        var serverName = "the server"
        var prompter: ElicitationPrompter?
        /// URL elicitations accepted and not yet reported complete.
        var pendingURLs: [String: String] = [:]
    }
    private let state: Mutex<State>

    /// - Parameter prompter: the prompter to ask with (`mcptask shell` passes one sharing its terminal); by
    ///   default one is made when the first question needs it.
    init(console: Console, policy: ElicitationPolicy, openURLs: Bool = false, prompter: ElicitationPrompter? = nil) {
        self.console = console
        self.policy = policy
        self.openURLs = openURLs
        self.state = Mutex(State(prompter: prompter))
    }

    /// The capabilities that match what this handler really does.
    static let clientCapabilities: JSONObject = ["elicitation": ["form": .object([:]), "url": .object([:])]]

    func connected(to server: ServerDescription) {
        state.withLock { $0.serverName = server.name }
    }

    func handle(method: String, params: JSONValue?, session: JSONRPCSession) async throws(RPCError) -> JSONValue {
        switch method {
        case "ping":
            return .object([:])
        case "elicitation/create":
            let request: ElicitationRequest
            do {
                request = try ElicitationRequest(params: params)
            } catch {
                console.err("mcptask: the server sent an elicitation mcptask cannot show: \(TerminalSanitizer.sanitize(error.description, singleLine: true))")
                throw RPCError(code: RPCError.invalidParams, message: error.description)
            }
            return await answer(request).json
        default:
            throw RPCError(code: RPCError.methodNotFound, message: "Method not found: \(method)")
        }
    }

    /// Answers one question (also the input handler of 2026-07-28 multi round-trip requests and tasks).
    func answer(_ request: ElicitationRequest) async -> ElicitationResponse {
        let response: ElicitationResponse
        switch policy.decide(request) {
        case .respond(let r, let note):
            if let note {
                let about = request.relatedTaskId.map { " (task \(TerminalSanitizer.sanitize($0, singleLine: true)))" } ?? ""
                console.err("mcptask: the server asked\(about): \"\(TerminalSanitizer.sanitize(request.message, singleLine: true))\"; \(TerminalSanitizer.sanitize(note, singleLine: true))")
            }
            response = r
        case .prompt:
            guard let prompter = prompter() else {
                console.err("mcptask: cannot open the terminal for a prompt; declined")
                return .decline
            }
            let name = state.withLock { $0.serverName }
            response = await prompter.ask(request, serverName: name, presets: policy.presets)
        }
        if case .url(let url, let id) = request.mode, case .accept = response {
            state.withLock { $0.pendingURLs[id] = url }
        }
        return response
    }

    private func prompter() -> ElicitationPrompter? {
        state.withLock { s in
            if let p = s.prompter { return p }
            guard let editor = LineEditor() else { return nil }
            let p = ElicitationPrompter(console: console, editor: editor, openURLs: openURLs)
            s.prompter = p
            return p
        }
    }

    /// Reports `notifications/elicitation/complete` for URLs the user accepted; unknown ids are ignored.
    func watchCompletions(_ session: JSONRPCSession) async {
        for await note in await session.notifications() where note.method == "notifications/elicitation/complete" {
            guard let id = note.params?["elicitationId"]?.stringValue,
                  let url = state.withLock({ $0.pendingURLs.removeValue(forKey: id) }) else { continue }
            let host = URL(string: url)?.host ?? url
            console.err("mcptask: the server reports the step at \(TerminalSanitizer.sanitize(host, singleLine: true)) is complete")
        }
    }
}
